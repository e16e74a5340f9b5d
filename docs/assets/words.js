// What a word is, and what typography is, in the reader's browser: the same rules as
// scripts/edition/words.py (tests/test_words.py runs both over tests/fixtures/words.json).
//   fold(text): every single quotation mark and apostrophe to ', every double one to ", every dash
//               and the minus sign to -; then NFKC.
//   words(text): runs of letters, digits and underscores, an apostrophe inside a word kept, after
//               folding.
(function () {
  "use strict";
  var SINGLE = /['\u2018\u2019\u201a\u201b\u2032`\u00b4]/g;
  var DOUBLE = /["\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
  var DASH = /[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
  var WORD = /[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*/gu;
  // The same words found in text as printed (an apostrophe in any of its forms), for marking them
  // where they stand; each match folds to a word of words().
  var PRINTED_WORD = /[\p{L}\p{N}_][\p{L}\p{N}_\p{M}]*(?:['\u2018\u2019\u201a\u201b\u2032`\u00b4][\p{L}\p{N}_][\p{L}\p{N}_\p{M}]*)*/gu;

  function marks(text) { return text.replace(SINGLE, "'").replace(DOUBLE, "\"").replace(DASH, "-"); }

  // The marks first: NFKC alone would make an acute accent a space and a combining accent.
  function fold(text) { return marks(marks(text).normalize("NFKC")); }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  window.EditionWords = { fold: fold, words: words, PRINTED_WORD: PRINTED_WORD };
})();

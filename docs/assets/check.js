// Check a quotation (check/): find the clause or clauses a reader's words come from, in the
// browser, from the site's published data (api/v1/clauses.json and editions.json), and show the
// edition's words with the differences marked as the comparison pages mark them.
//
// Finding: the pasted words and every clause are reduced to word keys (lower case, one form of
// quotation marks, dashes and apostrophes, no punctuation at the ends) and compared by the pairs of
// neighbouring words they share, so typography, a cut-off end, an ellipsis and a changed word cost
// little. A quotation may run across neighbouring clauses. Marking: diff-match-patch (the
// vendored copy, docs/assets/vendor/) over the word keys, one character per word.
(function () {
  "use strict";

  var dmpModule = window.module && window.module.exports;
  delete window.module;  // set by commonjs-shim.js only so that the library could load
  var form = document.getElementById("chk-form");
  if (!form || !dmpModule || !window.EditionData || !window.EditionWords) return;
  var DiffMatchPatch = dmpModule.diff_match_patch, DIFF_DELETE = dmpModule.DIFF_DELETE, DIFF_EQUAL = dmpModule.DIFF_EQUAL;
  var area = document.getElementById("chk-text");
  var status = document.getElementById("chk-status");
  var results = document.getElementById("chk-results");
  var root = form.dataset.root;  // the site's root, relative to this page

  var ELLIPSIS = "\u0001…";  // a key no word has: words left out here
  var MAX_RESULTS = 4;
  var ENOUGH = 0.4;  // share of the pasted word pairs a clause must have to count as found

  // --- words -------------------------------------------------------------------------------

  // Typography as the edition defines it (words.js, the same as the build's words.py).
  function typography(text) { return window.EditionWords.fold(text); }

  // In the reader's words only: an ellipsis ("…", "...", "[...]") stands for words left out.
  function ellipses(text) {
    return text.replace(/\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s*){3}|…/g, " " + ELLIPSIS + " ");
  }

  function key(word) {
    if (word === ELLIPSIS) return word;
    return typography(word).toLowerCase()
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
      .replace(/[-'\s]/g, "");
  }

  // Words as written (shown) with their keys; words that are only punctuation have no key. Both
  // texts are split where the sources allow a break (spaces and line breaks), so that the
  // edition's words are shown again exactly and a no-break space joins words alike on both sides.
  function words(text, pasted) {
    return (pasted ? ellipses(text) : text).split(/[ \t\n\r\f]+/).filter(Boolean).map(function (shown) {
      return { shown: shown, key: key(shown) };
    });
  }

  function keyed(list) { return list.filter(function (w) { return w.key; }); }

  // The pairs of neighbouring words (a clause also indexes its single words, which is what a
  // one-word quotation is looked up by).
  function pairs(keys) {
    var out = [];
    for (var i = 0; i + 1 < keys.length; i++) {
      if (keys[i] !== ELLIPSIS && keys[i + 1] !== ELLIPSIS) out.push(keys[i] + " " + keys[i + 1]);
    }
    if (!out.length) keys.forEach(function (k) { if (k !== ELLIPSIS) out.push(k); });
    return out;
  }

  // --- the published data --------------------------------------------------------------------

  function load() {
    return window.EditionData.load(form.dataset.clauses, form.dataset.editions).then(function (data) {
      var clauses = data.clauses.map(function (clause, index) {
        var list = words(clause.text);
        var keys = keyed(list).map(function (w) { return w.key; });
        return { data: clause, index: index, words: list, pairs: new Set(pairs(keys).concat(keys)), first: keys[0], last: keys[keys.length - 1] };
      });
      var byPair = new Map();
      clauses.forEach(function (clause) {
        clause.pairs.forEach(function (pair) {
          if (!byPair.has(pair)) byPair.set(pair, []);
          byPair.get(pair).push(clause.index);
        });
      });
      var byId = new Map();
      clauses.forEach(function (clause) { byId.set(clause.data.id, clause); });
      return { clauses: clauses, editions: data.editions, byPair: byPair, byId: byId };
    });
  }

  // --- finding -------------------------------------------------------------------------------

  function next(corpus, clause) {
    var after = corpus.clauses[clause.index + 1];
    return after && after.data.edition === clause.data.edition ? after : null;
  }

  function previous(corpus, clause) {
    var before = corpus.clauses[clause.index - 1];
    return before && before.data.edition === clause.data.edition ? before : null;
  }

  // From one clause, the run of neighbouring clauses of its edition that the quotation covers. A
  // neighbour joins when the pasted words run on into it (they hold the pair of words that
  // spans the two clauses) and it holds more of them, or when it holds four pairs or more: a
  // phrase two clauses happen to share is not enough. Its share: the pasted pairs the run holds.
  function grow(corpus, start, wanted) {
    var run = [start], covered = new Set();
    function holds(clause, joined) {
      var gained = [], runsOn = false;
      wanted.forEach(function (pair, i) {
        if (pair === joined) runsOn = true;
        if (!covered.has(i) && (clause.pairs.has(pair) || pair === joined)) gained.push(i);
      });
      return runsOn && gained.length >= 2 || gained.length >= 4 ? gained : [];
    }
    wanted.forEach(function (pair, i) { if (start.pairs.has(pair)) covered.add(i); });
    // A heading the quotation leaves out may stand between two of its clauses.
    function beyondHeading(clause, step) {
      return clause && clause.data.kind === "heading" ? step(corpus, clause) : null;
    }
    var skipped = new Set();
    for (;;) {
      var first = run[0], last = run[run.length - 1];
      var before = previous(corpus, first), after = next(corpus, last);
      var left = before ? holds(before, before.last + " " + first.first) : [];
      var right = after ? holds(after, last.last + " " + after.first) : [];
      var overLeft = !left.length && beyondHeading(before, previous), overRight = !right.length && beyondHeading(after, next);
      if (overLeft) left = holds(overLeft, overLeft.last + " " + first.first);
      if (overRight) right = holds(overRight, last.last + " " + overRight.first);
      if (!left.length && !right.length) break;
      if (right.length >= left.length) {
        if (overRight && right.length) { skipped.add(after.index); run.push(after); after = overRight; }
        run.push(after);
      } else {
        if (overLeft && left.length) { skipped.add(before.index); run.unshift(before); before = overLeft; }
        run.unshift(before);
      }
      (right.length >= left.length ? right : left).forEach(function (i) { covered.add(i); });
    }
    return { clauses: run, share: covered.size / wanted.length, skipped: skipped };
  }

  function find(corpus, text) {
    var pasted = words(text, true);
    var keys = keyed(pasted).map(function (w) { return w.key; });
    var wanted = pairs(keys);
    if (!wanted.length) return { pasted: pasted, found: [] };
    var counts = new Map();
    wanted.forEach(function (pair) {
      (corpus.byPair.get(pair) || []).forEach(function (i) { counts.set(i, (counts.get(i) || 0) + 1); });
    });
    var starts = Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || a - b; }).slice(0, 12);
    var candidates = starts.map(function (i) { return grow(corpus, corpus.clauses[i], wanted); });
    // Best first: the most of the pasted words, in the fewest clauses, of a current edition.
    candidates.sort(function (a, b) {
      return b.share - a.share || a.clauses.length - b.clauses.length || current(corpus, a) - current(corpus, b) ||
        a.clauses[0].index - b.clauses[0].index;
    });
    var best = candidates.length ? candidates[0].share : 0;
    if (best < ENOUGH || best * wanted.length < Math.min(2, wanted.length)) return { pasted: pasted, found: [] };
    // The best, and as good ones elsewhere (the same words in another edition), each clause once.
    var taken = new Set();
    var found = candidates.filter(function (c) {
      if (c.share < best - 0.05 || c.clauses.some(function (x) { return taken.has(x.index); })) return false;
      c.clauses.forEach(function (x) { taken.add(x.index); });
      return true;
    }).slice(0, MAX_RESULTS);
    return { pasted: pasted, found: found };
  }

  // A clause of an edition no later one replaces comes first among equals.
  function current(corpus, candidate) {
    return corpus.editions[candidate.clauses[0].data.edition].superseded_by ? 1 : 0;
  }

  // --- marking -------------------------------------------------------------------------------

  // The differences between the pasted words and the clauses' words, word by word: runs of
  // {op, words, clause} where op is "same", "theirs" (pasted only), "text" (the edition only),
  // or "context" (the edition's words the quotation does not reach, or leaves out with "…").
  function differences(pasted, clauses, skipped) {
    var text = [];
    clauses.forEach(function (clause, n) {
      var left = skipped && skipped.has(clause.index);
      clause.words.forEach(function (w) { text.push({ shown: w.shown, key: w.key, clause: n, left: left }); });
    });
    var codes = new Map();
    function encode(list) {
      return list.filter(function (w) { return w.key; }).map(function (w) {
        if (!codes.has(w.key)) codes.set(w.key, String.fromCharCode(0x100 + codes.size));
        return codes.get(w.key);
      }).join("");
    }
    var dmp = new DiffMatchPatch();
    dmp.Diff_Timeout = 0.5;
    // Word by word, without semantic clean-up: at one character per word it would fold the few
    // shared words of a short quotation into the edit around them.
    var diffs = dmp.diff_main(encode(pasted), encode(text), false);

    var theirs = keyed(pasted), i = 0, j = 0, runs = [];
    function take(op, count, fromText) {
      var list = [];
      for (var k = 0; k < count; k++) {
        if (fromText) {
          // The edition's unkeyed words (a lone dash) travel with the word before them.
          while (j < text.length && !text[j].key) list.push(text[j++]);
          list.push(text[j++]);
        } else {
          list.push(theirs[i++]);
        }
      }
      if (fromText && op !== "theirs") while (j < text.length && !text[j].key) list.push(text[j++]);
      runs.push({ op: op, words: list });
    }
    diffs.forEach(function (d) {
      var n = d[1].length;
      if (d[0] === DIFF_EQUAL) { take("same", n, true); i += n; }  // the reader's same words, passed over
      else if (d[0] === DIFF_DELETE) take("theirs", n, false);
      else take("text", n, true);
    });
    while (j < text.length) runs.push({ op: "text", words: [text[j++]] });

    // Words before the first and after the last shared word are outside the quotation; words
    // the reader replaced with an ellipsis are left out, not changed.
    var firstSame = runs.findIndex(function (r) { return r.op === "same"; });
    var lastSame = runs.length - 1 - runs.slice().reverse().findIndex(function (r) { return r.op === "same"; });
    runs.forEach(function (run, n) {
      var ellipsisOnly = run.op === "theirs" && run.words.every(function (w) { return w.key === ELLIPSIS; });
      if (run.op === "text" && (firstSame < 0 || n < firstSame || n > lastSame)) run.op = "context";
      if (run.op === "text" && run.words.every(function (w) { return w.left; })) run.op = "context";  // a heading left out
      if (ellipsisOnly) {
        run.op = "drop";
        [runs[n - 1], runs[n + 1]].forEach(function (r) { if (r && r.op === "text") r.op = "context"; });
      }
    });
    var owner = 0;
    return runs.filter(function (r) {
      r.words = r.words.filter(function (w) { return w.key !== ELLIPSIS; });
      return r.op !== "drop" && r.words.length;
    }).map(function (r) {
      // Words only the reader has go with the clause of the edition's words before them.
      r.clause = r.op === "theirs" ? owner : (owner = r.words[0].clause);
      return r;
    });
  }

  // The words of an earlier clause against its counterpart's in a later edition: runs of
  // {op: "same" | "ins" (the later text only) | "del" (the earlier only), words}, word by word over
  // the same keys as above (so typography and capitals aside, as the comparison pages do).
  function wording(before, after) {
    var a = keyed(before), b = keyed(after), codes = new Map();
    function encode(list) {
      return list.map(function (w) {
        if (!codes.has(w.key)) codes.set(w.key, String.fromCharCode(0x100 + codes.size));
        return codes.get(w.key);
      }).join("");
    }
    var dmp = new DiffMatchPatch();
    dmp.Diff_Timeout = 0;
    var diffs = dmp.diff_main(encode(a), encode(b), false);
    dmp.diff_cleanupSemantic(diffs);
    var i = 0, j = 0;
    return diffs.map(function (d) {
      var n = d[1].length, run;
      if (d[0] === DIFF_EQUAL) { run = { op: "same", words: b.slice(j, j + n) }; i += n; j += n; }
      else if (d[0] === DIFF_DELETE) { run = { op: "del", words: a.slice(i, i + n) }; i += n; }
      else { run = { op: "ins", words: b.slice(j, j + n) }; j += n; }
      return run;
    });
  }

  // For a clause of an edition a later one supersedes: the current wording of its counterpart,
  // with what differs from the clause marked, so a trainer sees exactly what to change.
  function currentWording(corpus, clause) {
    var out = [];
    (clause.data.later || []).forEach(function (l) {
      var edition = corpus.editions[l.edition];
      var ids = (clause.data.counterparts || {})[l.edition] || [];
      if (edition.superseded_by || !ids.length || l.change === "unchanged") return;
      var counterparts = ids.map(function (id) { return corpus.byId.get(id); }).filter(Boolean);
      var after = [];
      counterparts.forEach(function (c) { after = after.concat(c.words); });
      var box = el("div", "chk-current");
      box.appendChild(el("p", "chk-current-head", "The current wording, " + citations(counterparts) + ", with what differs from " +
        corpus.editions[clause.data.edition].short_name + " marked:"));
      var quote = el("blockquote", "chk-text"), p = el("p");
      wording(clause.words, after).forEach(function (run) {
        var shown = run.words.map(function (w) { return w.shown; }).join(" ");
        if (!shown) return;
        var node = run.op === "same" ? document.createTextNode(shown)
          : run.op === "ins" ? marked("ins", "cmp-ins", "the current text has", shown)
          : marked("del", "cmp-del", corpus.editions[clause.data.edition].short_name + " had", shown);
        if (p.childNodes.length) p.appendChild(document.createTextNode(" "));
        p.appendChild(node);
      });
      quote.appendChild(p);
      box.appendChild(quote);
      var link = el("a", "", "Permanent link: " + counterparts[0].data.citation);
      link.href = address(counterparts[0].data.url);
      var tools = el("p", "chk-links");
      tools.appendChild(link);
      box.appendChild(tools);
      box.appendChild(window.EditionData.attribution(edition, "chk-source editorial"));
      out.push(box);
    });
    return out;
  }

  // --- showing -------------------------------------------------------------------------------

  var el = window.EditionData.el;

  function marked(tag, className, label, text) {
    var node = el(tag, className);
    node.appendChild(el("span", "ed-vh", "[" + label + ": "));
    node.appendChild(document.createTextNode(text));
    node.appendChild(el("span", "ed-vh", "]"));
    return node;
  }

  function address(url) { return root + url; }

  // "A", "A and B", or "A to C" for a quotation across a run of clauses.
  function citations(clauses) {
    var first = clauses[0].data.citation, last = clauses[clauses.length - 1].data.citation;
    return clauses.length === 1 ? first : first + (clauses.length === 2 ? " and " : " to ") + last;
  }

  function show(corpus, outcome, n) {
    var clauses = outcome.clauses;
    var runs = differences(outcome.pasted, clauses, outcome.skipped);
    // A place that differs: a run of the reader's words, the text's, or one in place of the other.
    var changes = runs.filter(function (r, n) {
      var differs = r.op === "theirs" || r.op === "text";
      return differs && !(n && (runs[n - 1].op === "theirs" || runs[n - 1].op === "text"));
    }).length;
    var section = el("section", "chk-match");
    var heading = el("h2", "chk-cite", citations(clauses));
    heading.id = "chk-match-" + n;
    section.setAttribute("aria-labelledby", heading.id);
    section.appendChild(heading);
    section.appendChild(el("p", "chk-verdict", (changes
      ? "The text differs from your words in " + changes + (changes === 1 ? " place" : " places") + ", marked below."
      : "Your words are the text's words (typography, and any words you left out or cut off, aside).") +
      (runs.some(function (r) { return r.op === "context"; }) ? " Words in grey are the clause's, beyond those you quoted." : "")));
    clauses.forEach(function (clause, k) {
      var quote = el("blockquote", "chk-text");
      var p = el("p");
      runs.forEach(function (run) {
        if (run.clause !== k) return;
        var shown = run.words.map(function (w) { return w.shown; }).join(" ");
        var node = run.op === "same" ? document.createTextNode(shown)
          : run.op === "context" ? el("span", "chk-context", shown)
          : run.op === "text" ? marked("ins", "cmp-ins", "the text has", shown)
          : marked("del", "cmp-del", "your words", shown);
        if (p.childNodes.length) p.appendChild(document.createTextNode(" "));
        p.appendChild(node);
      });
      quote.appendChild(p);
      section.appendChild(quote);
      var edition = corpus.editions[clause.data.edition];
      var tools = el("p", "chk-links");
      var link = el("a", "", "Permanent link: " + clause.data.citation);
      link.href = address(clause.data.url);
      tools.appendChild(link);
      tools.appendChild(document.createTextNode(" "));
      var copy = el("button", "ed-copy");
      copy.type = "button";
      copy.dataset.cite = clause.data.citation;
      copy.dataset.ref = edition.reference;
      copy.dataset.href = address(clause.data.url);
      copy.appendChild(el("span", "", "Copy citation"));
      copy.firstChild.setAttribute("aria-hidden", "true");
      copy.appendChild(el("span", "ed-vh", "Copy the citation and link: " + clause.data.citation));
      tools.appendChild(copy);
      // The clause through every edition, and the address that follows it into later ones.
      if (clause.data.history_url) {
        tools.appendChild(document.createTextNode(" "));
        var history = el("a", "", "Changes over time");
        history.href = address(clause.data.history_url);
        tools.appendChild(history);
        tools.appendChild(document.createTextNode(" · "));
        var current = el("a", "", "Current text");
        current.href = address(clause.data.current_url);
        tools.appendChild(current);
      }
      section.appendChild(tools);
      window.EditionData.later(clause.data, corpus.editions, root, "chk-later").forEach(function (line) { section.appendChild(line); });
      if (edition.superseded_by && !(clause.data.later || []).length) {
        section.appendChild(el("p", "chk-later", "This edition is superseded by " + corpus.editions[edition.superseded_by.edition].short_name + "."));
      }
      section.appendChild(window.EditionData.attribution(edition, "chk-source editorial"));
      currentWording(corpus, clause).forEach(function (box) { section.appendChild(box); });
    });
    return { node: section, changes: changes };
  }

  var corpusPromise = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = area.value;
    results.textContent = "";
    if (!text.trim()) {
      status.textContent = "Paste or type the words you want to check first.";
      return;
    }
    status.textContent = "Checking…";
    corpusPromise = corpusPromise || load();
    corpusPromise.then(function (corpus) {
      var started = performance.now();
      var outcome = find(corpus, text);
      if (!outcome.found.length) {
        results.appendChild(el("p", "chk-none", "Nothing in the edition matches these words well. Check the spelling, or try a shorter passage; the search box finds single words and phrases."));
        status.textContent = "No clause matches these words.";
        return;
      }
      var shown = outcome.found.map(function (found, n) {
        return show(corpus, { pasted: outcome.pasted, clauses: found.clauses, skipped: found.skipped }, n + 1);
      });
      var intro = el("p", "chk-count", outcome.found.length === 1 ? "Found in one place:" : "Found in " + outcome.found.length + " places, best first:");
      results.appendChild(intro);
      shown.forEach(function (s) { results.appendChild(s.node); });
      results.dataset.ms = String(Math.round(performance.now() - started));
      var first = shown[0];
      status.textContent = "Found: " + citations(outcome.found[0].clauses) +
        (first.changes ? ", with " + first.changes + (first.changes === 1 ? " difference" : " differences") : ", word for word") +
        (outcome.found.length > 1 ? "; and " + (outcome.found.length - 1) + " more." : ".");
    }, function () {
      corpusPromise = null;
      status.textContent = "The edition's data could not be loaded; try again.";
    });
  });
})();

// The edition's search (search/?q=...&document=...&edition=...&current=1), the same whatever engine
// built the site. Pagefind (pagefind/, written by scripts/edition/search_index.py, which indexes
// words as printed, without stemming) finds the candidates: entries with every word, or words they
// begin; it loads only the parts of the index a query needs. This script ranks them by rules a
// reader can predict, and draws them as text (nothing from the index is ever read as HTML):
//
//   1. a clause that prints the query's words together, in order (the phrase), first;
//   2. then one that prints every word, wherever;
//   3. then the rest (a word missing, or found only as a related form);
//   and among equals: a clause before a page that lists or summarises; a current edition before a
//   superseded one; a citation or heading that has a query word; then Pagefind's own order.
//
// Words in "quotation marks" must stand together; +word must be there; -word must not.
(function () {
  "use strict";

  var form = document.getElementById("srch-form");
  if (!form) return;
  var input = document.getElementById("srch-q");
  var status = document.getElementById("srch-status");
  var list = document.getElementById("srch-results");
  var root = form.dataset.root;
  var CANDIDATES = 50;  // how many of Pagefind's results are loaded and ranked at first
  var MAX_QUOTED = 200; // of a quoted query, every result up to this many (each is checked for the phrase)
  var BATCH = 50;       // how many more each "Show more results" loads, beyond those
  var SHOWN = 20;       // how many are drawn at a time

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["document", "edition"].forEach(function (name) {
    var select = form.elements[name], wanted = params.get(name) || "";
    Array.prototype.forEach.call(select.options, function (option) { if (option.value === wanted) select.value = wanted; });
  });
  form.elements.current.checked = params.get("current") === "1";

  // --- words ---------------------------------------------------------------------------------

  // Words and typography as the edition defines them (words.js, the same as the build's words.py),
  // compared without regard to capitals.
  var WORD = window.EditionWords.PRINTED_WORD;

  function fold(text) { return window.EditionWords.fold(text).toLowerCase(); }

  function words(text) { return window.EditionWords.words(text).map(function (w) { return w.toLowerCase(); }); }

  // The query as a reader means it: phrases ("..."), required (+word), excluded (-word), plain words.
  function parse(query) {
    var parsed = { phrases: [], required: [], excluded: [], plain: [] };
    var rest = query.replace(/[\u201c\u201d\u201e]/g, "\"").replace(/"([^"]*)"?/g, function (_, phrase) {
      var tokens = words(phrase);
      if (tokens.length) parsed.phrases.push(tokens);
      return " ";
    });
    rest.split(/\s+/).forEach(function (part) {
      var sign = part.charAt(0), tokens;
      if (sign === "+" || sign === "-" || sign === "\u2212") {
        tokens = words(part.slice(1));
        (sign === "+" ? parsed.required : parsed.excluded).push.apply(sign === "+" ? parsed.required : parsed.excluded, tokens);
      } else {
        tokens = words(part);
        parsed.plain.push.apply(parsed.plain, tokens);
      }
    });
    parsed.all = parsed.plain.concat(parsed.required);
    parsed.phrases.forEach(function (p) { parsed.all = parsed.all.concat(p); });
    return parsed;
  }

  function contains(tokens, phrase) {
    outer: for (var i = 0; i + phrase.length <= tokens.length; i++) {
      for (var j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
      return true;
    }
    return false;
  }

  // --- finding -------------------------------------------------------------------------------

  function pagefindQuery(parsed) {
    var parts = parsed.phrases.map(function (p) { return "\"" + p.join(" ") + "\""; });
    return parts.concat(parsed.plain, parsed.required).join(" ");
  }

  function filters() {
    var out = {};
    if (form.elements.document.value) out.document = form.elements.document.value;
    if (form.elements.edition.value) out.edition = form.elements.edition.value;
    if (form.elements.current.checked) out.status = "current";
    return out;
  }

  // What a result shows travels as one value, JSON in base64 (search_index.py says why).
  function unpacked(entry) {
    var bytes = Uint8Array.from(atob(entry.meta.data || ""), function (c) { return c.charCodeAt(0); });
    entry.meta = JSON.parse(new TextDecoder("utf-8").decode(bytes) || "{}");
    return entry;
  }

  function rank(entry, parsed, order) {
    var text = words(entry.meta.text || entry.content || ""), title = words(entry.meta.title || "");
    var phrase = parsed.phrases.length ? parsed.phrases.every(function (p) { return contains(text, p); })
      : parsed.plain.length > 1 && contains(text, parsed.plain);
    var every = parsed.all.every(function (w) { return text.indexOf(w) !== -1; });
    var titled = parsed.all.filter(function (w) { return title.indexOf(w) !== -1; }).length;
    return {
      entry: entry,
      keys: [phrase ? 1 : 0, every ? 1 : 0, entry.meta.kind === "clause" ? 1 : 0, entry.meta.status === "superseded" ? 0 : 1, titled, -order],
      every: every,
      phrase: phrase,
      text: text,
    };
  }

  function better(a, b) {
    for (var i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return b.keys[i] - a.keys[i];
    return 0;
  }

  // Candidates, in batches: Pagefind's results in its order (the phrase's matches first, for an
  // unquoted query of several words), each batch's entries loaded and checked against the rules.
  // A quoted query keeps only entries that print its phrases (a citation or a neighbouring word
  // form does not count), so all its results are loaded and counted.
  function finder(pagefind, parsed) {
    var term = pagefindQuery(parsed), options = { filters: filters() };
    var searches = [pagefind.search(term, options)];
    if (!parsed.phrases.length && parsed.plain.length > 1) searches.push(pagefind.search("\"" + parsed.plain.join(" ") + "\" " + parsed.required.join(" "), options));
    return Promise.all(searches).then(function (found) {
      var main = found[0] ? found[0].results : [], seen = new Set(), queue = [];
      var order = new Map(main.map(function (r, i) { return [r.id, i]; }));
      (found[1] ? found[1].results : []).concat(main).forEach(function (result) {
        if (!seen.has(result.id)) { seen.add(result.id); queue.push(result); }
      });
      var quoted = parsed.phrases.length > 0, next = 0;
      function batch(size) {
        var taken = queue.slice(next, next + size);
        next += taken.length;
        return Promise.all(taken.map(function (r) { return r.data(); })).then(function (data) {
          return data.map(unpacked).map(function (entry, i) {
            return rank(entry, parsed, order.has(taken[i].id) ? order.get(taken[i].id) : main.length + next + i);
          }).filter(function (r) {
            return (!quoted || r.phrase) &&
              parsed.excluded.every(function (w) { return r.text.indexOf(w) === -1; }) &&
              parsed.required.every(function (w) { return r.text.indexOf(w) !== -1; });
          }).sort(better);
        });
      }
      return {
        first: function () { return batch(quoted ? MAX_QUOTED : CANDIDATES); },
        more: function () { return batch(BATCH); },
        left: function () { return queue.length - next; },
        total: queue.length,
      };
    });
  }

  // --- drawing -------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = root + href;
    return a;
  }

  // The text with each query word marked (<mark>, built from text nodes); a long text (a page's)
  // shortened around its first marked word.
  function marked(text, parsed) {
    var wanted = new Set(parsed.all), p = el("p", "srch-text"), pieces = [], last = 0, match, first = -1;
    var tokens = [], starts = [];
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      tokens.push(fold(match[0]));
      starts.push(match.index);
      if (wanted.has(fold(match[0]))) {
        if (first < 0) first = match.index;
        pieces.push([text.slice(last, match.index), false], [match[0], true]);
        last = match.index + match[0].length;
      }
    }
    // A long text is shown around its first printing of the phrase, where it has one.
    var phrase = parsed.phrases[0] || (parsed.plain.length > 1 ? parsed.plain : null);
    for (var i = 0; phrase && i + phrase.length <= tokens.length; i++) {
      if (phrase.every(function (w, j) { return tokens[i + j] === w; })) { first = starts[i]; break; }
    }
    pieces.push([text.slice(last), false]);
    var start = 0, end = text.length;
    if (text.length > 400) {
      // Cut at spaces, never inside a word.
      start = Math.max(0, (first < 0 ? 0 : first) - 150);
      start = start === 0 ? 0 : text.indexOf(" ", start) + 1 || 0;
      end = Math.min(text.length, start + 400);
      var space = text.lastIndexOf(" ", end);
      end = end === text.length || space <= start ? end : space;
    }
    var position = 0;
    if (start > 0) p.appendChild(document.createTextNode("… "));
    pieces.forEach(function (piece) {
      var from = Math.max(start, position), to = Math.min(end, position + piece[0].length);
      if (to > from) {
        var part = piece[0].slice(from - position, to - position);
        p.appendChild(piece[1] ? el("mark", "", part) : document.createTextNode(part));
      }
      position += piece[0].length;
    });
    if (end < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function drawn(ranked, parsed) {
    var meta = ranked.entry.meta, item = el("li", "srch-result srch-result--" + (meta.kind || "page"));
    var title = el("p", "srch-title");
    title.appendChild(link(meta.href, meta.title || meta.href));
    item.appendChild(title);
    if (meta.kind === "clause") {
      var where = el("p", "srch-where editorial", meta.document + " · " + meta.edition);
      if (meta.status === "superseded") {
        where.appendChild(document.createTextNode(" "));
        where.appendChild(el("span", "srch-tag", "superseded"));
      }
      item.appendChild(where);
    }
    item.appendChild(marked(meta.text || ranked.entry.content || "", parsed));
    if (meta.status === "superseded") {
      var note = el("p", "srch-now editorial");
      if (meta.current_href) {
        note.appendChild(document.createTextNode("A later edition replaces this one. The current text: "));
        note.appendChild(link(meta.current_href, meta.current_title));
      } else {
        note.appendChild(document.createTextNode("A later edition replaces this one, and does not have this clause."));
      }
      item.appendChild(note);
    }
    return item;
  }

  function show(search, ranked, parsed, query) {
    list.textContent = "";
    if (!ranked.length) {
      status.textContent = "Nothing found for “" + query + "”" + (Object.keys(filters()).length ? " with these limits." : ".");
      return;
    }
    var count = search.left() ? search.total : ranked.length;
    var every = ranked.filter(function (r) { return r.every; }).length;
    status.textContent = count + (count === 1 ? " result" : " results") + " for “" + query + "”" +
      (every < ranked.length ? " (" + every + (search.left() ? " of the first " + ranked.length : "") + " with every word)" : "") + ".";
    var shown = 0;
    function draw(upTo) {
      ranked.slice(shown, upTo).forEach(function (r) { list.appendChild(drawn(r, parsed)); });
      shown = Math.min(upTo, ranked.length);
      if (shown < ranked.length || search.left()) {
        var more = el("li", "srch-more"), button = el("button", "srch-more-button", "Show more results");
        button.type = "button";
        button.addEventListener("click", function () {
          list.removeChild(more);
          if (shown < ranked.length) { draw(shown + SHOWN); return; }
          // Beyond what was ranked: the next of Pagefind's results, ranked among themselves.
          search.more().then(function (next) {
            ranked = ranked.concat(next);
            draw(shown + SHOWN);
          });
        });
        more.appendChild(button);
        list.appendChild(more);
      }
    }
    draw(SHOWN);
  }

  var query = input.value.trim();
  if (!query) {
    input.focus();
    return;
  }
  var parsed = parse(query);
  if (!parsed.all.length) {
    status.textContent = "Type a word to find (a word with a minus before it only leaves clauses out).";
    return;
  }
  status.textContent = "Searching…";
  var started = performance.now();
  import(new URL(form.dataset.index, location.href).href).then(function (pagefind) {
    // A word as typed counts for more than a longer word it begins (develop / development).
    return pagefind.options({ excerptLength: 0, ranking: { termSimilarity: 4.0 } }).then(function () { return finder(pagefind, parsed); });
  }).then(function (search) {
    return search.first().then(function (ranked) { show(search, ranked, parsed, query); });
  }).then(function () {
    list.dataset.ms = String(Math.round(performance.now() - started));
  }, function () {
    status.textContent = "The search index could not be loaded; try again.";
  });
})();

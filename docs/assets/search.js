// The edition's search (search/?q=...&document=...&edition=...&current=1), the same whatever engine
// built the site. Pagefind (pagefind/, written by scripts/edition/search_index.py) finds the
// candidates, loading only the parts of the index a query needs; this script ranks them by rules a
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
  var CANDIDATES = 30;  // how many of Pagefind's results (and of its phrase results) are ranked
  var SHOWN = 20;       // how many are drawn at first

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["document", "edition"].forEach(function (name) {
    var select = form.elements[name], wanted = params.get(name) || "";
    Array.prototype.forEach.call(select.options, function (option) { if (option.value === wanted) select.value = wanted; });
  });
  form.elements.current.checked = params.get("current") === "1";

  // --- words ---------------------------------------------------------------------------------

  var WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  }

  function words(text) { return fold(text).match(WORD) || []; }

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

  function find(pagefind, parsed) {
    var term = pagefindQuery(parsed), options = { filters: filters() };
    var searches = [pagefind.search(term, options)];
    // The phrase of an unquoted query of several words: its matches rank first, wherever Pagefind put them.
    if (!parsed.phrases.length && parsed.plain.length > 1) searches.push(pagefind.search("\"" + parsed.plain.join(" ") + "\" " + parsed.required.join(" "), options));
    return Promise.all(searches).then(function (found) {
      var seen = new Set(), candidates = [];
      found.forEach(function (search) {
        (search ? search.results : []).slice(0, CANDIDATES).forEach(function (result) {
          if (!seen.has(result.id)) { seen.add(result.id); candidates.push(result); }
        });
      });
      var main = found[0] ? found[0].results : [];
      var order = new Map(main.map(function (r, i) { return [r.id, i]; }));
      return Promise.all(candidates.map(function (r) { return r.data(); })).then(function (data) {
        return data.map(unpacked).map(function (entry, i) {
          return rank(entry, parsed, order.has(candidates[i].id) ? order.get(candidates[i].id) : main.length + i);
        }).filter(function (r) {
          return parsed.excluded.every(function (w) { return r.text.indexOf(w) === -1; }) &&
            parsed.required.every(function (w) { return r.text.indexOf(w) !== -1; });
        }).sort(better);
      });
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
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      if (wanted.has(fold(match[0]))) {
        if (first < 0) first = match.index;
        pieces.push([text.slice(last, match.index), false], [match[0], true]);
        last = match.index + match[0].length;
      }
    }
    pieces.push([text.slice(last), false]);
    var start = 0, end = text.length;
    if (text.length > 400) {
      start = Math.max(0, (first < 0 ? 0 : first) - 150);
      end = Math.min(text.length, start + 400);
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
      if (meta.status === "superseded") where.appendChild(el("span", "srch-tag", "superseded"));
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

  function show(ranked, parsed, query) {
    list.textContent = "";
    if (!ranked.length) {
      status.textContent = "Nothing found for “" + query + "”" + (Object.keys(filters()).length ? " with these limits." : ".");
      return;
    }
    var every = ranked.filter(function (r) { return r.every; }).length;
    status.textContent = ranked.length + (ranked.length === 1 ? " result" : " results") + " for “" + query + "”" +
      (every < ranked.length ? " (" + every + " with every word)" : "") + ".";
    ranked.slice(0, SHOWN).forEach(function (r) { list.appendChild(drawn(r, parsed)); });
    if (ranked.length > SHOWN) {
      var more = el("li", "srch-more"), button = el("button", "srch-more-button", "Show " + (ranked.length - SHOWN) + " more");
      button.type = "button";
      button.addEventListener("click", function () {
        list.removeChild(more);
        ranked.slice(SHOWN).forEach(function (r) { list.appendChild(drawn(r, parsed)); });
      });
      more.appendChild(button);
      list.appendChild(more);
    }
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
    return pagefind.options({ excerptLength: 0 }).then(function () { return find(pagefind, parsed); });
  }).then(function (ranked) {
    show(ranked, parsed, query);
    list.dataset.ms = String(Math.round(performance.now() - started));
  }, function () {
    status.textContent = "The search index could not be loaded; try again.";
  });
})();

// The edition's published data as the pages that work in the browser read it (check/, handout/):
// every clause (api/v1/clauses.json) and every edition by id (api/v1/editions.json), and the
// attribution each shows wherever a clause's text appears. Text only ever goes in as text.
(function () {
  "use strict";

  function fetchJson(address) {
    return fetch(address).then(function (response) {
      if (!response.ok) throw new Error(address + ": " + response.status);
      return response.json();
    });
  }

  function load(clausesAddress, editionsAddress) {
    return Promise.all([fetchJson(clausesAddress), fetchJson(editionsAddress)]).then(function (data) {
      var editions = {};
      data[1].documents.forEach(function (doc) {
        doc.editions.forEach(function (edition) { editions[edition.id] = edition; });
      });
      return { clauses: data[0].clauses, editions: editions };
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // "<title>, <issuer>, <date>. Licensed under <licence>." or "... The source states no licence.":
  // the licence sentence is the API's (licence.sentence, the build's one wording), its licence's
  // name made a link.
  function attribution(edition, className) {
    var p = el("p", className), sentence = edition.licence.sentence;
    p.appendChild(el("cite", "", edition.title));
    p.appendChild(document.createTextNode(", " + edition.issuer + ", " + edition.date_text + ". "));
    var at = edition.licence.status === "stated" ? sentence.indexOf(edition.licence.name) : -1;
    if (at < 0) {
      p.appendChild(document.createTextNode(sentence));
      return p;
    }
    p.appendChild(document.createTextNode(sentence.slice(0, at)));
    var a = el("a", "", edition.licence.name);
    a.href = edition.licence.url;
    p.appendChild(a);
    p.appendChild(document.createTextNode(sentence.slice(at + edition.licence.name.length)));
    return p;
  }

  // What became of a clause in each later edition, as the API says it (`said`, the same words the
  // reading pages' margins use): "In ECS England: renamed only (EDIPs → ECS, substituted). See the
  // change". A difference of words is never called unchanged.
  function later(clause, editions, root, className) {
    return (clause.later || []).map(function (l) {
      var quiet = l.change === "unchanged" && !l.moved;
      var p = el("p", className + (quiet ? "" : " " + className + "--changed"));
      p.appendChild(el("strong", "", "In " + editions[l.edition].short_name + ": " + l.said + ". "));
      var a = el("a", "", quiet ? "See the comparison" : "See the change");
      a.href = root + l.diff_url;
      p.appendChild(a);
      return p;
    });
  }

  window.EditionData = { load: load, el: el, attribution: attribution, later: later };
})();

// A handout (handout/?clause=<id>): one clause on a page, drawn from the published data, with its
// citation, document, edition, date, licence line and permanent address, and the address's QR
// code when the build knew where the site is published (handouts/qr/<id>.svg, made by segno).
(function () {
  "use strict";

  var box = document.getElementById("ho");
  if (!box || !window.EditionData) return;
  var data = window.EditionData, el = data.el;
  var body = document.getElementById("ho-body");
  var title = document.getElementById("ho-title");
  var wanted = new URLSearchParams(location.search).get("clause");
  if (!wanted) return;

  function permanent(url) {
    // The published address when the build knew it; otherwise where this copy is read.
    return box.dataset.site ? box.dataset.site + url : new URL(box.dataset.root + url, location.href).href;
  }

  function row(list, term, content) {
    list.appendChild(el("dt", "", term));
    var dd = el("dd");
    if (typeof content === "string") dd.textContent = content; else dd.appendChild(content);
    list.appendChild(dd);
  }

  data.load(box.dataset.clauses, box.dataset.editions).then(function (corpus) {
    var clause = corpus.clauses.find(function (c) { return c.id === wanted; });
    if (!clause) {
      body.appendChild(el("p", "ed-notice", "The edition has no clause with the id “" + wanted + "”."));
      return;
    }
    var edition = corpus.editions[clause.edition];
    var address = permanent(clause.url);
    title.textContent = clause.citation;
    document.title = clause.citation + " · Handout";

    var quote = el("blockquote", "ho-text");
    quote.appendChild(el("p", "", clause.text));
    body.appendChild(quote);

    var facts = el("dl", "ho-facts");
    row(facts, "Citation", clause.citation);
    row(facts, "Document", edition.title);
    row(facts, "Edition", (edition.edition.value || "single edition") + ", " + edition.issuer);
    row(facts, "Date", edition.date_text);
    row(facts, "Licence", edition.licence.sentence + (edition.licence.status === "stated" ? " (" + edition.licence.url + ")" : ""));
    var link = el("a", "ho-link", address);
    link.href = address;
    row(facts, "Permanent link", link);
    body.appendChild(facts);

    data.later(clause, corpus.editions, box.dataset.root, "ho-later").forEach(function (p) { body.appendChild(p); });

    if (box.dataset.qr) {
      var figure = el("figure", "ho-qr");
      var image = el("img");
      image.src = box.dataset.qr + clause.id + ".svg";
      image.alt = "QR code of the permanent link, " + address;
      image.width = 160;
      image.height = 160;
      figure.appendChild(image);
      figure.appendChild(el("figcaption", "", "Scan for the clause in the edition"));
      body.appendChild(figure);
    } else {
      body.appendChild(el("p", "ho-noqr editorial", "No QR code: this copy of the site was built without its published address (SITE_URL)."));
    }
    body.appendChild(data.attribution(edition, "ho-source editorial"));
    document.getElementById("ho-intro").hidden = true;
    var print = document.getElementById("ho-print");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
    box.dataset.ready = "true";
  });
})();

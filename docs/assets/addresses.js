// Addresses that tell the truth. A retired address leads on to where its text is now (the table in
// assets/redirect-table.js, generated from sources/redirects.yaml). An address whose fragment
// names nothing on its page says so, naming the id, with the page's contents and the search box,
// instead of silently showing the top of the page. The "not found" page shows the address asked
// for. Everything taken from the address is inserted as text, never as markup.
(function () {
  "use strict";

  function siteRoot() {
    var own = document.querySelector('script[src$="assets/addresses.js"]');
    return own ? own.src.replace(/assets\/addresses\.js(\?.*)?$/, "") : null;
  }

  function fragment() {
    var raw = location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  // True when the reader is being sent on: nothing else is shown.
  function redirect(root) {
    var table = window.editionRedirects || {};
    var here = location.href.split("#")[0].split("?")[0];
    if (!root || here.indexOf(root) !== 0) return false;
    var entry = table[here.slice(root.length).replace(/index\.html$/, "")];
    if (!entry) return false;
    var id = location.hash.slice(1);
    if (entry.fragments[id]) {
      location.replace(entry.fragments[id]);
      return true;
    }
    if (entry.page) {
      location.replace(entry.page.split("#")[0] + (id ? "#" + id : ""));
      return true;
    }
    return false;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The header's search box where it is shown; on a phone (where the header has only its
  // button), the search page.
  function openSearch() {
    var input = document.getElementById("ed-search-q");
    if (input && input.offsetParent !== null) {
      input.focus();
      return;
    }
    location.href = siteRoot() + "search/";
  }

  function searchButton() {
    if (!document.querySelector("form.ed-search-box")) return null;
    var button = element("button", "ed-notice-search", "Search the edition");
    button.type = "button";
    button.addEventListener("click", openSearch);
    return button;
  }

  // What this page holds, as links: its clauses by citation, or else its headings.
  function contents() {
    var items = [];
    document.querySelectorAll(".ed-clause[id]").forEach(function (clause) {
      var cite = clause.querySelector(".ed-cite-text");
      if (cite) items.push([clause.id, cite.textContent]);
    });
    if (!items.length) {
      document.querySelectorAll("article h2[id], article h3[id]").forEach(function (heading) {
        items.push([heading.id, heading.textContent.replace(/¶$/, "").trim()]);
      });
    }
    if (!items.length) return null;
    var details = element("details", "ed-notice-contents");
    details.appendChild(element("summary", null, "What this page has (" + items.length + ")"));
    var list = element("ul");
    items.forEach(function (item) {
      var link = element("a", null, item[1]);
      link.href = "#" + encodeURIComponent(item[0]);
      var entry = element("li");
      entry.appendChild(link);
      list.appendChild(entry);
    });
    details.appendChild(list);
    return details;
  }

  function notice() {
    var old = document.querySelector(".ed-notice--missing");
    if (old) old.remove();
    var id = fragment();
    if (!id || document.getElementById(id)) return;
    var article = document.querySelector("article");
    if (!article) return;
    var box = element("div", "ed-notice ed-notice--missing");
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    var first = element("p");
    first.appendChild(element("strong", null, "Not on this page: "));
    first.appendChild(document.createTextNode("this page has no clause or section with the id "));
    first.appendChild(element("code", null, id));
    first.appendChild(document.createTextNode(". The address may be mistyped or cut short; every clause's id is printed in its address, after the #."));
    box.appendChild(first);
    var list = contents();
    if (list) box.appendChild(list);
    var search = searchButton();
    if (search) box.appendChild(search);
    article.insertBefore(box, article.firstChild);
    box.focus();
    window.scrollTo(0, 0);
  }

  function notFound() {
    var slot = document.getElementById("ed-missing-address");
    if (!slot) return;
    slot.textContent = location.pathname + location.hash;
    var place = document.getElementById("ed-missing-search");
    var search = searchButton();
    if (place && search) place.appendChild(search);
  }

  function start() {
    if (redirect(siteRoot())) return;
    notFound();
    if (!document.getElementById("ed-missing-address")) notice();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("hashchange", function () {
    if (!redirect(siteRoot())) notice();
  });
})();

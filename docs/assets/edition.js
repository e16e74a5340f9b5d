// Each clause's margin (templates/_reading.html): its citation, and its tools in a <details>. This
// script copies a citation and link (this edition's, or the current text's undated address) or a
// reference-list entry, and closes a clause's tools with Escape. Without it the Copy buttons stay
// hidden: the citation beside each clause, its ¶ link and the tools' links still give them all.
(function () {
  "use strict";
  var status = document.createElement("div");
  status.className = "ed-vh";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("button.ed-copy[hidden]").forEach(function (button) {
    button.hidden = false;
  });

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  // A reference-list entry (author-date): the document as the page gives it (data-entry), the
  // clause's place, its address and the day it was read, which only the reader's browser knows.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function referenceEntry(button, href) {
    var now = new Date();
    var entry = button.closest("[data-entry]").dataset.entry;
    return entry + " " + button.dataset.locator + ". Available at: " + href +
      " (Accessed: " + now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear() + ").";
  }

  // What a button copies: the current text's address with words that say so (data-say), a
  // reference-list entry (data-locator), or this edition's citation, document and address.
  function copied(button, href) {
    if (button.dataset.say !== undefined) return button.dataset.say + ": " + href;
    if (button.dataset.locator !== undefined) return referenceEntry(button, href);
    return button.dataset.cite + ", " + button.dataset.ref + ". " + href;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.ed-copy");
    if (!button) return;
    // The published address when the page knows it (SITE_URL at build), else where it is read.
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(button.dataset.href, canonical ? canonical.href : location.href);
    url.search = "";
    var text = copied(button, url.href);
    var label = button.querySelector("[aria-hidden]");
    var shown = label.textContent;
    function report(done) {
      label.textContent = done ? "Copied" : "Copy failed";
      status.textContent = done ? "Copied: " + text : "Could not copy; the citation is beside the text.";
      setTimeout(function () { label.textContent = shown; }, 2000);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { report(true); }, function () { report(fallback(text)); });
    } else {
      report(fallback(text));
    }
  });

  // Escape closes the clause's tools that hold the focus, and leaves the focus on their control.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var tools = event.target.closest && event.target.closest("details.ed-more[open]");
    if (!tools) return;
    event.preventDefault();
    tools.open = false;
    tools.querySelector("summary").focus();
  });
})();

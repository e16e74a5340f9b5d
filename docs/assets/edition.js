// Copy a clause's citation and link. Without JavaScript the Copy buttons stay hidden: the citation
// beside each clause and its ¶ link still give both.
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

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.ed-copy");
    if (!button) return;
    // The published address when the page knows it (SITE_URL at build), else where it is read.
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(button.dataset.href, canonical ? canonical.href : location.href);
    url.search = "";
    var text = button.dataset.locator === undefined
      ? button.dataset.cite + ", " + button.dataset.ref + ". " + url.href
      : referenceEntry(button, url.href);
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
})();

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

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.ed-copy");
    if (!button) return;
    // The published address when the page knows it (SITE_URL at build), else where it is read.
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(button.dataset.href, canonical ? canonical.href : location.href);
    url.search = "";
    var text = button.dataset.cite + ", " + button.dataset.ref + ". " + url.href;
    var label = button.querySelector("[aria-hidden]");
    function report(done) {
      label.textContent = done ? "Copied" : "Copy failed";
      status.textContent = done ? "Copied: " + text : "Could not copy; the citation is beside the text.";
      setTimeout(function () { label.textContent = "Copy"; }, 2000);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { report(true); }, function () { report(fallback(text)); });
    } else {
      report(fallback(text));
    }
  });
})();

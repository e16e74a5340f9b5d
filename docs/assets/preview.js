// `make serve` only: the published site never carries this file. When a change to the sources
// cannot be built, the preview keeps serving the last good pages; this script shows, on every open
// page, what is wrong (file, line, field and message), and removes the notice once the sources
// build again. It reads assets/preview.json, which the preview rewrites after every regeneration,
// from the same server; everything in it is set as text, never as markup (a message may quote
// source text).
(function () {
  "use strict";

  var own = document.currentScript || document.querySelector('script[src$="assets/preview.js"]');
  if (!own) return;
  var status = new URL("preview.json", own.src).href;
  var NOTICE = "edition-preview-error";
  var shown = null; // the text of the error on display

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(style || {}).forEach(function (name) {
      node.style.setProperty(name, style[name]);
    });
    return node;
  }

  function where(error) {
    if (!error.file) return "";
    return error.file + (error.line ? ", line " + error.line : "") + (error.field ? ", " + error.field : "");
  }

  function show(error) {
    var text = String(error.text || error.message || "");
    if (shown === text && document.getElementById(NOTICE)) return;
    hide();
    var notice = element("section", "", {
      position: "fixed",
      top: "0",
      left: "0",
      right: "0",
      "z-index": "100000",
      "max-height": "60vh",
      overflow: "auto",
      margin: "0",
      padding: "1rem 1.25rem",
      background: "#fff4f4",
      color: "#3d0008",
      "border-bottom": "4px solid #b00020",
      "box-shadow": "0 4px 12px rgba(0, 0, 0, 0.35)",
      font: "16px/1.45 system-ui, sans-serif",
      "text-align": "left",
    });
    notice.id = NOTICE;
    notice.setAttribute("role", "alert");
    notice.setAttribute("aria-label", "The preview is out of date");
    notice.appendChild(element("strong", "The last change could not be built. The page below is the last good build.", { display: "block" }));
    if (error.file) {
      notice.appendChild(element("p", where(error), { margin: "0.5rem 0 0", "font-family": "ui-monospace, monospace", "font-weight": "bold" }));
    }
    var message = element("p", error.file ? String(error.message || "") : text, {
      margin: "0.25rem 0 0",
      "white-space": "pre-wrap",
      "overflow-wrap": "anywhere",
    });
    message.className = NOTICE + "-message";
    notice.appendChild(message);
    notice.appendChild(element("p", "Fix the source and save it: this notice goes as soon as the sources build again.", {
      margin: "0.5rem 0 0",
      "font-size": "0.875rem",
    }));
    document.body.appendChild(notice);
    shown = text;
  }

  function hide() {
    var notice = document.getElementById(NOTICE);
    if (notice) notice.remove();
    shown = null;
  }

  function check() {
    fetch(status, { cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) return;
        if (state.error) show(state.error);
        else hide();
      })
      .catch(function () {}); // the preview stopped, or is rebuilding: keep what is shown
  }

  check();
  window.setInterval(check, 1000);
})();

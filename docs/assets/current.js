// A work's current addresses (<work>/current/#<line>): a reader who arrives with a line's fragment
// goes on to that clause in the current edition, where there is exactly one (data-to, written by
// the build). Where there are several current editions, or none has the clause, the entry under
// the fragment is the answer, and the reader stays to read it.
(function () {
  "use strict";
  function follow() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as it is */ }
    var entry = id && document.getElementById(id);
    if (!entry || !entry.classList.contains("cur-line")) return;
    var to = entry.getAttribute("data-to");
    if (to) location.replace(new URL(to, location.href).href);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();

// A work's current addresses (<work>/current/#<line>): a reader who arrives with a line's fragment
// (or one of its aliases) goes on to that clause in the current edition, where there is exactly
// one (data-to, written by the build). Where there are several current editions, or none has the
// clause, the entry under the fragment is the answer, and the reader stays to read it.
(function () {
  "use strict";
  function follow() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as it is */ }
    var found = id && document.getElementById(id);
    // A line's own id, or one of its aliases (an anchor inside its entry: lineage.py).
    var entry = found && found.closest(".cur-line");
    if (!entry || (found !== entry && !found.classList.contains("ed-alias"))) return;
    // An alias may name a clause of its own (a split's later part); else the line's clause.
    var to = (found !== entry && found.getAttribute("data-to")) || entry.getAttribute("data-to");
    if (to) location.replace(new URL(to, location.href).href);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();

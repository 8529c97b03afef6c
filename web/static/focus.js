// Keyboard help for the search box; the page works without it.
// On the home page the box takes the focus; anywhere, "/" focuses it.
(function () {
  "use strict";
  var q = document.getElementById("q");
  if (!q) {
    return;
  }
  if (q.value === "" && !document.getElementById("error")) {
    q.focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) {
      return;
    }
    e.preventDefault();
    q.focus();
    q.select();
  });
})();

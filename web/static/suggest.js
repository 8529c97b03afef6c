// Suggestions while typing: completions of the last word and titles, in
// the search box's <datalist>, from /api/suggest. Searching works without.
(function () {
  "use strict";
  var q = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!q || !list || !window.fetch) {
    return;
  }
  var timer = 0;
  var asked = "";
  function fill(typed, data) {
    if (q.value !== typed) {
      return; // the reader typed on meanwhile
    }
    var words = typed.split(/\s+/);
    var head = words.slice(0, -1).join(" ");
    var seen = {};
    var options = [];
    (data.words || []).forEach(function (w) {
      options.push(head ? head + " " + w : w);
    });
    (data.titles || []).forEach(function (t) {
      options.push(t.title);
    });
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    options.forEach(function (v) {
      if (seen[v]) {
        return;
      }
      seen[v] = true;
      var o = document.createElement("option");
      o.value = v;
      list.appendChild(o);
    });
  }
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = q.value;
      if (typed === asked || typed.trim().length < 3) {
        return;
      }
      asked = typed;
      fetch("/api/suggest?q=" + encodeURIComponent(typed))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { fill(typed, data); } })
        .catch(function () {});
    }, 120);
  });
})();

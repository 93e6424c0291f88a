// Offline search for the index page: filters the embedded list of names as the reader types.
// The list is JSON in #search-data; results are built with textContent, never as HTML.
(function () {
  "use strict";
  var data = document.getElementById("search-data");
  var form = document.querySelector("form.search");
  if (!data || !form) { return; }
  var entries = JSON.parse(data.textContent);
  var input = document.getElementById("q");
  var hits = document.getElementById("hits");
  var status = document.getElementById("hits-status");
  var LIMIT = 30;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  entries.forEach(function (entry) {
    entry.keys = [entry.label].concat(entry.aliases).map(fold);
  });

  function show() {
    var query = fold(input.value.trim());
    hits.textContent = "";
    if (!query) { status.textContent = ""; return; }
    var found = entries.filter(function (entry) {
      return entry.keys.some(function (key) { return key.indexOf(query) !== -1; });
    });
    found.slice(0, LIMIT).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.href;
      link.textContent = entry.label;
      item.appendChild(link);
      var other = entry.aliases.filter(function (a) { return fold(a).indexOf(query) !== -1; });
      if (other.length) { item.appendChild(document.createTextNode(" (" + other.join("; ") + ")")); }
      hits.appendChild(item);
    });
    status.textContent = found.length === 0 ? "No match."
      : found.length > LIMIT ? found.length + " matches; the first " + LIMIT + " are shown."
      : found.length + (found.length === 1 ? " match." : " matches.");
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = hits.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
  input.addEventListener("input", show);
  show();
}());

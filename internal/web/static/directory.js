// Suggests local authorities of the official directory while a person types
// an organization's name; picking one fills the official name and SIREN.
(function () {
  "use strict";
  var name = document.getElementById("name");
  var siren = document.getElementById("business_number_id");
  if (!name || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "directory-suggestions";
  list.hidden = true;
  name.parentNode.insertBefore(list, name.nextSibling);
  var timer = null, last = "";

  function labelOf(a) {
    var kinds = { region: "Région", departement: "Département", epci: "Intercommunalité", commune: "Commune" };
    var extra = a.siren ? " · SIREN " + a.siren : "";
    return a.name + " — " + (kinds[a.kind] || a.kind) + (a.departement ? " (" + a.departement + ")" : "") + extra;
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (a) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = labelOf(a);
      b.addEventListener("click", function () {
        name.value = a.name;
        if (a.siren && siren) { siren.value = a.siren; }
        list.hidden = true;
        name.focus();
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  name.addEventListener("input", function () {
    clearTimeout(timer);
    var q = name.value.trim();
    if (q.length < 3) { show([]); return; }
    timer = setTimeout(function () {
      if (q === last) { return; }
      last = q;
      fetch("/api/1/directory/suggest/?size=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (name.value.trim() === q) { show(items); } })
        .catch(function () { show([]); });
    }, 200);
  });
  name.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { list.hidden = true; }
  });
})();

// Lets a producer pick the zones a dataset covers from the official
// directory of local authorities, by name: each pick adds its id to the
// zones field, which stays editable (and the form works without script).
(function () {
  "use strict";
  var zones = document.getElementById("zones");
  var chosen = document.getElementById("zones-chosen");
  var group = document.getElementById("zones-group");
  if (!zones || !chosen || !group || !window.fetch) { return; }
  var words = chosen.dataset;

  var wrap = document.createElement("div");
  wrap.className = "field";
  var label = document.createElement("label");
  label.htmlFor = "zones-search";
  label.textContent = words.searchLabel;
  var input = document.createElement("input");
  input.id = "zones-search";
  input.type = "search";
  input.autocomplete = "off";
  input.setAttribute("aria-controls", "zones-suggestions");
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "zones-suggestions";
  list.hidden = true;
  wrap.appendChild(label);
  wrap.appendChild(input);
  wrap.appendChild(list);
  group.parentNode.insertBefore(wrap, group);
  var timer = null, last = "";

  function labelOf(a) {
    return a.name + " (" + (words["kind" + a.kind.charAt(0).toUpperCase() + a.kind.slice(1)] || a.kind) + ")";
  }

  function pick(a) {
    var id = "fr:" + a.kind + ":" + a.code;
    var ids = zones.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (ids.indexOf(id) < 0) {
      ids.push(id);
      zones.value = ids.join(", ");
      var text = chosen.textContent.trim();
      chosen.textContent = (text ? text + ", " : words.chosenLabel + " ") + labelOf(a);
    }
    input.value = "";
    show([]);
    input.focus();
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (a) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = labelOf(a) + (a.departement ? " · " + a.departement : "");
      b.addEventListener("click", function () { pick(a); });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(function () {
      if (q === last) { return; }
      last = q;
      fetch("/api/1/directory/suggest/?size=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (input.value.trim() === q) { show(items); } })
        .catch(function () { show([]); });
    }, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { show([]); }
    if (e.key === "Enter") { e.preventDefault(); } // picking, not sending the form
  });
})();

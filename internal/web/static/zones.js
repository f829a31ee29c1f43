// The zone picker of the dataset form: people type the name of a commune,
// an inter-municipal body, a department or a region, and pick it from the
// official directory, as organizations are picked. Picked zones show as a
// list with their names, each with a button to remove it. Without
// JavaScript, the form keeps its text field of zone ids.
(function () {
  "use strict";
  var input = document.getElementById("zones");
  var picker = document.getElementById("zone-picker");
  if (!input || !picker || !window.fetch) { return; }
  var labels = JSON.parse(picker.getAttribute("data-labels") || "{}");
  var kinds = JSON.parse(picker.getAttribute("data-kinds") || "{}");
  var ids = input.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);

  var chips = document.createElement("ul");
  chips.className = "zone-chips";
  var search = document.createElement("input");
  search.id = "zones-search";
  search.className = "fr-input";
  search.type = "text";
  search.autocomplete = "off";
  search.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), "zones-search-hint"].filter(Boolean).join(" "));
  if (input.getAttribute("aria-invalid")) { search.setAttribute("aria-invalid", "true"); }
  var hint = document.createElement("p");
  hint.id = "zones-search-hint";
  hint.className = "hint fr-hint-text";
  hint.textContent = picker.getAttribute("data-search");
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.hidden = true;
  var live = document.createElement("p");
  live.className = "sr-only";
  live.setAttribute("aria-live", "polite");
  picker.append(hint, chips, search, list, live);

  // The text field becomes the hidden value the form sends; its label now
  // names the search box.
  var label = document.querySelector('label[for="zones"]');
  if (label) {
    label.htmlFor = "zones-search";
    var old = label.querySelector(".hint");
    if (old) { old.remove(); }
  }
  input.type = "hidden";
  input.removeAttribute("aria-describedby");
  input.removeAttribute("aria-invalid");
  picker.hidden = false;

  function sync() {
    input.value = ids.join(", ");
    chips.textContent = "";
    ids.forEach(function (id) {
      var li = document.createElement("li");
      var name = labels[id] || id;
      li.appendChild(document.createTextNode(name + " "));
      var b = document.createElement("button");
      b.type = "button";
      b.className = "small secondary";
      b.textContent = picker.getAttribute("data-remove");
      b.setAttribute("aria-label", picker.getAttribute("data-remove") + " : " + name);
      b.addEventListener("click", function () {
        ids = ids.filter(function (x) { return x !== id; });
        live.textContent = name + " — " + picker.getAttribute("data-remove");
        sync();
        search.focus();
      });
      li.appendChild(b);
      chips.appendChild(li);
    });
    chips.hidden = ids.length === 0;
  }

  function labelOf(a) {
    return a.name + " (" + (kinds[a.kind] || a.kind) + (a.departement ? ", " + a.departement : "") + ")";
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (a) {
      var id = "fr:" + a.kind + ":" + a.code;
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = labelOf(a);
      b.addEventListener("click", function () {
        if (ids.indexOf(id) < 0) { ids.push(id); }
        labels[id] = labelOf(a);
        live.textContent = labelOf(a);
        search.value = "";
        list.hidden = true;
        sync();
        search.focus();
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    var q = search.value.trim();
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(function () {
      fetch("/api/1/directory/suggest/?size=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (search.value.trim() === q) { show(items); } })
        .catch(function () { show([]); });
    }, 200);
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { list.hidden = true; }
    if (e.key === "Enter") { e.preventDefault(); } // picking is a click; Enter must not send the form half-filled
  });
  sync();
})();

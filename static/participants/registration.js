// Registration form: show only the lists that fit the chosen committee, and narrow
// the desa/kelurahan list to the chosen kecamatan; on an event across regencies, fill
// each list when the one above it is chosen, and find a desa by name. The form works
// without this (an event across regencies through its "next list" button).
(function () {
  "use strict";
  var form = document.querySelector(".registration-form");
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (!form) return;
  var district = form.querySelector("select[name=district]");
  var village = form.querySelector("select[name=village]");
  var role = form.querySelector("select[name=role]");
  var roleKinds = JSON.parse((document.getElementById("role-kinds") || {}).textContent || "{}");
  var allVillages = village ? Array.prototype.slice.call(village.querySelectorAll("optgroup")) : [];

  function kind() {
    var checked = form.querySelector("input[name=body_kind]:checked");
    return checked ? checked.value : "";
  }
  function show(selector, visible) {
    var box = form.querySelector(selector);
    if (box) box.hidden = !visible;
  }
  function narrowVillages(ids) {
    var name = district.selectedIndex > 0 ? district.options[district.selectedIndex].text : "";
    allVillages.forEach(function (group) {
      var keep = !name || group.label === name;
      Array.prototype.forEach.call(group.children, function (option) {
        var ok = keep && (!ids || ids.indexOf(String(option.value)) !== -1);
        option.hidden = !ok;
        option.disabled = !ok || option.hasAttribute("data-full");  // a full desa stays shut
        if (!ok && option.selected) village.value = "";
      });
      group.hidden = !keep;
    });
  }
  function loadVillages() {
    narrowVillages(null);
    var url = form.dataset.villagesUrl;
    if (!url || !district.value) return;
    fetch(url + "?district=" + encodeURIComponent(district.value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var items = Array.isArray(data) ? data : (data.villages || data.results || []);
        narrowVillages(items.map(function (item) { return String(item.id !== undefined ? item.id : item.pk); }));
      })
      .catch(function () { /* the kecamatan filter above already applies */ });
  }
  function update() {
    var k = kind();
    show(".js-province", k === "PPK" || k === "PPS");
    show(".js-regency", k === "PPK" || k === "PPS");
    show(".js-district", k === "PPK" || k === "PPS");
    show(".js-village", k === "PPS");
    show(".js-place-search", k === "PPS" && !!form.dataset.placesUrl);
    if (role) {
      Array.prototype.forEach.call(role.options, function (option) {
        if (!option.value) return;
        var ok = !k || (roleKinds[option.value] || []).indexOf(k) !== -1;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) role.value = "";
      });
      var usable = Array.prototype.filter.call(role.options, function (o) { return o.value && !o.disabled; });
      if (usable.length === 1) role.value = usable[0].value;
    }
  }
  form.querySelectorAll("input[name=body_kind]").forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  if (form.dataset.placesUrl) {
    stepByStep(form.dataset.placesUrl);
  } else if (district && village) {
    district.addEventListener("change", loadVillages);
    if (district.value) narrowVillages(null);
  }
  update();

  // An event across regencies: province -> regency -> kecamatan -> desa, each list
  // fetched (small, cached JSON) when the one above it is chosen.
  function stepByStep(url) {
    var steps = ["province", "regency", "district", "village"].map(function (name) {
      return form.querySelector("select[name=" + name + "]");
    }).filter(Boolean);
    // Its place is taken by the script; it comes back if a list cannot be fetched.
    var stepBox = form.querySelector(".js-step");
    var stepAnchor = stepBox ? stepBox.nextSibling : null;
    var stepParent = stepBox ? stepBox.parentNode : null;
    if (stepBox) stepBox.remove();
    function fallBack() {
      if (stepBox && !stepBox.isConnected) stepParent.insertBefore(stepBox, stepAnchor);
    }
    function fetchJson(query) {
      return fetch(url + "?" + query, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
    }
    function clearBelow(index) {
      steps.slice(index + 1).forEach(function (select) {
        while (select.options.length > 1) select.remove(1);
        select.value = "";
      });
    }
    function fill(select, items) {
      items.forEach(function (item) {
        var option = new Option(item.label, item.id);
        if (item.full) {  // shown, so a person sees why their desa is not offered
          option.disabled = true;
          option.setAttribute("data-full", "");
        }
        select.add(option);
      });
    }
    // Choose `value` in step `index` and fill the step below it; resolves when filled.
    function choose(index, value) {
      var select = steps[index];
      select.value = String(value || "");
      clearBelow(index);
      var below = steps[index + 1];
      if (!below || !select.value) return Promise.resolve();
      var asked = select.value;
      below.disabled = true;
      return fetchJson(select.name + "=" + encodeURIComponent(asked))
        .then(function (data) {
          // A list that comes back after its choice was changed again is not shown.
          if (select.value === asked) fill(below, data.items || []);
        })
        .catch(fallBack)
        .then(function () { below.disabled = false; });
    }
    steps.forEach(function (select, index) {
      select.addEventListener("change", function () { choose(index, select.value); });
    });

    var search = form.querySelector("#id_place_search");
    var results = form.querySelector(".place-results");
    if (!search || !results) return;
    var timer = null;
    var asked = "";
    function showResults(items) {
      results.textContent = "";
      items.forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "list-group-item list-group-item-action";
        button.setAttribute("role", "option");
        button.textContent = item.label;
        button.addEventListener("click", function () {
          results.textContent = "";
          search.value = "";
          var path = item.path;
          var chain = Promise.resolve();
          steps.forEach(function (select, index) {
            chain = chain.then(function () { return choose(index, path[select.name]); });
          });
          chain.then(function () { steps[steps.length - 1].focus(); });
        });
        results.appendChild(button);
      });
      if (!items.length) {
        var none = document.createElement("p");
        none.className = "small text-muted mb-0";
        none.textContent = search.dataset.none || "";
        results.appendChild(none);
      }
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var text = search.value.trim();
      if (text.length < Number(search.getAttribute("minlength") || 3)) {
        results.textContent = "";
        return;
      }
      timer = setTimeout(function () {
        asked = text;
        fetchJson("q=" + encodeURIComponent(text))
          .then(function (data) { if (asked === text) showResults(data.items || []); })
          .catch(function () { results.textContent = ""; });
      }, 300);
    });
    // Enter in the search box looks, it does not send the form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }
})();

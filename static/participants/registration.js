// Registration form: show only the lists that fit the chosen committee, and narrow
// the desa/kelurahan list to the chosen kecamatan. The form works without this.
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
    show(".js-district", k === "PPK" || k === "PPS");
    show(".js-village", k === "PPS");
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
  if (district && village) {
    district.addEventListener("change", loadVillages);
    if (district.value) narrowVillages(null);
  }
  update();
})();

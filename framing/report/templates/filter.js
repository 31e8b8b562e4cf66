// The page's filter: typing an outlet, group or frame name shows only its rows and blocks.
// Elements carry data-outlet, data-group and data-frame (several outlets joined by "|").
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  if (!box) { return; }
  var tagged = Array.prototype.slice.call(
    document.querySelectorAll("[data-outlet],[data-group],[data-frame]"));
  var names = function (el, attr) {
    var v = el.getAttribute(attr);
    return v === null ? null : v.toLowerCase().split("|");
  };
  var items = tagged.map(function (el) {
    return { el: el, outlets: names(el, "data-outlet"), groups: names(el, "data-group"),
             frames: names(el, "data-frame") };
  });
  var hits = function (list, q) {
    if (!list) { return false; }
    for (var i = 0; i < list.length; i++) { if (list[i].indexOf(q) !== -1) { return true; } }
    return false;
  };
  var opened = [];
  function apply() {
    var q = box.value.trim().toLowerCase();
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    var byOutlet = false, byFrame = false, groupsOfOutlets = {};
    if (q) {
      items.forEach(function (it) {
        if (hits(it.outlets, q) || (!it.outlets && hits(it.groups, q))) {
          byOutlet = true;
          (it.groups || []).forEach(function (g) { groupsOfOutlets[g] = true; });
        }
        if (hits(it.groups, q)) { byOutlet = true; }
        if (hits(it.frames, q)) { byFrame = true; }
      });
    }
    var shown = 0;
    items.forEach(function (it) {
      var visible = true;
      if (byOutlet && (it.outlets || it.groups)) {
        if (it.outlets) {
          visible = hits(it.outlets, q) || hits(it.groups, q);
        } else {
          visible = hits(it.groups, q) ||
            it.groups.some(function (g) { return groupsOfOutlets[g]; });
        }
      }
      if (visible && byFrame && it.frames) { visible = hits(it.frames, q); }
      it.el.hidden = !visible;
      if (q && visible && (byOutlet ? it.outlets : it.frames)) {
        shown++;
        for (var d = it.el.parentElement; d; d = d.parentElement) {
          if (d.tagName === "DETAILS" && !d.open && !d.hidden) { d.open = true; opened.push(d); }
        }
      }
    });
    if (status) {
      status.textContent = !q ? "" : (byOutlet || byFrame)
        ? shown + " matching rows and blocks shown"
        : "no outlet, group or frame matches";
    }
  }
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  box.addEventListener("search", apply);
})();

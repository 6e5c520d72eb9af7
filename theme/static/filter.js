/* Filter chips, in place. Without this script every chip is a link to a page that lists only
   those commitments; with it, a chip toggles the list on this page, and the choice is kept in
   the address (?status=…&unit=…) so that a filtered list can be shared. */
(function () {
  "use strict";
  var lists = document.querySelectorAll("[data-filter-list]:not([data-filtered])");
  Array.prototype.forEach.call(lists, function (list) {
    var state = { status: "", unit: "" };
    var navs = list.querySelectorAll("nav[data-filter]");
    var items = list.querySelectorAll("[data-status]");
    var shown = list.querySelector(".filter-shown");
    var params = new URLSearchParams(location.search);

    function chipsOf(kind) {
      var nav = list.querySelector('nav[data-filter="' + kind + '"]');
      return nav ? nav.querySelectorAll("a.chip") : [];
    }

    function apply(remember) {
      var count = 0;
      Array.prototype.forEach.call(items, function (item) {
        var units = " " + (item.getAttribute("data-units") || "") + " ";
        var keep = (!state.status || item.getAttribute("data-status") === state.status) &&
          (!state.unit || units.indexOf(" " + state.unit + " ") >= 0);
        item.hidden = !keep;
        if (keep) count += 1;
      });
      // a heading whose items are all filtered out goes with them
      Array.prototype.forEach.call(
        list.querySelectorAll(".item-group, .item-section, .plan-section"),
        function (box) { box.hidden = !box.querySelector("[data-status]:not([hidden])"); });
      ["status", "unit"].forEach(function (kind) {
        Array.prototype.forEach.call(chipsOf(kind), function (chip) {
          chip.setAttribute("aria-pressed", String(chip.getAttribute("data-value") === state[kind]));
        });
      });
      if (shown) {
        shown.textContent = state.status || state.unit
          ? list.getAttribute("data-shown-text").replace("{shown}", count).replace("{total}", items.length)
          : "";
      }
      if (remember && window.history && history.replaceState) {
        var query = new URLSearchParams(location.search);
        ["status", "unit"].forEach(function (kind) {
          if (state[kind]) query.set(kind, state[kind]); else query.delete(kind);
        });
        var q = query.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      }
    }

    Array.prototype.forEach.call(navs, function (nav) {
      var kind = nav.getAttribute("data-filter");
      Array.prototype.forEach.call(nav.querySelectorAll("a.chip"), function (chip) {
        chip.setAttribute("role", "button");
        chip.removeAttribute("aria-current");
        function choose(event) {
          event.preventDefault();
          var value = chip.getAttribute("data-value");
          state[kind] = state[kind] === value ? "" : value;
          apply(true);
        }
        chip.addEventListener("click", choose);
        chip.addEventListener("keydown", function (event) {
          if (event.key === " ") choose(event);
        });
      });
      var wanted = params.get(kind) || "";
      Array.prototype.forEach.call(nav.querySelectorAll("a.chip"), function (chip) {
        if (chip.getAttribute("data-value") === wanted) state[kind] = wanted;
      });
    });
    // the note says a unit chip leads to its department's page, which it no longer does
    Array.prototype.forEach.call(list.querySelectorAll(".filter-note"), function (note) {
      note.hidden = true;
    });
    apply(false);
  });
})();

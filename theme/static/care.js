/* The 关怀版 (large text, higher contrast, simpler layout) switch, kept across pages in
   localStorage. Loaded in <head> so that the class is set before the page is drawn; the
   switch itself is wired once the document is parsed. Without this script the switch is a
   link to #care, which style.css reads (:target) for the page it is on. */
(function () {
  "use strict";
  var KEY = "minsheng-care";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage blocked: per page */ }
  if (stored === "1" || location.hash === "#care") root.classList.add("care");

  function wire() {
    var toggle = document.getElementById("care-toggle");
    if (!toggle) return;
    toggle.setAttribute("role", "button");
    function show() {
      var on = root.classList.contains("care");
      toggle.setAttribute("aria-pressed", String(on));
      toggle.textContent = on ? toggle.getAttribute("data-off") : toggle.getAttribute("data-on");
    }
    function flip(event) {
      event.preventDefault();
      var on = root.classList.toggle("care");
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* per page only */ }
      if (!on && location.hash === "#care" && history.replaceState) {
        history.replaceState(null, "", location.pathname + location.search);
      }
      show();
    }
    toggle.addEventListener("click", flip);
    toggle.addEventListener("keydown", function (event) { if (event.key === " ") flip(event); });
    show();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();

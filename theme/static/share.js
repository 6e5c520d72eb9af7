/* The share block's copy-link button and the notice page's print button: both need script,
   so both stay hidden without it (the address is printed beside them either way). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button.copy-link"), function (button) {
    if (!navigator.clipboard) return;
    var done = button.parentNode.querySelector(".copy-done");
    button.hidden = false;
    button.addEventListener("click", function () {
      var address = new URL(button.getAttribute("data-url"), location.href).href;
      navigator.clipboard.writeText(address).then(function () {
        if (done) done.textContent = button.getAttribute("data-done");
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.print-button"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

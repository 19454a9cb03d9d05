// The date picker Wagtail bundles (jquery.datetimepicker) writes its "Save Selected" button in
// English whatever the locale: label it in Chinese wherever a picker appears.
(function () {
  "use strict";
  var LABEL = "保存所选";
  function label() {
    document.querySelectorAll(".xdsoft_save_selected").forEach(function (button) {
      if (button.textContent !== LABEL) button.textContent = LABEL;
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", label);
})();

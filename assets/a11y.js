/*
 * Accessibility repairs of two Dash 4 widgets (axe-core: nested-interactive, aria-hidden-focus), kept while the
 * library draws them so:
 * - RadioItems and Checklist draw each choice as a label with role "option" (in a "listbox") around a real radio
 *   or checkbox input: two nested interactive roles. The inputs are the controls; the roles come off
 *   (the list becomes a "radiogroup" or a "group").
 * - Dropdown puts a hidden (aria-hidden) input in the tab order that forwards focus to its button: the button
 *   takes the tab stop itself, the hidden input leaves the tab order (the library puts it back on blur; we follow).
 * - RangeSlider's two year boxes have no label: they take the names the server put on the slider's group
 *   (data-min-label, data-max-label, from the string catalogue).
 */
(function () {
  "use strict";

  function repairOptions(root) {
    root.querySelectorAll('.dash-options-list-option[role="option"]').forEach(function (label) {
      var input = label.querySelector('input[type="radio"], input[type="checkbox"]');
      if (!input) { return; }
      label.removeAttribute("role");
      label.removeAttribute("aria-selected");
      var list = label.closest('[role="listbox"]');
      if (list) { list.setAttribute("role", input.type === "radio" ? "radiogroup" : "group"); }
    });
  }

  function repairDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (proxy) {
      if (proxy.tabIndex !== -1) { proxy.tabIndex = -1; }
      var button = proxy.nextElementSibling;
      if (button && button.tagName === "BUTTON" && !button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
    });
  }

  function repairSliderInputs(root) {
    root.querySelectorAll("[data-min-label]").forEach(function (group) {
      [["min", group.dataset.minLabel], ["max", group.dataset.maxLabel]].forEach(function (pair) {
        var input = group.querySelector(".dash-range-slider-" + pair[0] + "-input");
        if (input && pair[1] && input.getAttribute("aria-label") !== pair[1]) { input.setAttribute("aria-label", pair[1]); }
      });
    });
  }

  function repair() {
    repairOptions(document);
    repairDropdowns(document);
    repairSliderInputs(document);
  }

  var pending = false;
  var observer = new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  });

  function start() {
    repair();
    observer.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex", "role"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/*
 * "Cite this chart": the server writes each citation with {url} and {date} in data-template; the browser fills in
 * the address of the view the reader is on and today's date (UTC, YYYY-MM-DD), again whenever the view changes.
 */
(function () {
  "use strict";

  function fill() {
    var date = new Date().toISOString().slice(0, 10);
    document.querySelectorAll(".cite-text[data-template]").forEach(function (el) {
      var text = el.getAttribute("data-template").replace("{url}", window.location.href).replace("{date}", date);
      if (el.textContent !== text) { el.textContent = text; }
    });
  }

  var pending = false;
  function soon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fill(); });
  }

  function start() {
    fill();
    new MutationObserver(soon).observe(document.body, {childList: true, subtree: true, characterData: true});
    window.addEventListener("popstate", soon);
    ["pushState", "replaceState"].forEach(function (name) {  // Dash writes the view's address with these
      var original = window.history[name];
      window.history[name] = function () {
        var result = original.apply(this, arguments);
        soon();
        return result;
      };
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

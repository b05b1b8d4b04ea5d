/*
 * The explorer's charts out of view are drawn when they come into view, and the code of the trace types only some
 * charts draw (heatmaps and treemaps: assets/plotly-extra.min.js, 131 KB) is fetched when a chart first needs it.
 *
 * dcc.Graph draws each chart with Plotly.react. An explorer chart whose slot lies more than MARGIN px away from the
 * viewport is drawn as an empty frame of its figure's height, keeping its figure aside, and draws the figure when the
 * reader scrolls near it (an IntersectionObserver). That holds for the page's first load (the slot's place is read
 * once then) and for every filter change after it, which sets new figures on the charts, still mounted. A further
 * change to a chart waiting in a frame of the same height only changes the figure it waits for. A load or a change
 * then costs the browser only the charts the reader can see. An empty figure (a hidden chart) is never deferred, and
 * printing draws every waiting chart first. window.__tradeLensEager = true turns the deferral off.
 *
 * Two more costs are taken off the reader's path. dcc.Graph purges the chart it unmounts (8-24 ms each, every
 * explorer chart when the reader leaves the page, before the next page's charts are drawn): an explorer chart's
 * purge waits for an idle moment, and is skipped if the chart is back in the page by then. And dcc.Graph asks a
 * new chart to resize twice, which plotly answers with a full redraw 100 ms later: a resize to the size the chart
 * already has is answered at once, without a redraw.
 */
(function () {
  "use strict";

  var MARGIN = 200; // px beyond the viewport that count as in view: a chart is ready just before it is reached
  var SLOT = ".ex-slot";
  // the trace types of assets/plotly-extra.min.js (scripts/plotly/build.js, TRACES.extra; a test compares)
  var EXTRA_TYPES = ["heatmap", "treemap"];
  var EXTRA_FILE = "plotly-extra.min.js";

  function forgetLeft(elements, observer) { // elements no longer in the page: no longer observed
    elements.forEach(function (e) { if (!e.isConnected) { observer.unobserve(e); elements.delete(e); } });
  }

  function needsExtra(figure) {
    return !!(figure && figure.data) && figure.data.some(function (trace) {
      return trace && EXTRA_TYPES.indexOf(trace.type) >= 0;
    });
  }

  var extra = null; // the promise of assets/plotly-extra.min.js, fetched once (beside the core's file, same query)
  function loadExtra() {
    if (!extra) {
      extra = new Promise(function (resolve, reject) {
        var core = document.querySelector('script[src*="plotly-custom.min.js"]');
        var script = document.createElement("script");
        script.src = core ? core.src.replace("plotly-custom.min.js", EXTRA_FILE) : "/assets/" + EXTRA_FILE;
        script.onload = resolve;
        script.onerror = function () { extra = null; reject(new Error("could not load " + EXTRA_FILE)); };
        document.head.appendChild(script);
      });
    }
    return extra;
  }

  function install(Plotly) {
    if (!Plotly || Plotly.__tradeLensLazy) { return; }
    var plotlyReact = Plotly.react;
    var extraLoaded = false;
    function react(gd, figure) { // Plotly.react, with the extra trace types first when the figure has one
      var args = arguments;
      if (extraLoaded || !needsExtra(figure)) { return plotlyReact.apply(Plotly, args); }
      return loadExtra().then(function () {
        extraLoaded = true;
        return plotlyReact.apply(Plotly, args);
      });
    }
    Plotly.__tradeLensLazy = true;
    if (typeof window.IntersectionObserver !== "function") { // no deferral: every chart drawn at once
      Plotly.react = react;
      return;
    }

    var watched = new Set(); // charts waiting to be scrolled to

    // Whether each slot is near the viewport, kept up to date by an observer: asking the element itself
    // (getBoundingClientRect) right after Dash has replaced cards forced a layout of the page, ~10 ms a change.
    var slots = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { entry.target.__tradeLensNear = entry.isIntersecting; });
    }, { rootMargin: MARGIN + "px 0px" });

    var observed = new Set();
    function observe(slot) {
      if (slot.__tradeLensObserved) { return; }
      forgetLeft(observed, slots); // slots of an explorer page left since
      slot.__tradeLensObserved = true;
      observed.add(slot);
      slots.observe(slot);
    }

    function near(slot) {
      observe(slot);
      return slot.__tradeLensNear !== false; // not yet known: drawn
    }

    function draw(gd, args) {
      gd.__tradeLensPending = null;
      gd.classList.remove("chart-waiting");
      gd.removeAttribute("aria-busy");
      observer.unobserve(gd);
      watched.delete(gd);
      var slot = gd.closest(SLOT);
      if (slot) { observe(slot); } // from its first drawing: known by the next change
      return react.apply(null, args).then(function (out) {
        if (slot) { slot.__tradeLensDrawn = true; }
        return out;
      });
    }

    var observer = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var gd = entry.target;
        if (entry.isIntersecting && gd.__tradeLensPending) { draw(gd, gd.__tradeLensPending); }
      });
    }, { rootMargin: MARGIN + "px 0px" });

    function nearNow(slot) { // the slot's place read at once: only for a chart's first drawing (one layout)
      observe(slot);
      var box = slot.getBoundingClientRect();
      return box.bottom > -MARGIN && box.top < window.innerHeight + MARGIN;
    }

    Plotly.react = function (gd, figure) {
      var args = Array.prototype.slice.call(arguments);
      if (!gd || gd.nodeType !== 1) { return react.apply(null, args); } // a div's id: not one of ours
      var slot = gd.closest(SLOT);
      gd.__tradeLensSlot = !!slot; // read when it is purged: by then it may be out of the page
      var empty = !figure || !figure.data || !figure.data.length; // a hidden card's chart: nothing to wait for
      if (!slot || window.__tradeLensEager || empty) { return draw(gd, args); }
      if (slot.__tradeLensDrawn ? near(slot) : nearNow(slot)) { return draw(gd, args); }
      var height = figure && figure.layout && figure.layout.height;
      if (gd.__tradeLensPending && gd.__tradeLensFrame === height) { // already an empty frame of this height:
        gd.__tradeLensPending = args; // only the figure it will draw changes (a redraw of the frame cost 1-12 ms)
        return Promise.resolve(gd);
      }
      gd.__tradeLensPending = args; // the latest figure wins
      gd.__tradeLensFrame = height;
      gd.classList.add("chart-waiting"); // a light frame, and busy for assistive technology, until it is drawn
      gd.setAttribute("aria-busy", "true");
      forgetLeft(watched, observer); // charts whose card was replaced while they waited
      watched.add(gd);
      observer.observe(gd);
      // an empty frame of the figure's height (the card's chart box has that height too): nothing moves when the
      // figure is drawn
      var frame = {
        data: [],
        layout: {
          xaxis: { visible: false }, yaxis: { visible: false },
          paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" // the waiting frame's colour shows
        },
        config: (figure && figure.config) || {}
      };
      if (height) { frame.layout.height = height; }
      return plotlyReact.call(Plotly, gd, frame);
    };
    var purge = Plotly.purge;
    var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 200); };
    Plotly.purge = function (gd) {
      if (!gd || !gd.__tradeLensSlot) { return purge.apply(Plotly, arguments); } // not an explorer chart
      idle(function () { if (!gd.isConnected) { purge.call(Plotly, gd); } }, { timeout: 2000 });
      return gd;
    };

    var resize = Plotly.Plots && Plotly.Plots.resize;
    if (resize) {
      Plotly.Plots.resize = function (gd) {
        var full = gd && gd.nodeType === 1 && gd._fullLayout;
        if (full && gd.layout && !gd.layout.width) {
          var style = window.getComputedStyle(gd);
          var width = Math.round(parseFloat(style.width)), height = Math.round(parseFloat(style.height));
          if (width === full.width && (gd.layout.height || height === full.height)) { return Promise.resolve(gd); }
        }
        return resize.apply(Plotly.Plots, arguments);
      };
    }

    window.addEventListener("beforeprint", function () { // a printed page shows every chart
      watched.forEach(function (g) { if (g.isConnected && g.__tradeLensPending) { draw(g, g.__tradeLensPending); } });
    });
  }

  if (window.Plotly) {
    install(window.Plotly);
  } else {
    document.addEventListener("DOMContentLoaded", function () { install(window.Plotly); });
  }
})();

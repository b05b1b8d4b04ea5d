// The trace types only some charts draw, registered into the core's Plotly when a figure needs them
// (assets/plotly-lazy.js loads assets/plotly-extra.min.js then). What they share with the core (its registry, lib,
// components...) is the core's own module (build.js: the shared modules), not a second copy.
'use strict';

window.Plotly.register([require('plotly.js/lib/heatmap'), require('plotly.js/lib/treemap')]);

// The plotly.js the app loads: plotly.js's src/core.js without the components no figure of the app uses (menus,
// sliders, range sliders and selectors, layout images, 3D annotations, error bars; no Promise polyfill either),
// and the trace types most figures draw (entry-extra.js: those only some draw). A figure that needs one of them: add
// it here or there and run `make plotly`.
'use strict';

exports.version = require('plotly.js/src/version').version;
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = (exports.register = Registry.register);

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function (name) {
    if (name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});

register(require('plotly.js/src/traces/scatter'));
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/grid'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'), // after shapes: legend defaults depend on them
    require('plotly.js/src/components/fx'), // after legend: unified hover defaults depend on it
    require('plotly.js/src/components/modebar'),
]);
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);

exports.Icons = require('plotly.js/src/fonts/ploticon');
var Fx = require('plotly.js/src/components/fx');
var Plots = require('plotly.js/src/plots/plots');
exports.Plots = { resize: Plots.resize, graphJson: Plots.graphJson, sendDataToCloud: Plots.sendDataToCloud };
exports.Fx = { hover: Fx.hover, unhover: Fx.unhover, loneHover: Fx.loneHover, loneUnhover: Fx.loneUnhover };
exports.Snapshot = require('plotly.js/src/snapshot');
exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');

// The traces (scatter is registered above, with the core); heatmaps and treemaps come with entry-extra.js.
register([require('plotly.js/lib/bar')]);

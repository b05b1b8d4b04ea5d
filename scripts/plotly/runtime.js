// The one thing Dash's components take from the babel polyfill the app no longer loads: the global regeneratorRuntime
// their lazy loaders call (dash_renderer and dash_core_components), for browsers that have everything else natively.
'use strict';

window.regeneratorRuntime = require('regenerator-runtime/runtime');

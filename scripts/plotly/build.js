// Build the app's vendored scripts from the pinned npm packages (`make plotly` runs `npm ci` then this):
//   ../../assets/plotly-custom.min.js       plotly.js with only the trace types the app draws (entry.js)
//   ../../assets/plotly-custom.min.js.br    the same, brotli at the highest quality, served as is (dashboard/compression.py)
//   ../../assets/regenerator-runtime.min.js what Dash's components need of the babel polyfill (runtime.js)
// The output depends only on package-lock.json and these files: a rebuild gives the same bytes.
'use strict';

const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// PLOTLY_OUT_DIR: build elsewhere (tests/test_bundle.py rebuilds into a temporary folder and compares).
const ASSETS = process.env.PLOTLY_OUT_DIR || path.resolve(__dirname, '..', '..', 'assets');
const VERSION = require('plotly.js/package.json').version;
const TRACES = ['scatter', 'bar', 'heatmap', 'treemap'];

// What plotly.js's own minified bundles leave out (its tasks/compress_attributes.js, which the npm package does not
// ship): the attributes' descriptions and the schema's other prose, read by its documentation, never at run time.
function makeRegex(attr, value) {
    return new RegExp('\\s*' + attr + ': ' + value + ',?', 'g');
}
const STRIP = [
    makeRegex('description', "'.*'"), // one line string
    makeRegex('description', '\\[[\\s\\S]*?\\]\\.join\\(\\s*\'[^\']*\'\\s*\\)'), // joined array (its call may wrap)
    makeRegex('requiredOpts', '\\[[\\s\\S]*?\\]'),
    makeRegex('otherOpts', '\\[[\\s\\S]*?\\]'),
    makeRegex('hrName', "'.*'"),
];
const stripMeta = {
    name: 'strip-meta',
    setup(build) {
        build.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => ({
            contents: STRIP.reduce((text, regex) => text.replace(regex, ''), fs.readFileSync(args.path, 'utf8')),
            loader: 'js',
        }));
    },
};

const common = {
    format: 'iife',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    target: 'es2016',
    logLevel: 'warning',
};

async function main() {
    const plotly = path.join(ASSETS, 'plotly-custom.min.js');
    await esbuild.build({
        ...common,
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile: plotly,
        globalName: 'Plotly',
        banner: {
            js: `/**
* plotly.js (custom: ${TRACES.join(', ')} - minified) v${VERSION}
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license (scripts/plotly/LICENSE); built by scripts/plotly/build.js (make plotly)
*/`,
        },
        footer: { js: 'window.Plotly = Plotly;' },
        loader: { '.css': 'empty' }, // maplibre's stylesheet: no map trace here
        plugins: [stripMeta],
        alias: { stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    });
    const raw = fs.readFileSync(plotly);
    const br = zlib.brotliCompressSync(raw, {
        params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
    });
    fs.writeFileSync(plotly + '.br', br);
    console.log(`assets/plotly-custom.min.js: plotly.js v${VERSION}, ${raw.length} bytes, ${br.length} with brotli`);

    const runtimeVersion = require('regenerator-runtime/package.json').version;
    await esbuild.build({
        ...common,
        entryPoints: [path.join(__dirname, 'runtime.js')],
        outfile: path.join(ASSETS, 'regenerator-runtime.min.js'),
        banner: { js: `/* regenerator-runtime v${runtimeVersion}, Copyright (c) 2014-present, Facebook, Inc.; MIT license */` },
    });
    console.log(`assets/regenerator-runtime.min.js: regenerator-runtime v${runtimeVersion}`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});

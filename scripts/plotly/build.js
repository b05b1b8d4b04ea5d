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
// The core's trace types (assets/plotly-custom.min.js, on every page) and those assets/plotly-extra.min.js adds when a
// figure needs them (assets/plotly-lazy.js loads it).
const TRACES = { core: ['scatter', 'bar'], extra: ['heatmap', 'treemap'] };

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

const plotlyOptions = {
    ...common,
    absWorkingDir: __dirname, // the metafile's paths, and so the shared modules', relative to this folder
    loader: { '.css': 'empty' }, // maplibre's stylesheet: no map trace here
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
};

function banner(traces) {
    return `/**
* plotly.js (custom: ${traces.join(', ')} - minified) v${VERSION}
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license (scripts/plotly/LICENSE); built by scripts/plotly/build.js (make plotly)
*/`;
}

// The modules of the core that the extra traces require (directly, from a module of their own): the core hands
// them over in Plotly._shared, in this order, and the extra bundle takes them from there instead of a copy.
async function sharedModules() {
    const inputs = async (entry) => {
        const meta = await esbuild.build({ ...plotlyOptions, entryPoints: [entry], write: false, metafile: true,
            outfile: 'out.js', plugins: [stripMeta], logLevel: 'error' });
        return meta.metafile.inputs;
    };
    const core = await inputs(path.join(__dirname, 'entry.js'));
    const extra = await inputs(path.join(__dirname, 'entry-extra.js'));
    const shared = new Set();
    for (const [file, info] of Object.entries(extra)) {
        if (file in core) { continue; }
        for (const dep of info.imports) {
            if (dep.path in core) { shared.add(dep.path); }
        }
    }
    return [...shared].sort();
}

// In the extra bundle, a shared module is the core's: `module.exports = window.Plotly._shared[i]`.
function fromCore(shared) {
    const index = new Map(shared.map((file, i) => [path.resolve(__dirname, file), i]));
    return {
        name: 'from-core',
        setup(build) {
            build.onResolve({ filter: /.*/ }, async (args) => {
                if (args.pluginData === 'from-core' || args.kind === 'entry-point') { return undefined; }
                const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir,
                    importer: args.importer, pluginData: 'from-core' });
                if (found.errors.length || !index.has(found.path)) { return undefined; }
                return { path: String(index.get(found.path)), namespace: 'core' };
            });
            build.onLoad({ filter: /.*/, namespace: 'core' }, (args) => ({
                contents: `module.exports = window.Plotly._shared[${args.path}];`,
                loader: 'js',
            }));
        },
    };
}

function writeBrotli(file) {
    const raw = fs.readFileSync(file);
    const br = zlib.brotliCompressSync(raw, {
        params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
    });
    fs.writeFileSync(file + '.br', br);
    console.log(`assets/${path.basename(file)}: plotly.js v${VERSION}, ${raw.length} bytes, ${br.length} with brotli`);
}

async function main() {
    const shared = await sharedModules();
    const plotly = path.join(ASSETS, 'plotly-custom.min.js');
    await esbuild.build({
        ...plotlyOptions,
        stdin: {
            contents: "module.exports = require('./entry.js');\nmodule.exports._shared = [\n" +
                shared.map((f) => `    require(${JSON.stringify('./' + f)}),\n`).join('') + '];\n',
            resolveDir: __dirname,
            sourcefile: 'entry-core.js',
        },
        outfile: plotly,
        globalName: 'Plotly',
        banner: { js: banner(TRACES.core) },
        footer: { js: 'window.Plotly = Plotly;' },
        plugins: [stripMeta],
    });
    writeBrotli(plotly);
    const extra = path.join(ASSETS, 'plotly-extra.min.js');
    await esbuild.build({
        ...plotlyOptions,
        entryPoints: [path.join(__dirname, 'entry-extra.js')],
        outfile: extra,
        banner: { js: banner(TRACES.extra) },
        plugins: [fromCore(shared), stripMeta],
    });
    writeBrotli(extra);

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

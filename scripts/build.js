#!/usr/bin/env node
// Builds the extension: generates the action catalog and the check index, then bundles
// dist/client.js (VS Code extension), dist/server.js (the language server's entry: it runs
// dist/server-main.js, the server, from a V8 code cache; server/src/boot.ts), dist/cli.js (CLI) and
// dist/host-readers.js (the Terraform and CloudFormation readers both load on first use) with esbuild,
// and copies the catalog's two files (server/src/catalogData.ts) and web-tree-sitter's WASM
// (server/src/hosts.ts) next to them, read at run time.
// Flags: --production (minify, no source maps), --watch. `npm pack` and `npm publish` (through
// `prepare`) always build for production: the npm package ships dist/cli.js without its map.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command);
const pkg = require(path.join(ROOT, 'package.json'));
// The bundles' target is derived from package.json's engines.node (">=20" -> node20), so the two agree.
const target = `node${/(\d+)/.exec(pkg.engines.node)[1]}`;
const watch = process.argv.includes('--watch');

execFileSync(process.execPath, [path.join(__dirname, 'gen-catalog.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, [path.join(__dirname, 'gen-check-index.js')], { stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  logOverride: { 'import-is-undefined': 'error' },
  absWorkingDir: ROOT,
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

// web-tree-sitter's ESM build finds itself through import.meta.url, which a CommonJS bundle lacks;
// its CommonJS build uses __dirname, and the edges hand it the WASM bytes anyway.
const treeSitterCjs = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: path.join(ROOT, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') }));
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-main.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The host readers (the yaml package, web-tree-sitter): loaded by the server and the CLI on the
  // first host file that needs one (server/src/hosts.ts), so a start with JSON policies skips them.
  { ...common, entryPoints: ['server/src/hostReaders.ts'], outfile: 'dist/host-readers.js', plugins: [treeSitterCjs] },
];

/** The catalog files the bundles read next to themselves. */
const CATALOG_FILES = ['catalog.json', 'catalog-descriptions.json'];
/** The WASM web-tree-sitter runs, read next to the bundles when the first Terraform file is (server/src/hosts.ts WASM_FILES). */
const WASM_FILES = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
};
function copyCatalog() {
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  for (const f of CATALOG_FILES) fs.copyFileSync(path.join(ROOT, 'server', 'generated', f), path.join(ROOT, 'dist', f));
  for (const [f, from] of Object.entries(WASM_FILES)) fs.copyFileSync(require.resolve(from), path.join(ROOT, 'dist', f));
}

async function main() {
  copyCatalog();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('watching...');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((e) => { console.error(e); process.exit(1); });

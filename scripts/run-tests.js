#!/usr/bin/env node
// Runs the test tiers with node's own test runner (TypeScript through tsx).
//   node scripts/run-tests.js            unit, CLI and protocol tiers (what `npm test` runs)
//   node scripts/run-tests.js unit|cli|lsp|fuzz
// The protocol tier drives dist/server.js, so build first (npm test does).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const tiers = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = tiers.length ? tiers : ['unit', 'cli', 'lsp'];

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p) : /\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const files = wanted.flatMap((t) => find(path.join(ROOT, 'test', t))).sort();
if (files.length === 0) { console.error(`no test files for ${wanted.join(', ')}`); process.exit(1); }
const reporter = process.env.CI ? ['--test-reporter=spec'] : [];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporter, ...files.map((f) => path.relative(ROOT, f))], { cwd: ROOT, stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);

#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle built by `npm ci` (through `prepare`) or `npm run build`.
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('cloudhsm-policy-lint: dist/cli.js is missing: run `npm ci` or `npm run build` first.\n');
  process.exit(2);
}
require(cli).main(process.argv.slice(2));

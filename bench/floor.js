// The floor of the throughput benchmark: read every *.json file of a folder and JSON.parse it.
// Prints {files, ms} (ms measured inside the process, after start-up).
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const dir = process.argv[2];
const t0 = performance.now();
let files = 0;
for (const name of fs.readdirSync(dir).sort()) {
  if (!name.endsWith('.json')) continue;
  JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  files++;
}
process.stdout.write(JSON.stringify({ files, ms: performance.now() - t0 }) + '\n');

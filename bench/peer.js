// The peer of the throughput benchmark, doing less work than our CLI on the same files: syntax and
// best-practice lint with @cloud-copilot/iam-policy (lintPolicy) and wildcard expansion of every
// Action/NotAction with @cloud-copilot/iam-expand (expandJsonDocument). Both are AGPL-licensed and
// installed only into bench/node_modules (bench/package.json), never into the extension.
// Prints {files, findings, expanded, ms} (ms measured inside the process, module loading included).
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

async function main() {
  const t0 = performance.now();
  const { lintPolicy } = require('@cloud-copilot/iam-policy');
  const { expandJsonDocument } = require('@cloud-copilot/iam-expand');
  const dir = process.argv[2];
  let files = 0;
  let findings = 0;
  let expanded = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    findings += lintPolicy(doc).length;
    const out = await expandJsonDocument({}, structuredClone(doc));
    for (const s of [].concat(out.Statement || [])) {
      for (const k of ['Action', 'NotAction']) if (s && s[k]) expanded += [].concat(s[k]).length;
    }
    files++;
  }
  process.stdout.write(JSON.stringify({ files, findings, expanded, ms: performance.now() - t0 }) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });

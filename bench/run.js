#!/usr/bin/env node
// `npm run bench` (after the build): measures the language server and the CLI against the budgets of
// issue #15, prints a table and writes BENCHMARKS.md. A harness, not a test: it always exits 0 unless
// it cannot run at all; budget misses are reported as FAIL in the table.
// Sections (bench/sections/): keystroke, cold start, throughput, memory and package, profile; then any
// extra section modules listed in EXTRA_SECTIONS that exist (e.g. bench/hosts.js: host-format rows).
// Options: --edits=N (keystrokes per size, default 200), --warmup=N (keystrokes into another policy
// first, default 50), --rounds=N (LSP runs per size up to 32 KB, default 3), --skip=keystroke,cold,
// throughput,memory,profile,peer,vsix (what to leave out), --only=32 KB,1 MB (keystroke documents by
// label prefix), --server-execargv="--max-semi-space-size=1" (node options for the memory row's
// server), --repackage (rebuild the .vsix), --no-write (print only, leave BENCHMARKS.md alone).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { PATHS, log, machine } = require('./lib/util');
const { bundle } = require('./lib/build');
const { plain, slowest, markdown } = require('./lib/report');

/**
 * A section: { name, key, run(bench) }. `bench` holds the bundled core and LspClient, the options,
 * `row(section, what, value, budget, pass)`, `note(text)` and `results` (what later sections read).
 */
const SECTIONS = [
  require('./sections/keystroke'),
  require('./sections/coldstart'),
  require('./sections/throughput'),
  require('./sections/memory'),
];
/** Section modules added by other work (run after the core sections, before the profile), when present. */
const EXTRA_SECTIONS = ['./hosts.js'];
const PROFILE = require('./sections/profile');

function options(argv) {
  const opt = (name, dflt) => { const a = argv.find((x) => x.startsWith(`--${name}=`)); return a ? a.slice(name.length + 3) : dflt; };
  const only = opt('only', '');
  const execArgv = opt('server-execargv', '');
  return {
    edits: Number(opt('edits', '200')),
    warmup: Number(opt('warmup', '50')),
    rounds: Math.max(1, Number(opt('rounds', '3'))),
    skip: new Set(opt('skip', '').split(',').filter(Boolean)),
    only: only ? only.split(',').map((s) => s.trim()) : undefined,
    serverExecArgv: execArgv ? execArgv.split(' ').filter(Boolean) : [],
    repackage: argv.includes('--repackage'),
    write: !argv.includes('--no-write'),
  };
}

async function main() {
  const t0 = performance.now();
  if (!fs.existsSync(PATHS.SERVER)) { console.error('bench: dist/server.js is missing: run `npm run bench` (it builds first).'); process.exit(2); }
  const m = machine();
  log(`bench: ${m.cpu}, ${m.cores} cores, ${m.ram}, node ${m.node}`);
  await bundle();
  const bench = {
    opts: options(process.argv.slice(2)),
    core: require(path.join(PATHS.BUILD, 'core.js')),
    LspClient: require(path.join(PATHS.BUILD, 'client.js')).LspClient,
    rows: [],
    notes: [],
    results: {},
    row(section, what, value, budget, pass) { this.rows.push({ section, what, value, budget: budget ?? '', pass: pass === undefined ? '' : pass ? 'pass' : 'FAIL' }); },
    note(text) { this.notes.push(text); },
  };
  const extra = EXTRA_SECTIONS.map((f) => path.join(__dirname, f)).filter((f) => fs.existsSync(f)).map((f) => require(f));
  let i = 0;
  for (const s of [...SECTIONS, ...extra, PROFILE]) {
    i++;
    if (bench.opts.skip.has(s.key)) { bench.note(`Section "${s.name}" skipped (--skip=${s.key}).`); continue; }
    log(`${i}. ${s.name}`);
    await s.run(bench);
  }
  const endLoad = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const totalSec = (performance.now() - t0) / 1000;
  // Only the load before the run says whether something else was running: by the end, the
  // benchmark's own processes (server, CLI, peer) are in the load average too.
  if (Number(m.load.split(' / ')[0]) > m.cores * 0.75) {
    bench.note(`The machine was busy before the run (load average ${m.load} at the start, ${endLoad} at the end, on ${m.cores} cores): wall-clock figures are inflated; the CPU-time figures are less affected.`);
  }
  console.log('\n' + plain(bench.rows) + '\n');
  const sl = slowest(bench);
  if (sl.length) console.log('Slowest part of analyze():\n' + sl.map((x) => '  ' + x).join('\n'));
  for (const n of bench.notes) console.log('Note: ' + n);
  if (!bench.opts.write) return;
  fs.writeFileSync(path.join(PATHS.ROOT, 'BENCHMARKS.md'), markdown(bench, m, endLoad, totalSec));
  console.log(`Wrote BENCHMARKS.md (${totalSec.toFixed(0)} s).`);
}

main().catch((e) => { console.error('bench failed:', e && e.stack || e); process.exit(1); });

#!/usr/bin/env node
// Runs the test tiers with node's own test runner (TypeScript through tsx).
//   node scripts/run-tests.js            unit, CLI and protocol tiers (what `npm test` runs)
//   node scripts/run-tests.js unit|cli|lsp|fuzz
//   --isolated   one process per test file (node --test) for every tier: slower, for a suspected leak between files
// The CLI and protocol tiers drive dist/ (cli.js, server.js), so build first (npm test does).
//
// How: each tier runs in-process: one process (test/shard.ts) imports its test files, so tsx, the
// core and the catalog load once per process rather than once per file (that start-up, about 1.4 s
// of CPU per file, was half of npm test's CPU). The unit and fuzz tiers are split into one shard per
// core (balanced by file size); the CLI and protocol tiers are one process each (they mostly wait on
// the built CLI and server). They run side by side, one per core at a time, the protocol tier last;
// the dots of each come as they come, then each one's failures and a summary line (files, tests,
// failures, seconds).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const isolated = args.includes('--isolated');
const tiers = args.filter((a) => !a.startsWith('-'));
const wanted = tiers.length ? tiers : ['unit', 'cli', 'lsp'];
/** Tiers split into one shard per core; the others run as one process each. */
const SHARDED = new Set(['unit', 'fuzz']);

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p) : /\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const filesOf = (tier) => find(path.join(ROOT, 'test', tier)).sort();
if (wanted.every((t) => filesOf(t).length === 0)) { console.error(`no test files for ${wanted.join(', ')}`); process.exit(1); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'run-tests-'));
const reporters = (name) => [
  '--test-reporter=tap', `--test-reporter-destination=${path.join(tmp, `${name}.tap`)}`,
  `--test-reporter=${process.env.CI ? 'spec' : 'dot'}`, '--test-reporter-destination=stdout',
];
let n = 0;
/** One process running `files` in-process (test/shard.ts). */
function shardJob(name, files) {
  const id = `job${n++}`;
  return { name, files: files.length, args: ['--import', 'tsx', ...reporters(id), path.join('test', 'shard.ts')], env: { SHARD_FILES: files.join('\n') }, tap: path.join(tmp, `${id}.tap`) };
}
/** node --test: one process per file. */
function perFileJob(name, files) {
  const id = `job${n++}`;
  return { name, files: files.length, args: ['--import', 'tsx', '--test', ...reporters(id), ...files.map((f) => path.relative(ROOT, f))], env: {}, tap: path.join(tmp, `${id}.tap`) };
}

const cores = os.availableParallelism?.() ?? os.cpus().length;
const jobs = [];
for (const tier of wanted) {
  const files = filesOf(tier);
  if (files.length === 0) continue;
  if (isolated) { jobs.push(perFileJob(`${tier} (a process per file)`, files)); continue; }
  if (!SHARDED.has(tier)) { jobs.push(shardJob(tier, files)); continue; }
  // Shards balanced by file size (a rough weight), the biggest files first; one per core.
  const shards = Array.from({ length: Math.max(1, Math.min(cores, files.length)) }, () => ({ files: [], weight: 0 }));
  for (const f of [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)) {
    const s = shards.reduce((m, x) => (x.weight < m.weight ? x : m));
    s.files.push(f);
    s.weight += fs.statSync(f).size;
  }
  shards.forEach((s, i) => jobs.push(shardJob(`${tier} ${i + 1}/${shards.length}`, s.files.sort())));
}

function run(job) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, job.args, { cwd: ROOT, env: { ...process.env, ...job.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      // Progress dots as they come; everything else (failures, spec output) once the job ends.
      const s = String(d);
      if (!process.env.CI && /^[.X\n]*$/.test(s)) process.stdout.write(s.replace(/\n/g, '')); else out += s;
    });
    child.stderr.on('data', (d) => { out += String(d); });
    child.on('close', (code, signal) => {
      const tap = fs.existsSync(job.tap) ? fs.readFileSync(job.tap, 'utf8') : '';
      const count = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap) ?? [])[1] ?? NaN);
      resolve({ job, code: code ?? 1, signal, out, tests: count('tests'), fail: count('fail'), s: (Date.now() - t0) / 1000 });
    });
  });
}

// At most one job per core at a time, in order: the unit shards first, the protocol tier last (its
// tests bound response times, so it runs beside as little of this run as possible).
jobs.sort((a, b) => rank(a) - rank(b));
function rank(job) { return job.name.startsWith('lsp') ? 2 : job.name.startsWith('cli') ? 1 : 0; }
async function pool(limit) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => { while (next < jobs.length) { const i = next++; results[i] = await run(jobs[i]); } };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

pool(Math.max(2, cores)).then((results) => {
  process.stdout.write('\n');
  for (const r of results) if (r.out.trim()) process.stdout.write(`\n── ${r.job.name} ──\n${r.out.trim()}\n`);
  process.stdout.write('\n');
  for (const r of results) {
    const status = r.code === 0 ? 'ok' : `FAILED (exit ${r.signal ?? r.code})`;
    process.stdout.write(`${r.job.name}: ${r.job.files} files, ${r.tests} tests, ${r.fail} failed, ${r.s.toFixed(0)} s: ${status}\n`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(results.every((r) => r.code === 0) ? 0 : 1);
});

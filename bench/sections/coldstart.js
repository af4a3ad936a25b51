// 2. Cold start: spawn -> first publishDiagnostics of an opened 1 KB policy, next to the floor (a
// minimal vscode-languageserver started the same way), interleaved run by run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { generatePolicy } = require('../policies');
const { PATHS, log, median, ms, procCpuMs, serverEnv } = require('../lib/util');

const RUNS = 7;
const TARGET_MS = 200;
const TARGET_RATIO = 1.6;

async function once(bench, serverPath, env, text) {
  const c = await bench.LspClient.start({ serverPath, settings: {}, timeoutMs: 30000, env });
  try {
    const init = performance.now() - c.spawnedAt;
    const uri = 'file:///bench/cold.json';
    await c.open(uri, text);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    return { ms: p.at - c.spawnedAt, init, cpu: procCpuMs(c.pid) };
  } finally {
    await c.stop();
  }
}

async function run(bench) {
  const text = generatePolicy(1024, 'identity', 11);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
  const asIs = { ...process.env, CLOUDHSM_POLICY_LINT_CACHE_DIR: cacheDir };
  const variants = [
    { key: 'ours', what: 'our server as the extension starts it (code cache written by an earlier start, no NODE_EXTRA_CA_CERTS)', path: PATHS.SERVER, env: () => serverEnv(cacheDir) },
    { key: 'floor', what: 'floor: a minimal vscode-languageserver (bench/floor-server.js), same environment', path: PATHS.FLOOR_SERVER, env: () => serverEnv(cacheDir) },
    { key: 'nocache', what: 'our server, first start (no code cache yet)', path: PATHS.SERVER, env: () => serverEnv(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cold-first-'))) },
  ];
  if (process.env.NODE_EXTRA_CA_CERTS) variants.push({ key: 'ca', what: `our server with this environment's NODE_EXTRA_CA_CERTS (as before the extension removed it)`, path: PATHS.SERVER, env: () => asIs });
  try {
    await once(bench, PATHS.SERVER, serverEnv(cacheDir), text); // writes the code cache
    const res = Object.fromEntries(variants.map((v) => [v.key, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        const env = v.env();
        try { res[v.key].push(await once(bench, v.path, env, text)); } finally {
          if (v.key === 'nocache') fs.rmSync(env.CLOUDHSM_POLICY_LINT_CACHE_DIR, { recursive: true, force: true });
        }
      }
    }
    const med = (k, f = 'ms') => median(res[k].map((x) => x[f]));
    const ours = med('ours');
    const floor = med('floor');
    bench.results.coldStart = { ours, floor, ratio: ours / floor };
    log(`  cold start: ours ${ms(ours)}, floor ${ms(floor)} (${(ours / floor).toFixed(2)}×)`);
    for (const v of variants) {
      const m = med(v.key);
      const runs = res[v.key].map((x) => x.ms.toFixed(0)).join(', ');
      const budget = v.key === 'ours' ? `≤ ${TARGET_MS} ms and ≤ ${TARGET_RATIO}× floor (${(m / floor).toFixed(2)}×)` : v.key === 'floor' ? '' : `${(m / ours).toFixed(2)}× ours`;
      const pass = v.key === 'ours' ? m <= TARGET_MS && m / floor <= TARGET_RATIO : undefined;
      bench.row('Cold start', `${v.what}: spawn → first publishDiagnostics, median of ${RUNS} interleaved runs; server CPU at that point; initialize answered at`,
        `${ms(m)} (runs: ${runs}); CPU ${ms(med(v.key, 'cpu'))}; ${ms(med(v.key, 'init'))}`, budget, pass);
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  breakdown(bench, text);
}

/** Where start-up goes: the server's steps, timed inside a fresh process (median of 3). */
function breakdown(bench, text) {
  const steps = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['-e', `
      const { performance } = require('perf_hooks');
      const t0 = performance.now();
      require('vscode-languageserver/node');
      const t1 = performance.now();
      const core = require(${JSON.stringify(path.join(PATHS.BUILD, 'core.js'))});
      const t2 = performance.now();
      const catalog = core.readCatalog(${JSON.stringify(path.join(PATHS.ROOT, 'dist'))});
      const t3 = performance.now();
      core.createAnalyzer(catalog, core.POLICY_DATA).analyze(${JSON.stringify(text)});
      const t4 = performance.now();
      process.stdout.write(JSON.stringify({ boot: t0, lsp: t1 - t0, core: t2 - t1, catalog: t3 - t2, first: t4 - t3 }));
    `], { cwd: PATHS.ROOT, encoding: 'utf8', timeout: 30000, env: serverEnv(os.tmpdir()) });
    if (r.status === 0) steps.push(JSON.parse(r.stdout));
    else log(`  start-up breakdown failed: ${r.stderr}`);
  }
  if (!steps.length) return;
  const med = (k) => median(steps.map((x) => x[k]));
  bench.row('Cold start', 'where it goes (fresh process without code cache, median of 3): node boot / load vscode-languageserver / load the core / read catalog.json / first analyze()',
    `${ms(med('boot'))} / ${ms(med('lsp'))} / ${ms(med('core'))} / ${ms(med('catalog'))} / ${ms(med('first'))}`);
}

module.exports = { name: 'cold start', key: 'cold', run };

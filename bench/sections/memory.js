// 4. Memory (server RSS, heap kept per keystroke) and the package (.vsix size and contents).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { generatePolicy } = require('../policies');
const { PATHS, log, mb, kb, serverEnv } = require('../lib/util');
const { freshCatalog } = require('../lib/build');

const RSS_BUDGET = 100 * 1024 * 1024;
const VSIX_BUDGET = 1024 * 1024;

async function rss(bench) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-mem-'));
  const c = await bench.LspClient.start({ serverPath: PATHS.SERVER, settings: {}, initializationOptions: { delay: 0 }, timeoutMs: 30000, env: serverEnv(cacheDir), execArgv: bench.opts.serverExecArgv });
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
    const how = bench.opts.serverExecArgv.length ? ` (server started with ${bench.opts.serverExecArgv.join(' ')})` : '';
    bench.row('Memory', `server RSS after initialize${how}`, mb(atStart), `≤ ${mb(RSS_BUDGET)}`, atStart <= RSS_BUDGET);
    bench.row('Memory', `server RSS after opening 50 policies (2–20 KB each, all analysed)${how}`, mb(after), `≤ ${mb(RSS_BUDGET)}`, after <= RSS_BUDGET);
  } finally {
    await c.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Heap the analysis keeps per keystroke, in-process with the server's (incremental) analyzer: 1,000
 * versions of a 32 KB key policy, each with an action name of 40+ characters never seen before (as
 * typing one gives). Caches keep what they learn (bounded); they must not keep the documents.
 */
function retention(bench) {
  const { core } = bench;
  let gc;
  try {
    require('v8').setFlagsFromString('--expose-gc');
    gc = require('vm').runInNewContext('gc');
  } catch { /* below */ }
  if (typeof gc !== 'function') { bench.note('Heap kept per keystroke: not measured (no gc()).'); return; }
  const analyzer = core.createAnalyzer(freshCatalog(core), core.POLICY_DATA, { incremental: true });
  const base = generatePolicy(32 * 1024, 'key', 21);
  const versions = (from, n) => Array.from({ length: n }, (_, i) => base.replace('"kms:Encrypt"', `"kms:GenerateDataKeyPairWithoutPlaintext${from + i}"`));
  for (const t of versions(0, 50)) analyzer.analyze(t); // warm-up
  const N = 1000;
  const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
  const h0 = heap();
  for (let i = 0; i < N; i += 100) for (const t of versions(100 + i, 100)) analyzer.analyze(t);
  const perKeystroke = (heap() - h0) / N;
  log(`  heap kept per keystroke: ${kb(perKeystroke)}`);
  bench.row('Memory', `heap kept per keystroke: ${N} versions of a 32 KB key policy, each with a new 40-character action name (in-process, incremental analyzer, after a full GC)`, kb(perKeystroke));
}

/** The entries of a zip file (name, compressed and uncompressed size), from its central directory. */
function zipEntries(file) {
  const b = fs.readFileSync(file);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('not a zip file');
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const compressed = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extra = b.readUInt16LE(p + 30);
    const comment = b.readUInt16LE(p + 32);
    out.push({ name: b.toString('utf8', p + 46, p + 46 + nameLen), compressed, size });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

function vsix(bench) {
  if (bench.opts.skip.has('vsix')) { bench.note('.vsix size skipped (--skip=vsix).'); return; }
  let how = 'existing file';
  if (!fs.existsSync(PATHS.VSIX) || bench.opts.repackage) {
    log('  running npm run package ...');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', 'package'], { cwd: PATHS.ROOT, encoding: 'utf8', timeout: 180000 });
    how = 'built by npm run package';
    // package rebuilds dist/ for production; put the development build back.
    try { execFileSync(process.execPath, [path.join(PATHS.ROOT, 'scripts', 'build.js')], { cwd: PATHS.ROOT, stdio: 'ignore' }); } catch { /* reported by the next build */ }
    if (r.status !== 0 || !fs.existsSync(PATHS.VSIX)) {
      const why = (r.stderr || r.stdout || String(r.error || '')).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      bench.row('Package', '.vsix size', 'n/a', `≤ ${mb(VSIX_BUDGET)}`);
      bench.note(`.vsix: \`npm run package\` failed (exit ${r.status}): ${why.slice(0, 400)}`);
      return;
    }
  }
  const st = fs.statSync(PATHS.VSIX);
  bench.row('Package', `.vsix size (${how}, ${st.mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC)`, mb(st.size), `≤ ${mb(VSIX_BUDGET)}`, st.size <= VSIX_BUDGET);
  try {
    const entries = zipEntries(PATHS.VSIX).filter((e) => !e.name.endsWith('/'));
    const group = (name) => { const m = /^extension\/([^/]+\/)?/.exec(name); return m ? (m[1] ? m[1] : name.slice('extension/'.length)) : name; };
    const groups = new Map();
    for (const e of entries) {
      const g = e.name.startsWith('extension/dist/') ? e.name.slice('extension/'.length) : group(e.name);
      const x = groups.get(g) ?? { files: 0, size: 0, compressed: 0 };
      x.files++; x.size += e.size; x.compressed += e.compressed;
      groups.set(g, x);
    }
    bench.results.vsixContents = [...groups.entries()].sort((a, b) => b[1].compressed - a[1].compressed);
    bench.row('Package', `.vsix contents: ${entries.length} files, ${mb(entries.reduce((a, e) => a + e.size, 0))} uncompressed (the table under "What is in the .vsix")`, mb(entries.reduce((a, e) => a + e.compressed, 0)) + ' compressed');
  } catch (e) {
    bench.note(`.vsix contents not listed: ${e.message}`);
  }
}

async function run(bench) {
  await rss(bench);
  retention(bench);
  vsix(bench);
}

module.exports = { name: 'memory and package', key: 'memory', run, zipEntries };

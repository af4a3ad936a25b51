// 3. Throughput: the CLI over every AWS managed policy, next to JSON.parse alone and to a peer.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { performance } = require('perf_hooks');
const { PATHS, log, ms, mb, runTimed } = require('../lib/util');
const { freshCatalog } = require('../lib/build');

const BUDGET_MS = 3000;
const PEER_RATIO = 0.7;

function writeCorpus() {
  const all = JSON.parse(fs.readFileSync(PATHS.MANAGED, 'utf8'));
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

function ensurePeer() {
  if (fs.existsSync(path.join(PATHS.ROOT, 'bench', 'node_modules', '@cloud-copilot', 'iam-policy'))) return true;
  log('  installing the peer (bench/package.json) with npm ci --prefix bench ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const dir = path.join(PATHS.ROOT, 'bench');
  const r = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 120000 });
  return r.status === 0;
}

async function run(bench) {
  const { core } = bench;
  const corpus = writeCorpus();
  try {
    log(`  corpus: ${corpus.n} latest managed policy versions, ${mb(corpus.bytes)} in ${corpus.dir}`);
    const peerOk = !bench.opts.skip.has('peer') && ensurePeer();
    // The CLI and the peer alternately, 3 times each (this machine is shared: the medians, same conditions).
    const cliRuns = [];
    const peerRuns = [];
    for (let i = 0; i < 3; i++) {
      const cli = await runTimed([PATHS.CLI, '--format', 'json', corpus.dir]);
      if (cli.code !== 0 && cli.code !== 1) throw new Error(`CLI exited ${cli.code}: ${cli.stderr.slice(0, 500)}`);
      cliRuns.push(cli);
      if (peerOk) {
        const peer = await runTimed([path.join(PATHS.ROOT, 'bench', 'peer.js'), corpus.dir]);
        if (peer.code !== 0) throw new Error(`peer exited ${peer.code}: ${peer.stderr.slice(0, 500)}`);
        peerRuns.push(peer);
      }
    }
    const mid = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1];
    const cli = mid(cliRuns);
    const reports = JSON.parse(cli.stdout);
    const findings = reports.reduce((a, r) => a + r.diagnostics.length, 0);
    const peer = peerOk ? mid(peerRuns) : undefined;
    row(bench, `CLI \`--format json\` over ${reports.length} managed policies (${mb(corpus.bytes)}; ${findings} findings), median of ${cliRuns.length} runs alternating with the peer's (${cliRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms)`,
      `${ms(cli.ms)} wall, ${(reports.length / (cli.ms / 1000)).toFixed(0)} policies/s`,
      peer ? `≤ ${BUDGET_MS} ms and ≤ ${PEER_RATIO}× peer (${(cli.ms / peer.ms).toFixed(2)}×)` : `≤ ${BUDGET_MS} ms`,
      cli.ms <= BUDGET_MS && (!peer || cli.ms / peer.ms <= PEER_RATIO));
    // The floor: read + JSON.parse in a fresh process.
    const floor = await runTimed([path.join(PATHS.ROOT, 'bench', 'floor.js'), corpus.dir]);
    const floorIn = JSON.parse(floor.stdout);
    row(bench, 'floor: read + JSON.parse of the same files (fresh node process)', `${ms(floor.ms)} wall (${ms(floorIn.ms)} inside)`, `CLI = ${(cli.ms / floor.ms).toFixed(1)}× floor`);
    // The core alone, in this process (no process start, no output), with a fresh catalog as in the CLI.
    const analyzer = core.createAnalyzer(freshCatalog(core), core.POLICY_DATA);
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
    bench.results.slowestFiles = { list: perFile.slice(0, 8), total: coreMs, top20: perFile.slice(0, 20).reduce((a, x) => a + x.ms, 0) };
    bench.results.corpusFiles = files;
    t0 = performance.now();
    for (const text of files) JSON.parse(text);
    const parseMs = performance.now() - t0;
    row(bench, 'core only: analyze() of every file, in-process (fresh catalog; no process start, no output)', `${ms(coreMs)} (${(files.length / (coreMs / 1000)).toFixed(0)} policies/s; JSON.parse alone ${ms(parseMs)})`,
      `core = ${(coreMs / parseMs).toFixed(0)}× JSON.parse`);
    log(`  CLI ${ms(cli.ms)}, floor ${ms(floor.ms)}, core ${ms(coreMs)}${peer ? `, peer ${ms(peer.ms)}` : ''}`);
    if (bench.opts.skip.has('peer')) { bench.note('Peer comparison skipped (--skip=peer).'); return; }
    if (!peer) {
      row(bench, 'peer: @cloud-copilot/iam-policy lint + iam-expand', 'n/a (npm ci --prefix bench failed)');
      bench.note('The peer could not be installed (npm ci --prefix bench failed): no peer figures.');
      return;
    }
    const peerIn = JSON.parse(peer.stdout);
    row(bench, `peer: @cloud-copilot/iam-policy lintPolicy + iam-expand expandJsonDocument (${peerIn.files} files; ${peerIn.findings} findings, ${peerIn.expanded} actions), median of ${peerRuns.length} (${peerRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms)`,
      `${ms(peer.ms)} wall (${ms(peerIn.ms)} inside), ${(peerIn.files / (peer.ms / 1000)).toFixed(0)} policies/s`, `CLI = ${(cli.ms / peer.ms).toFixed(2)}× peer`);
  } finally {
    fs.rmSync(corpus.dir, { recursive: true, force: true });
  }
}

function row(bench, what, value, budget, pass) { bench.row('Throughput', what, value, budget, pass); }

module.exports = { name: 'throughput', key: 'throughput', run };

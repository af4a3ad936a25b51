// 5. Profile: where analyze() spends its time, per phase and per check, through the analyzer's
// phase-timing hook (AnalyzerOptions.phases in server/src/analysis/index.ts).
'use strict';
const { performance } = require('perf_hooks');
const { ms } = require('../lib/util');
const { freshCatalog } = require('../lib/build');

/**
 * Time per phase over `texts` on a catalog of its own. `incremental` (keystroke versions of one
 * policy): the server's analyzer, which remembers statements between versions.
 */
function profile(core, texts, incremental) {
  const t = {};
  const timer = { now: () => performance.now(), onPhase: (name, v) => { t[name] = (t[name] || 0) + v; } };
  const analyzer = core.createAnalyzer(freshCatalog(core), core.POLICY_DATA, { incremental, phases: timer });
  for (const text of texts.slice(0, 3)) analyzer.analyze(text + ' '); // warm-up
  for (const k of Object.keys(t)) delete t[k];
  let total = 0;
  for (const text of texts) {
    const a0 = performance.now();
    analyzer.analyze(text);
    total += performance.now() - a0;
  }
  const n = texts.length;
  const label = (k) => ({ parse: '(parse)', model: '(policy model)', roles: '(role analysis)', sort: '(sort findings)' }[k] ?? k);
  const parts = Object.entries(t).map(([k, v]) => ({ part: label(k), ms: v / n })).sort((a, b) => b.ms - a.ms);
  const sum = parts.reduce((a, p) => a + p.ms, 0);
  return { n, total: total / n, parts, sum };
}

async function run(bench) {
  const { core, results } = bench;
  const docs = results.keystrokeDocs ?? [];
  const list = [];
  for (const d of docs) {
    if (!['32 KB', '32 KB, 70 principals', '200 KB', '1 MB'].includes(d.label) || !d.edited?.length) continue;
    const versions = d.large ? d.edited.slice(0, 20) : d.edited;
    list.push({ name: `${d.label} key policy, ${versions.length} keystroke versions (incremental, as in the server)`, p: profile(core, versions, true) });
  }
  if (results.corpusFiles) list.push({ name: `AWS managed policies (${results.corpusFiles.length}), fresh catalog as in the CLI`, p: profile(core, results.corpusFiles, false) });
  results.profiles = list;
  bench.profiles = list.map((x) => ({ ...x, table: table(x) }));
}

function table(x) {
  return `| ${x.name} | time per analysis | share |\n| --- | --- | --- |\n`
    + x.p.parts.slice(0, 8).map((q) => `| ${q.part} | ${ms(q.ms)} | ${((q.ms / x.p.sum) * 100).toFixed(0)}% |`).join('\n')
    + `\n| *all phases* | *${ms(x.p.sum)}* (analyze() itself: ${ms(x.p.total)}) | |`;
}

module.exports = { name: 'profile', key: 'profile', run };

/**
 * The long storm (`npm run fuzz`): thousands of random incremental and full didChange events with
 * completion, hover and code action requests interleaved, sent to the built server (dist/server.js;
 * build first) through test/lsp/client.ts. See storm.ts for the properties checked after each storm.
 * Seed from FUZZ_SEED or the time (printed).
 */
import { after, test } from 'node:test';
import { LspClient } from '../lsp/client';
import { checkExampleCorpus, exampleCorpus, managedCorpus, runSeed } from './arbitraries';
import { storm, StormResult } from './storm';

const SEED = runSeed();
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const BASES = [...exampleCorpus(), ...checkExampleCorpus()].map((e) => e.text);
const results: StormResult[] = [];
const n = (edits: number) => Math.max(50, Math.round(edits * SCALE));

console.log(`fuzz storm: seed ${SEED} (FUZZ_SEED=${SEED} reproduces), scale ${SCALE}`);

async function withServer(o: Parameters<typeof LspClient.start>[0], body: (c: LspClient) => Promise<void>): Promise<void> {
  const c = await LspClient.start(o);
  try {
    await body(c);
  } finally {
    await c.stop();
  }
}

test('no debounce: three storms of 2,000 edits, one after the other', async (t) => {
  await withServer({ settings: {}, initializationOptions: { delay: 0 } }, async (c) => {
    for (let i = 0; i < 3; i++) {
      const r = await storm(c, { seed: SEED + i, edits: n(2000), uri: `file:///work/storm/no-debounce-${i}.json`, bases: BASES, maxPauseMs: 5 });
      results.push(r);
      t.diagnostic(`seed ${SEED + i}: ${JSON.stringify(r)}`);
    }
  });
});

test('default debounce, pauses up to 400 ms: 1,000 edits', async (t) => {
  await withServer({ settings: {} }, async (c) => {
    const r = await storm(c, { seed: SEED + 10, edits: n(1000), uri: 'file:///work/storm/debounced.json', bases: BASES, maxPauseMs: 400 });
    results.push(r);
    t.diagnostic(`seed ${SEED + 10}: ${JSON.stringify(r)}`);
  });
});

test('three documents at once, with severity settings', async (t) => {
  const severity = { 'missing-version': 'hint', 'duplicate-sid': 'off', 'excessive-action': 'error' };
  await withServer({ settings: { severity }, initializationOptions: { delay: 0 } }, async (c) => {
    // The final request of each is sent once all three storms are over.
    let waiting = 3;
    let release!: () => void;
    const allDone = new Promise<void>((r) => { release = r; });
    const beforeFinal = () => { if (--waiting === 0) release(); return allDone; };
    const rs = await Promise.all([0, 1, 2].map((i) => storm(c, { seed: SEED + 20 + i, edits: n(800), uri: `file:///work/storm/parallel-${i}.json`, bases: BASES, severity, maxPauseMs: 20, beforeFinal })));
    results.push(...rs);
    t.diagnostic(rs.map((r, i) => `seed ${SEED + 20 + i}: ${JSON.stringify(r)}`).join('\n'));
  });
});

// 20-50 KB (key policies go up to 32 KB), with the default debounce and fewer requests: every request
// makes the server analyse the version it is for (about 100 ms at this size) and requests cannot be
// cancelled, so a flood of them on a document this large queues seconds of work (see the fuzz report).
test('large AWS managed policies (20 to 50 KB) as the starting texts', async (t) => {
  const big = managedCorpus().filter((e) => e.text.length > 20_000 && e.text.length < 50_000).map((e) => e.text);
  await withServer({ settings: {} }, async (c) => {
    const r = await storm(c, { seed: SEED + 30, edits: n(300), uri: 'file:///work/storm/large.json', bases: big, maxPauseMs: 200, requestRate: 0.15 });
    results.push(r);
    t.diagnostic(`seed ${SEED + 30}: ${JSON.stringify(r)} (${big.length} large policies)`);
  });
});

after(() => {
  const edits = results.reduce((s, r) => s + r.edits, 0);
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const slowest = Math.max(0, ...results.map((r) => r.finalAnswerMs));
  console.log(`fuzz storm totals (seed ${SEED}): ${results.length} storms, ${edits} edits, ${requests} requests, all answered; slowest request after a storm ${slowest.toFixed(0)} ms`);
});

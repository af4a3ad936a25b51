/**
 * A storm of 200 random edits and requests (fixed seed) sent to the built server (dist/server.js)
 * leaves it alive, answering, and publishing the diagnostics of the last version; with and without
 * the debounce. The long run with a random seed is test/fuzz/storm.test.ts (`npm run fuzz`).
 * Reproduce a failure with FUZZ_SEED=<seed printed below>.
 */
import { test } from 'node:test';
import { checkExampleCorpus, exampleCorpus, runSeed } from '../fuzz/arbitraries';
import { storm } from '../fuzz/storm';
import { LspClient } from './client';

const SEED = runSeed(20261129);
const BASES = [...exampleCorpus(), ...checkExampleCorpus()].map((e) => e.text);

for (const delay of [0, undefined]) {
  test(`a storm of 200 random edits and requests through the protocol (${delay === 0 ? 'no debounce' : 'default debounce'})`, async (t) => {
    const c = await LspClient.start({ settings: {}, initializationOptions: delay === undefined ? undefined : { delay } });
    try {
      const r = await storm(c, { seed: SEED + (delay ?? 1), edits: 200, uri: `file:///work/storm/lsp-${delay ?? 'default'}.json`, bases: BASES, maxPauseMs: delay === 0 ? 10 : 300 });
      t.diagnostic(`storm: seed ${SEED + (delay ?? 1)}, ${r.edits} edits (${r.fullChanges} full), ${r.requests} requests, ${r.publications} publications, final request answered in ${r.finalAnswerMs.toFixed(0)} ms`);
    } finally {
      await c.stop();
    }
  });
}


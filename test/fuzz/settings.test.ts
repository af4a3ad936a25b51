/**
 * Invalid settings through the protocol (built server, test/lsp/client.ts, which records every
 * notification, window/showMessage included): each problem is shown once per settings change, not
 * once per keystroke or per document; the valid entries next to invalid ones take effect.
 * (test/lsp/diagnostics.test.ts checks "once, not once per document" for one change; this adds
 * keystrokes, more documents, repeated settings changes and random invalid settings.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LspClient } from '../lsp/client';
import { exampleCorpus, prng, runSeed } from './arbitraries';

const SEED = runSeed();
console.log(`fuzz settings: seed ${SEED} (FUZZ_SEED=${SEED} reproduces)`);
/** A flawed key store manager policy without Version, so that missing-version fires unless turned off. */
const POLICY = exampleCorpus().find((e) => e.name.endsWith('key-store-manager-flawed.json'))!.text.replace(/\s*"Version": "2012-10-17",/, '');
const INVALID = {
  enable: 'yes',
  delay: -5,
  severity: { 'no-such-check': 'off', 'duplicate-sid': 'loud', 'missing-version': 'off' },
  roles: { 'policies/*.json': 'admin' },
  files: 'policies/*.json',
};

/** The messages the server showed (window/showMessage notifications and showMessage requests). */
function shown(c: LspClient): string[] {
  return [...c.notifications, ...c.serverRequests].filter((n) => n.method === 'window/showMessage' || n.method === 'window/showMessageRequest')
    .map((n) => String((n.params as { message?: unknown }).message));
}

async function type(c: LspClient, uri: string, count: number, seed: number): Promise<void> {
  const rnd = prng(seed);
  for (let i = 0; i < count; i++) {
    const text = c.text(uri);
    const at = text.indexOf('"Sid"') >= 0 ? text.indexOf('"Sid"') + 8 : Math.floor(rnd() * text.length);
    const v = await c.edit(uri, [{ offset: at, length: 0, newText: 'abcdefgh'[Math.floor(rnd() * 8)] }]);
    if (i % 10 === 9) await c.waitForDiagnostics(uri, { version: v, timeoutMs: 3000 });
  }
}

test('invalid settings: each problem shown once per change, not per keystroke or document; valid entries apply', async (t) => {
  const c = await LspClient.start({ settings: INVALID, initializationOptions: { delay: 0 } });
  try {
    const uri = 'file:///work/settings/a.json';
    await c.open(uri, POLICY);
    await c.waitForDiagnostics(uri, { version: 1 });
    await type(c, uri, 60, SEED);
    await LspClient.sleep(200);
    const first = shown(c);
    t.diagnostic(`shown after 60 keystrokes: ${JSON.stringify(first)}`);
    assert.equal(first.length, 6, `six problems, each shown once: ${JSON.stringify(first)}`);
    assert.equal(new Set(first).size, 6);
    const all = first.join('\n');
    for (const fragment of [/enable must be true or false/, /delay must be .*between 0 and 10000/, /unknown check "no-such-check"/,
      /"loud" is not one of error, warning, information, hint, off/, /"admin" is not a principal class\. Valid ids: key-store-manager, cluster-manager, key-manager, key-user, service-linked-role/,
      /files must be an array/]) assert.match(all, fragment);
    // The valid entry next to the invalid ones applies: missing-version is off.
    const last = c.publishedFor(uri).at(-1)!;
    assert.ok(!last.diagnostics.some((d) => d.code === 'missing-version'), 'missing-version: "off" is applied');
    assert.ok(last.diagnostics.some((d) => d.code === 'missing-action'), 'the policy is checked');

    // More documents: nothing new is shown.
    for (const name of ['b', 'c', 'd']) {
      const u = `file:///work/settings/${name}.json`;
      await c.open(u, POLICY);
      await c.waitForDiagnostics(u, { version: 1 });
      await type(c, u, 10, SEED + name.charCodeAt(0));
    }
    await LspClient.sleep(200);
    assert.equal(shown(c).length, 6, `no repeat for other documents: ${JSON.stringify(shown(c).slice(6))}`);

    // The same settings sent again: shown once more (the user changed something), then quiet again.
    await c.settingsChanged();
    await c.waitFor(() => (shown(c).length >= 12 ? true : undefined), 3000, 'the problems of the new settings');
    await type(c, uri, 40, SEED + 1);
    await LspClient.sleep(200);
    assert.equal(shown(c).length, 12, `once per change: ${JSON.stringify(shown(c).slice(12))}`);
    assert.deepEqual(shown(c).slice(6).sort(), first.slice().sort());

    // Valid settings: nothing is shown, and they apply.
    c.settings = { severity: { 'duplicate-sid': 'off' } };
    const since = c.mark();
    await c.settingsChanged();
    await c.waitForDiagnostics(uri, { since, timeoutMs: 3000 });
    await type(c, uri, 20, SEED + 2);
    await LspClient.sleep(200);
    assert.equal(shown(c).length, 12, `valid settings show nothing: ${JSON.stringify(shown(c).slice(12))}`);
    assert.ok(c.publishedFor(uri, since).at(-1)!.diagnostics.some((d) => d.code === 'missing-version'), 'missing-version is back once the setting is gone');
    assert.ok(c.alive);
  } finally {
    await c.stop();
  }
});

test('settings values that cannot be turned into a string: the server reports them and stays up', async () => {
  // JSON allows { "toString": 1 }; String() of such an object throws.
  const c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } });
  try {
    const uri = 'file:///work/settings/hostile.json';
    await c.open(uri, POLICY);
    await c.waitForDiagnostics(uri, { version: 1 });
    for (const settings of [{ roles: { 'policies/*.json': { toString: 1 } } }, { severity: { 'duplicate-sid': { toString: 'x', valueOf: 1 } } }]) {
      c.settings = settings;
      const since = c.mark();
      const before = shown(c).length;
      await c.settingsChanged();
      await c.waitForDiagnostics(uri, { since, timeoutMs: 3000 });
      await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }, 1000);
      assert.ok(c.alive, `the server died on ${JSON.stringify(settings)}: ${c.stderr.slice(-600)}`);
      assert.equal(shown(c).length - before, 1, `one problem shown for ${JSON.stringify(settings)}`);
    }
  } finally {
    await c.stop();
  }
});

test('random invalid settings: the server stays up, answers, and shows each distinct problem at most once per change', async (t) => {
  const c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } });
  try {
    const uri = 'file:///work/settings/random.json';
    await c.open(uri, POLICY);
    await c.waitForDiagnostics(uri, { version: 1 });
    const samples = fc.sample(fc.record({
      enable: fc.anything(), delay: fc.anything(), files: fc.anything(),
      severity: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('duplicate-sid', 'nope', 'missing-version', ''), fc.anything())),
      roles: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything())),
    }, { requiredKeys: [] }), { seed: SEED, numRuns: 25 });
    for (const [i, raw] of samples.entries()) {
      c.settings = raw as Record<string, unknown>;
      const before = shown(c).length;
      const since = c.mark();
      await c.settingsChanged();
      await c.waitForDiagnostics(uri, { since, timeoutMs: 3000 }).catch(() => undefined); // enable may now be false or equal
      await type(c, uri, 5, SEED + i);
      await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }, 1000);
      await LspClient.sleep(50);
      const now = shown(c).slice(before);
      assert.equal(new Set(now).size, now.length, `a problem was shown twice for ${JSON.stringify(raw)}: ${JSON.stringify(now)}`);
    }
    t.diagnostic(`seed ${SEED}: ${samples.length} random settings, ${shown(c).length} messages shown`);
    assert.ok(c.alive, c.stderr);
  } finally {
    await c.stop();
  }
});

/**
 * Protocol tier: the stale-result rule and the debounce.
 * - Publications for a document come in increasing version order, the last one is for the last
 *   version sent, and nothing for an older version arrives after it.
 * - The diagnostics published with version N are those of the text of version N.
 * - A burst of edits inside the debounce window is analysed once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LspClient, Published } from './client';
import { byCode } from './fixtures';

/** The Effect value grows by one "x" per version: version N has Effect "al" + "x" * (N - 1). */
const BASE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "KeyUsers", "Effect": "al", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*" }
  ]
}
`;
const effectFor = (version: number) => `al${'x'.repeat(version - 1)}`;
const LAST = 20;

/** Sends versions 2..LAST, each inserting one "x" at the end of the Effect value. */
async function typeBurst(c: LspClient, uri: string, pauseMs: number): Promise<void> {
  for (let v = 2; v <= LAST; v++) {
    const text = c.text(uri);
    const end = text.indexOf('", "Action"');
    const sent = await c.edit(uri, [{ offset: end, length: 0, newText: 'x' }]);
    assert.equal(sent, v);
    if (pauseMs > 0) await LspClient.sleep(pauseMs);
  }
}

/** The stale-result rule over the publications for `uri` after `since`. */
function assertInOrderAndTrue(c: LspClient, uri: string, since: number): Published[] {
  const pubs = c.publishedFor(uri, since);
  const versions = pubs.map((p) => p.version);
  assert.ok(pubs.length >= 1, 'at least one publication');
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `versions must increase: ${versions.join(', ')}`);
  assert.equal(versions.at(-1), LAST, `the last publication is for the last version: ${versions.join(', ')}`);
  for (const p of pubs) {
    // A publication for version N must not arrive before version N was sent...
    const sent = c.sent.find((s) => s.uri === uri && s.version === p.version);
    assert.ok(sent && sent.at <= p.at, `version ${p.version} published before it was sent`);
    // ...and must describe the text of version N.
    const eff = byCode(p.diagnostics, 'invalid-effect');
    assert.equal(eff.length, 1, JSON.stringify(p.diagnostics));
    assert.ok(eff[0].message.includes(`Effect "${effectFor(p.version!)}" is not valid`), `version ${p.version}: ${eff[0].message}`);
    const width = eff[0].range.end.character - eff[0].range.start.character;
    assert.equal(width, effectFor(p.version!).length + 2, `range of version ${p.version}`);
  }
  return pubs;
}

describe('stale results: debounce off (initializationOptions.delay = 0)', () => {
  for (const pauseMs of [0, 1, 3]) {
    test(`versions 2..${LAST} sent ${pauseMs ? `${pauseMs} ms apart` : 'back to back'}: in order, last wins, none stale`, async () => {
      const c = await LspClient.start({ initializationOptions: { delay: 0 }, settings: { delay: 1000 } });
      try {
        const uri = 'file:///work/stale/fast.json';
        await c.open(uri, BASE);
        const first = await c.waitForDiagnostics(uri, { version: 1 });
        assert.match(byCode(first.diagnostics, 'invalid-effect')[0].message, /Effect "al" is not valid/);
        const since = c.mark();
        await typeBurst(c, uri, pauseMs);
        await c.waitForDiagnostics(uri, { version: LAST, since });
        await LspClient.sleep(300);
        const pubs = assertInOrderAndTrue(c, uri, since);
        assert.equal(c.publishedFor(uri, since).at(-1)!.version, LAST, 'nothing after the last version');
        // The settings' delay (1000 ms) was overridden: the last version came quickly.
        const lastSent = c.sent.at(-1)!;
        assert.ok(pubs.at(-1)!.at - lastSent.at < 900, `published ${(pubs.at(-1)!.at - lastSent.at).toFixed(0)} ms after the last edit`);
      } finally {
        await c.stop();
      }
    });
  }
});

describe('stale results: debounced', () => {
  const variants: Array<[string, { initializationOptions?: unknown; settings?: Record<string, unknown> }]> = [
    ['initializationOptions.delay = 400', { initializationOptions: { delay: 400 }, settings: {} }],
    ['settings delay = 400', { settings: { delay: 400 } }],
  ];
  for (const [name, opts] of variants) {
    test(`${name}: a burst of 19 edits inside the window is analysed once, for the last version`, async () => {
      const c = await LspClient.start(opts);
      try {
        const uri = 'file:///work/stale/debounced.json';
        await c.open(uri, BASE);
        await c.waitForDiagnostics(uri, { version: 1 }); // opening is checked at once
        await LspClient.sleep(50);
        const since = c.mark();
        const statusSince = c.notifications.length;
        const t0 = performance.now();
        await typeBurst(c, uri, 0);
        const burstMs = performance.now() - t0;
        assert.ok(burstMs < 200, `the burst took ${burstMs.toFixed(0)} ms: not inside the 400 ms window, the test would prove nothing`);
        const p = await c.waitForDiagnostics(uri, { version: LAST, since });
        const waited = p.at - c.sent.at(-1)!.at;
        assert.ok(waited >= 350, `published ${waited.toFixed(0)} ms after the last edit: the debounce did not wait`);
        await LspClient.sleep(600);
        const pubs = c.publishedFor(uri, since);
        assert.deepEqual(pubs.map((x) => x.version), [LAST], 'one publication for the burst, for the last version');
        assertInOrderAndTrue(c, uri, since);
        const status = c.notifications.slice(statusSince).filter((x) => x.method === 'cloudhsmPolicy/status' && (x.params as { uri: string }).uri === uri);
        // The status item is updated only when the verdict changes (a burst inside a Sid changes nothing).
        assert.ok(status.length <= 1, `at most one status notification, got ${status.length}`);
      } finally {
        await c.stop();
      }
    });
  }

  test('opening a document is checked at once, not after the debounce delay', async () => {
    const c = await LspClient.start({ settings: { delay: 1500 } });
    try {
      // Warm up (the first analysis pays for JIT), then time a second open.
      await c.open('file:///work/stale/warm.json', BASE);
      await c.waitForDiagnostics('file:///work/stale/warm.json', { version: 1, timeoutMs: 3000 });
      const uri = 'file:///work/stale/opened.json';
      const t0 = performance.now();
      await c.open(uri, BASE);
      const p = await c.waitForDiagnostics(uri, { version: 1, timeoutMs: 3000 });
      assert.ok(p.at - t0 < 750, `first diagnostics ${(p.at - t0).toFixed(0)} ms after didOpen with a 1500 ms debounce`);
    } finally {
      await c.stop();
    }
  });

  test('two documents debounce independently', async () => {
    const c = await LspClient.start({ settings: { delay: 300 } });
    try {
      const a = 'file:///work/stale/a.json';
      const b = 'file:///work/stale/b.json';
      await c.open(a, BASE);
      await c.open(b, BASE);
      await c.waitForDiagnostics(a, { version: 1 });
      await c.waitForDiagnostics(b, { version: 1 });
      const since = c.mark();
      for (let i = 0; i < 5; i++) {
        await c.edit(a, [{ offset: BASE.length - 1, length: 0, newText: ' ' }]);
        await c.edit(b, [{ offset: BASE.length - 1, length: 0, newText: ' ' }]);
      }
      await c.waitForDiagnostics(a, { version: 6, since });
      await c.waitForDiagnostics(b, { version: 6, since });
      await LspClient.sleep(450);
      assert.deepEqual(c.publishedFor(a, since).map((p) => p.version), [6]);
      assert.deepEqual(c.publishedFor(b, since).map((p) => p.version), [6]);
    } finally {
      await c.stop();
    }
  });

  test('an edit during a settings change: the result is for the newest text and settings', async () => {
    const c = await LspClient.start({ settings: { delay: 100 } });
    try {
      const uri = 'file:///work/stale/settings-race.json';
      await c.open(uri, BASE);
      await c.waitForDiagnostics(uri, { version: 1 });
      const since = c.mark();
      c.settings = { delay: 100, severity: { 'invalid-effect': 'warning' } };
      await c.settingsChanged();
      await c.edit(uri, [{ offset: BASE.indexOf('", "Action"'), length: 0, newText: 'x' }]);
      await c.waitForDiagnostics(uri, { version: 2, since });
      await LspClient.sleep(300);
      const pubs = c.publishedFor(uri, since);
      const lastPub = pubs.at(-1)!;
      assert.equal(lastPub.version, 2, pubs.map((p) => p.version).join());
      const eff = byCode(lastPub.diagnostics, 'invalid-effect');
      assert.equal(eff[0].severity, 2, 'the new severity applies');
      assert.match(eff[0].message, /Effect "alx"/);
      for (let i = 1; i < pubs.length; i++) assert.ok(pubs[i].version! >= pubs[i - 1].version!, pubs.map((p) => p.version).join());
    } finally {
      await c.stop();
    }
  });
});

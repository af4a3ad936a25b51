/**
 * Protocol tier: diagnostics over stdio — open, edit, settings changes, non-policy JSON, close.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './client';
import { byCode, codes, FLAWED, PACKAGE_JSON, rangeOf } from './fixtures';

const SOURCE = 'cloudhsm-policy';

describe('diagnostics', () => {
  let c: LspClient;
  before(async () => { c = await LspClient.start({ settings: {} }); });
  after(async () => { await c.stop(); });

  test('initialize announces incremental sync and the features', () => {
    const caps = c.initializeResult!.capabilities;
    assert.equal(caps.textDocumentSync, 2);
    assert.ok(caps.hoverProvider);
    assert.ok(caps.completionProvider);
    assert.ok(caps.codeLensProvider);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix') && kinds.includes('source.fixAll'), JSON.stringify(kinds));
  });

  test('a flawed policy gets diagnostics with code, exact range, source and version; edits move them', async () => {
    const uri = 'file:///work/policies/key-user.json';
    await c.open(uri, FLAWED);
    const v1 = await c.waitForDiagnostics(uri, { version: 1 });
    assert.ok(c.configurationRequests >= 1, 'the server pulled the settings');
    for (const d of v1.diagnostics) {
      assert.equal(d.source, SOURCE);
      assert.equal(typeof d.code, 'string');
      assert.ok(d.message.length > 10);
      assert.match(String(d.codeDescription?.href), new RegExp(`#${d.code}$`));
    }
    const effect = byCode(v1.diagnostics, 'invalid-effect');
    assert.equal(effect.length, 1, JSON.stringify(v1.diagnostics));
    assert.deepEqual(effect[0].range, rangeOf(FLAWED, '"allow"'));
    assert.equal(effect[0].severity, 1);
    const sid = byCode(v1.diagnostics, 'duplicate-sid');
    assert.equal(sid.length, 1);
    assert.deepEqual(sid[0].range, rangeOf(FLAWED, '"UseKeys"', 1));
    const version = byCode(v1.diagnostics, 'missing-version');
    assert.equal(version.length, 1);
    assert.deepEqual(version[0].range.start, { line: 0, character: 0 });
    assert.equal(version[0].severity, 2);

    // Fix the Effect by typing over it: the invalid-effect diagnostic goes, the others stay.
    const at = c.text(uri).indexOf('"allow"') + 1;
    const v2 = await c.edit(uri, [{ offset: at, length: 1, newText: 'A' }]);
    const p2 = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(byCode(p2.diagnostics, 'invalid-effect'), []);
    assert.equal(byCode(p2.diagnostics, 'duplicate-sid').length, 1);

    // Insert a Version line: missing-version goes, and the duplicate-sid range moves down one line.
    const v3 = await c.edit(uri, [{ offset: 2, length: 0, newText: '  "Version": "2012-10-17",\n' }]);
    const p3 = await c.waitForDiagnostics(uri, { version: v3 });
    assert.deepEqual(byCode(p3.diagnostics, 'missing-version'), []);
    const moved = byCode(p3.diagnostics, 'duplicate-sid');
    assert.equal(moved.length, 1);
    assert.deepEqual(moved[0].range, rangeOf(c.text(uri), '"UseKeys"', 1));
    assert.equal(moved[0].range.start.line, sid[0].range.start.line + 1);

    // Break the Effect again in a second statement, with an edit of several changes in one didChange.
    const text = c.text(uri);
    const second = text.indexOf('"Allow"', text.indexOf('"Allow"') + 1);
    const v4 = await c.edit(uri, [{ offset: second + 1, length: 5, newText: 'Permit' }, { offset: 1, length: 0, newText: ' ' }]);
    const p4 = await c.waitForDiagnostics(uri, { version: v4 });
    const again = byCode(p4.diagnostics, 'invalid-effect');
    assert.equal(again.length, 1);
    assert.deepEqual(again[0].range, rangeOf(c.text(uri), '"Permit"'));
    assert.match(again[0].message, /Did you mean "Allow"/);
  });

  test('settings: a severity override and enable=false re-check open documents on didChangeConfiguration', async () => {
    const uri = 'file:///work/policies/settings.json';
    await c.open(uri, FLAWED);
    const before = await c.waitForDiagnostics(uri, { version: 1 });
    assert.equal(byCode(before.diagnostics, 'duplicate-sid').length, 1);
    const pulls = c.configurationRequests;

    c.settings = { severity: { 'duplicate-sid': 'off', 'invalid-effect': 'hint' } };
    let since = c.mark();
    await c.settingsChanged();
    const off = await c.waitForDiagnostics(uri, { since, version: 1 });
    assert.ok(c.configurationRequests > pulls, 'settings were pulled again');
    assert.deepEqual(byCode(off.diagnostics, 'duplicate-sid'), []);
    assert.equal(byCode(off.diagnostics, 'invalid-effect')[0]?.severity, 4, 'invalid-effect is now a hint');
    assert.equal(byCode(off.diagnostics, 'missing-version').length, 1, 'other checks are unaffected');
    // The new settings stick for later edits too.
    const v2 = await c.edit(uri, [{ offset: FLAWED.length - 2, length: 0, newText: ' ' }]);
    const later = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(byCode(later.diagnostics, 'duplicate-sid'), []);

    c.settings = { enable: false };
    since = c.mark();
    await c.settingsChanged();
    const disabled = await c.waitForDiagnostics(uri, { since });
    assert.deepEqual(disabled.diagnostics, []);

    c.settings = {};
    since = c.mark();
    await c.settingsChanged();
    const restored = await c.waitForDiagnostics(uri, { since });
    assert.deepEqual(codes(restored.diagnostics), codes(before.diagnostics));
    await c.close(uri);
  });

  test('invalid settings are reported once and ignored, not fatal', async () => {
    const uri = 'file:///work/policies/bad-settings.json';
    const uri2 = 'file:///work/policies/bad-settings-2.json';
    await c.open(uri, FLAWED);
    await c.open(uri2, FLAWED);
    await c.waitForDiagnostics(uri, { version: 1 });
    await c.waitForDiagnostics(uri2, { version: 1 });
    c.settings = { severity: { 'no-such-check': 'off', 'duplicate-sid': 'loud' }, delay: -5 };
    const since = c.mark();
    const notes = c.serverRequests.length;
    await c.settingsChanged();
    const p = await c.waitForDiagnostics(uri, { since });
    assert.equal(byCode(p.diagnostics, 'duplicate-sid').length, 1, 'an invalid severity is ignored');
    const warnings = await c.waitFor(() => {
      const w = c.serverRequests.slice(notes).filter((n) => n.method === 'window/showMessageRequest' || n.method === 'window/showMessage');
      return w.length >= 3 ? w : undefined;
    }, 2000, 'three settings warnings');
    await c.waitForDiagnostics(uri2, { since });
    await LspClient.sleep(200);
    assert.equal(c.serverRequests.slice(notes).filter((n) => n.method.startsWith('window/showMessage')).length, 3, 'each problem is shown once, not once per document');
    const text = warnings.map((w) => JSON.stringify(w.params)).join('\n');
    assert.match(text, /no-such-check/);
    assert.match(text, /loud/);
    assert.match(text, /delay/);
    c.settings = {};
    await c.settingsChanged();
    await c.close(uri);
    await c.close(uri2);
  });

  test('a non-policy JSON file (package.json) gets empty diagnostics', async () => {
    const uri = 'file:///work/app/package.json';
    await c.open(uri, PACKAGE_JSON);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(p.diagnostics, []);
    // ...even when broken while being edited.
    const v2 = await c.edit(uri, [{ offset: PACKAGE_JSON.indexOf('"scripts"'), length: 0, newText: '"x": ' }]);
    const p2 = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(p2.diagnostics, []);
    await c.close(uri);
  });

  test('closing a document clears its diagnostics and stops work for it', async () => {
    const uri = 'file:///work/policies/closed.json';
    const other = 'file:///work/policies/still-open.json';
    await c.open(other, FLAWED);
    await c.waitForDiagnostics(other, { version: 1 });
    await c.open(uri, FLAWED);
    const opened = await c.waitForDiagnostics(uri, { version: 1 });
    assert.ok(opened.diagnostics.length > 0);

    // A slow debounce, an edit, and a close before the debounce ends.
    c.settings = { delay: 300 };
    let since = c.mark();
    await c.settingsChanged();
    await c.waitForDiagnostics(uri, { since });
    since = c.mark();
    await c.edit(uri, [{ offset: 2, length: 0, newText: ' ' }]);
    await c.close(uri);
    const cleared = await c.waitForDiagnostics(uri, { since });
    assert.deepEqual(cleared.diagnostics, []);
    await LspClient.sleep(600);
    assert.deepEqual(c.publishedFor(uri, since).map((p) => p.diagnostics.length), [0], 'nothing after the clearing publication');

    // A settings change re-checks the open document only.
    since = c.mark();
    c.settings = {};
    await c.settingsChanged();
    await c.waitForDiagnostics(other, { since });
    await LspClient.sleep(200);
    assert.deepEqual(c.publishedFor(uri, since), [], 'no work for a closed document');

    // Requests on a closed document answer empty instead of failing.
    assert.deepEqual(await c.codeAction(uri, opened.diagnostics[0].range, opened.diagnostics), []);
    assert.equal(await c.hover(uri, { line: 3, character: 15 }), null);
    await c.close(other);
  });

  test('a document closed while its settings are being fetched causes no further work', async () => {
    for (const withEdit of [false, true]) {
      const uri = `file:///work/policies/quick-close-${withEdit}.json`;
      await c.open(uri, FLAWED);
      if (withEdit) await c.edit(uri, [{ offset: 1, length: 0, newText: ' ' }]);
      await c.close(uri);
      const closedAt = performance.now();
      const cleared = await c.waitForDiagnostics(uri);
      assert.deepEqual(cleared.diagnostics, []);
      await LspClient.sleep(400);
      assert.deepEqual(c.publishedFor(uri).map((p) => p.diagnostics.length), [0]);
      // One fetch, the one that opening started; none for the closed document afterwards.
      const fetches = c.configurationLog.filter((x) => x.scopeUri === uri);
      assert.equal(fetches.length, 1, `settings fetched ${fetches.length} times${withEdit ? ' (with an edit)' : ''}, ${fetches.map((f) => `${(f.at - closedAt).toFixed(0)} ms`).join(', ')} after close`);
    }
  });
});

test('without workspace/configuration support the server uses default settings', async () => {
  const c = await LspClient.start({ configuration: false });
  try {
    const uri = 'file:///work/policies/no-config.json';
    await c.open(uri, FLAWED);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.equal(c.configurationRequests, 0);
    assert.ok(byCode(p.diagnostics, 'invalid-effect').length === 1);
  } finally {
    await c.stop();
  }
});

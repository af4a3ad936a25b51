/**
 * Protocol tier: garbage in. Whatever the editor sends, the server stays alive, answers every
 * version within 1 s, never reports an internal error, and still answers requests afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient, Published } from './client';
import { byCode, FLAWED, KEY_POLICY } from './fixtures';

const BUDGET_MS = 1000;

describe('robustness', () => {
  let c: LspClient;
  let n = 0;
  const fresh = () => `file:///work/garbage/doc-${++n}.json`;
  before(async () => { c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } }); });
  after(async () => {
    const alive = c.alive;
    await c.stop();
    assert.ok(alive, `the server died: ${c.stderr}`);
  });

  /** Replaces the document's text and returns its publication, which must come within the budget. */
  async function send(uri: string, text: string): Promise<Published> {
    const v = await c.setText(uri, text);
    return c.waitForDiagnostics(uri, { version: v, timeoutMs: BUDGET_MS });
  }

  async function stillAnswers(uri: string): Promise<void> {
    const t0 = performance.now();
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }, BUDGET_MS);
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } }, BUDGET_MS);
    assert.ok(performance.now() - t0 < 2 * BUDGET_MS);
    assert.ok(c.alive);
  }

  function noInternalError(p: Published, what: string): void {
    assert.deepEqual(byCode(p.diagnostics, 'internal-error'), [], `${what}: ${JSON.stringify(byCode(p.diagnostics, 'internal-error'))}`);
  }

  test('every prefix of a policy, typed one character per didChange, is answered within 1 s', async () => {
    for (const policy of [FLAWED, KEY_POLICY]) {
      const uri = fresh();
      await c.open(uri, '');
      await c.waitForDiagnostics(uri, { version: 1, timeoutMs: BUDGET_MS });
      let last: Published | undefined;
      for (let i = 0; i < policy.length; i++) {
        const v = await c.edit(uri, [{ offset: i, length: 0, newText: policy[i] }]);
        last = await c.waitForDiagnostics(uri, { version: v, timeoutMs: BUDGET_MS });
        noInternalError(last, `prefix ${i + 1}: ${JSON.stringify(policy.slice(0, i + 1))}`);
      }
      assert.equal(c.text(uri), policy);
      // The complete policy gets the same diagnostics as when it is opened whole.
      const whole = fresh();
      await c.open(whole, policy);
      const ref = await c.waitForDiagnostics(whole, { version: 1 });
      assert.deepEqual(last!.diagnostics, ref.diagnostics);
      // ...and so does every suffix removed again, back to empty (deleting from the end).
      for (let i = policy.length; i > 0; i--) {
        const v = await c.edit(uri, [{ offset: i - 1, length: 1, newText: '' }]);
        noInternalError(await c.waitForDiagnostics(uri, { version: v, timeoutMs: BUDGET_MS }), `deleting to ${i - 1}`);
      }
      await stillAnswers(uri);
      await c.close(uri);
      await c.close(whole);
    }
  });

  test('invalid JSON in many shapes gets json-syntax diagnostics, not a crash', async () => {
    const uri = fresh();
    await c.open(uri, '{}');
    await c.waitForDiagnostics(uri, { version: 1 });
    const broken = [
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow",, } ] }',
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow" "Action": "kms:Decrypt" } ] }',
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt',
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:\\x" } ] }',
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:\\u12" } ] }',
      '{ "Version": "2012-10-17", "Statement": [ } ] ] } }',
      '{ "Statement": [ /* unterminated',
      '{ "Statement": [] } trailing text',
      '{ "Statement": [ { "Effect": 01, "Action": -, "Resource": 1e } ] }',
      '{ "Statement": "\u0000\u0001\u0002" , "Version": "\ud800" }',
    ];
    for (const text of broken) {
      const p = await send(uri, text);
      noInternalError(p, text);
      assert.ok(byCode(p.diagnostics, 'json-syntax').length > 0, `json-syntax for ${JSON.stringify(text)}: ${JSON.stringify(p.diagnostics)}`);
      const doc = c.document(uri);
      for (const d of p.diagnostics) assert.ok(doc.offsetAt(d.range.end) <= text.length && doc.offsetAt(d.range.start) <= doc.offsetAt(d.range.end), JSON.stringify(d.range));
    }
    await stillAnswers(uri);
    await c.close(uri);
  });

  test('top-level arrays, strings, numbers, null and empty text are not policies: empty diagnostics', async () => {
    const uri = fresh();
    await c.open(uri, '{}');
    await c.waitForDiagnostics(uri, { version: 1 });
    for (const text of ['[]', '[{ "Statement": [] }]', '"Statement"', '42', 'null', 'true', '', '   \n\t', '[1, 2, 3']) {
      const p = await send(uri, text);
      assert.deepEqual(p.diagnostics, [], JSON.stringify(text));
    }
    await stillAnswers(uri);
    await c.close(uri);
  });

  test('seeded random garbage of JSON tokens and odd characters', async () => {
    const uri = fresh();
    await c.open(uri, '');
    await c.waitForDiagnostics(uri, { version: 1 });
    const pieces = ['{', '}', '[', ']', '"', ':', ',', '\\', '\\u', '"Statement"', '"Version"', '"Effect"', '"Action"', '"Allow"', '"kms:*"',
      'true', 'null', '-1.5e3', ' ', '\n', '/*', '*/', '//', '\u0000', '\ud800', '\udc00', '\ufeff', 'é', '😀', '\r\n'];
    let seed = 0x2545f491;
    const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 0x100000000; };
    for (let k = 0; k < 150; k++) {
      let text = k % 3 === 0 ? '{ "Statement": [' : '';
      const len = 1 + Math.floor(rnd() * 60);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(rnd() * pieces.length)];
      noInternalError(await send(uri, text), JSON.stringify(text));
    }
    await stillAnswers(uri);
    await c.close(uri);
  });

  test('100,000 nested arrays (alone and inside a policy) are answered within 1 s', async () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    const uri = fresh();
    await c.open(uri, deep);
    const p = await c.waitForDiagnostics(uri, { version: 1, timeoutMs: BUDGET_MS });
    assert.deepEqual(p.diagnostics, [], 'a top-level array is not a policy');
    const inPolicy = `{ "Version": "2012-10-17", "Statement": ${deep} }`;
    const q = await send(uri, inPolicy);
    noInternalError(q, 'nested in a policy');
    assert.ok(byCode(q.diagnostics, 'json-syntax').some((d) => /Nesting deeper/.test(d.message)), JSON.stringify(q.diagnostics).slice(0, 500));
    const unclosed = await send(uri, `{ "Statement": ${'['.repeat(100000)}`);
    noInternalError(unclosed, 'unclosed');
    const objects = await send(uri, `{ "Statement": ${'{"a":'.repeat(50000)}1${'}'.repeat(50000)} }`);
    noInternalError(objects, 'nested objects');
    await stillAnswers(uri);
    await c.close(uri);
  });

  test('the server is alive and well after all of it', async () => {
    const uri = fresh();
    await c.open(uri, FLAWED);
    const p = await c.waitForDiagnostics(uri, { version: 1, timeoutMs: BUDGET_MS });
    assert.equal(byCode(p.diagnostics, 'invalid-effect').length, 1);
    assert.ok(c.alive);
  });
});

// Its own server: if the 5 MB analysis is slow, the backlog must not fail the other tests.
test('a 5 MB document is answered within 1 s, and so is an edit to it', async () => {
  const c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } });
  try {
    const statement = (i: number) => `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],\n      "Resource": "arn:aws:kms:us-east-1:111122223333:key/${String(i).padStart(8, '0')}-12ab-34cd-56ef-1234567890ab"\n    }`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) { const s = statement(i); parts.push(s); size += s.length + 2; }
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${parts.join(',\n')}\n  ]\n}\n`;
    assert.ok(text.length >= 5 * 1024 * 1024);
    const uri = 'file:///work/garbage/5mb.json';
    const t0 = performance.now();
    await c.open(uri, text);
    const p = await c.waitForDiagnostics(uri, { version: 1, timeoutMs: BUDGET_MS });
    const opened = performance.now() - t0;
    assert.deepEqual(byCode(p.diagnostics, 'internal-error'), []);
    const at = text.indexOf('"Allow"', text.length / 2) + 1;
    const t1 = performance.now();
    const v = await c.edit(uri, [{ offset: at, length: 1, newText: 'a' }]);
    const q = await c.waitForDiagnostics(uri, { version: v, timeoutMs: BUDGET_MS });
    const edited = performance.now() - t1;
    // Either the edit is analysed (Effect "aAllow" is invalid) or the server says why it is not.
    assert.ok(byCode(q.diagnostics, 'invalid-effect').length === 1 || byCode(q.diagnostics, 'policy-too-large').length > 0,
      `neither the edit's finding nor a reason why not: ${JSON.stringify(q.diagnostics).slice(0, 300)}`);
    // An edit that breaks the JSON in the middle.
    const v2 = await c.edit(uri, [{ offset: at - 10, length: 0, newText: '{[' }]);
    const r = await c.waitForDiagnostics(uri, { version: v2, timeoutMs: BUDGET_MS });
    assert.deepEqual(byCode(r.diagnostics, 'internal-error'), []);
    // Requests on it are answered within the budget too (inside an Action string).
    const pos = c.document(uri).positionAt(text.indexOf('kms:Decrypt') + 5);
    await c.request('textDocument/hover', { textDocument: { uri }, position: pos }, BUDGET_MS);
    await c.request('textDocument/completion', { textDocument: { uri }, position: pos }, BUDGET_MS);
    await c.request('textDocument/codeLens', { textDocument: { uri } }, BUDGET_MS);
    console.log(`# 5 MB: open ${opened.toFixed(0)} ms, edit ${edited.toFixed(0)} ms`);
  } finally {
    await c.stop();
  }
});

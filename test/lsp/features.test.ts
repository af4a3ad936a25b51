/**
 * Protocol tier: completion, hover and code lenses over stdio.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, LspClient } from './client';
import { byCode, KEY_POLICY, offsetAfter, PACKAGE_JSON, rangeOf } from './fixtures';

function items(r: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (!r) return [];
  return Array.isArray(r) ? r : r.items;
}

/** The text after accepting `item` (snippet placeholders resolved to their first choice or default). */
function accept(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit | undefined;
  assert.ok(edit && 'range' in edit, `${item.label} has a textEdit with a range`);
  let newText = edit.newText;
  if (item.insertTextFormat === 2) {
    newText = newText.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
  }
  assert.equal(edit.range.start.line, edit.range.end.line, 'a completion edit stays on one line');
  return applyTextEdits(text, [{ range: edit.range, newText }]);
}

describe('completion, hover, code lens', () => {
  let c: LspClient;
  const uri = 'file:///work/keys/key-policy.json';
  before(async () => {
    c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } });
    await c.open(uri, KEY_POLICY);
    await c.waitForDiagnostics(uri, { version: 1 });
  });
  after(async () => { await c.stop(); });

  test('completion inside "Action": ["kms:|"] proposes KMS actions; accepting one completes the string', async () => {
    const at = offsetAfter(KEY_POLICY, '"kms:"') - 1;
    const list = items(await c.completion(uri, at));
    assert.ok(list.length > 20, `got ${list.length}`);
    const labels = list.map((i) => i.label);
    assert.ok(labels.every((l) => l.startsWith('kms:')), labels.filter((l) => !l.startsWith('kms:')).join());
    for (const a of ['kms:Encrypt', 'kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion']) assert.ok(labels.includes(a), a);
    assert.ok(!labels.some((l) => l.startsWith('cloudhsm:') || l.startsWith('ec2:')));
    const encrypt = list.find((i) => i.label === 'kms:Encrypt')!;
    assert.ok(encrypt.detail && encrypt.documentation, 'access level and description');
    const applied = accept(KEY_POLICY, encrypt);
    assert.equal(applied, KEY_POLICY.replace('"kms:"]', '"kms:Encrypt"]'));
    JSON.parse(applied);
  });

  test('completion of a service prefix, of Effect values, and nothing inside a Sid', async () => {
    const doc = 'file:///work/keys/typing.json';
    const text = KEY_POLICY.replace('"kms:"]', '"cloudh"]');
    await c.open(doc, text);
    await c.waitForDiagnostics(doc, { version: 1 });
    const list = items(await c.completion(doc, offsetAfter(text, '"cloudh')));
    const hsm = list.find((i) => i.label === 'cloudhsm' || i.label === 'cloudhsm:');
    assert.ok(hsm, list.slice(0, 5).map((i) => i.label).join());
    assert.equal(accept(text, hsm), KEY_POLICY.replace('"kms:"]', '"cloudhsm:"]'));
    // Inside a Sid string, no proposals.
    assert.deepEqual(items(await c.completion(doc, offsetAfter(text, '"Enable IAM'))), []);
    // Effect values.
    const effect = items(await c.completion(doc, offsetAfter(text, '"Effect": "Al')));
    assert.deepEqual(effect.map((i) => i.label).sort(), ['Allow', 'Deny']);
    assert.equal(accept(text, effect.find((i) => i.label === 'Deny')!), text.replace('"Effect": "Allow"', '"Effect": "Deny"'));
    await c.close(doc);
  });

  test('completion in a non-policy JSON file returns nothing', async () => {
    const doc = 'file:///work/app/package.json';
    await c.open(doc, PACKAGE_JSON);
    await c.waitForDiagnostics(doc, { version: 1 });
    assert.deepEqual(items(await c.completion(doc, offsetAfter(PACKAGE_JSON, '"some-'))), []);
    await c.close(doc);
  });

  test('snippets are offered in an empty JSON file and in a policy, never in another JSON file', async () => {
    const snippetLabels = (r: CompletionItem[] | CompletionList | null) => items(r).filter((i) => i.kind === 15).map((i) => i.label);
    const empty = 'file:///work/new/empty.json';
    await c.open(empty, '');
    await c.waitForDiagnostics(empty, { version: 1 });
    const docs = snippetLabels(await c.completion(empty, 0));
    assert.ok(docs.length >= 5 && docs.every((l) => l.startsWith('chsm-')), `document snippets in an empty file: ${docs.join()}`);
    assert.ok(docs.includes('chsm-key-user'), docs.join());

    const policyUri = 'file:///work/new/statements.json';
    const policyText = '{ "Version": "2012-10-17", "Statement": [ ] }';
    await c.open(policyUri, policyText);
    await c.waitForDiagnostics(policyUri, { version: 1 });
    const statements = snippetLabels(await c.completion(policyUri, policyText.indexOf('[ ]') + 1));
    assert.ok(statements.filter((l) => l.startsWith('chsm-')).length >= 5, `statement snippets in a policy: ${statements.join()}`);

    const pkg = 'file:///work/app2/package.json';
    await c.open(pkg, PACKAGE_JSON);
    await c.waitForDiagnostics(pkg, { version: 1 });
    // At a property key, at the top level and in a nested object: nothing at all, snippets included.
    for (const at of [offsetAfter(PACKAGE_JSON, '{\n  '), offsetAfter(PACKAGE_JSON, '"scripts": { ')]) {
      assert.deepEqual(items(await c.completion(pkg, at)).map((i) => i.label), [], `at ${at}`);
    }
    for (const u of [empty, policyUri, pkg]) await c.close(u);
  });

  test('the status notification is sent for policies only, and once when a policy stops being one', async () => {
    const statusFor = (u: string) => c.notifications.filter((n) => n.method === 'cloudhsmPolicy/status' && (n.params as { uri: string }).uri === u)
      .map((n) => n.params as { isPolicy: boolean; roles: Array<{ role: string; title: string }> });
    const other = 'file:///work/app3/tsconfig.json';
    const policyUri = 'file:///work/keys/status.json';
    await c.open(other, '{ "compilerOptions": { "strict": true } }');
    await c.open(policyUri, KEY_POLICY);
    // The server validates in order and sends a status right after the diagnostics it is about:
    // once the policy's status arrived, the other file was analysed (and got none).
    await c.waitForDiagnostics(other, { version: 1 });
    await c.waitFor(() => statusFor(policyUri)[0], 20000, 'the policy\'s status');
    assert.deepEqual(statusFor(other), []);
    const first = statusFor(policyUri);
    assert.equal(first.length, 1);
    assert.equal(first[0].isPolicy, true);
    assert.ok(first[0].roles.length > 0 && first[0].roles.every((r) => r.title && r.title !== r.role), JSON.stringify(first[0].roles));
    // The policy becomes another JSON document: one notification says so, then nothing more.
    await c.setText(policyUri, '{ "name": "not a policy any more" }');
    await c.waitFor(() => statusFor(policyUri)[1], 20000, 'the status that says "not a policy"');
    const v2 = await c.setText(policyUri, '{ "name": "still not a policy" }');
    await c.waitForDiagnostics(policyUri, { version: v2 });
    // A policy opened after the edit is a barrier: its status comes after any the edit caused.
    await c.open('file:///work/keys/barrier.json', KEY_POLICY);
    await c.waitFor(() => statusFor('file:///work/keys/barrier.json')[0], 20000, 'the barrier\'s status');
    assert.deepEqual(statusFor(policyUri).slice(1).map((p) => p.isPolicy), [false]);
    await c.close('file:///work/keys/barrier.json');
    for (const u of [other, policyUri]) await c.close(u);
  });

  test('hover on an action shows its description; on a wildcard, what it matches', async () => {
    const h = await c.hover(uri, offsetAfter(KEY_POLICY, '"kms:Dec'));
    assert.ok(h, 'a hover');
    const md = (h.contents as MarkupContent);
    assert.equal(md.kind, 'markdown');
    assert.match(md.value, /\*\*kms:Decrypt\*\*/);
    assert.match(md.value, /decrypt/i);
    assert.deepEqual(h.range, rangeOf(KEY_POLICY, '"kms:Decrypt"'));

    const w = await c.hover(uri, offsetAfter(KEY_POLICY, '"kms:Descr'));
    assert.ok(w);
    const wv = (w.contents as MarkupContent).value;
    assert.match(wv, /^\*\*kms:Describe\\?\*\*\* matches \d+ actions/);
    assert.match(wv, /kms:DescribeKey/);
    assert.match(wv, /kms:DescribeCustomKeyStores/);

    assert.equal(await c.hover(uri, offsetAfter(KEY_POLICY, '"Sid": "Ena')), null, 'no hover on a Sid');
  });

  test('code lenses answer for a policy (one per principal-class verdict) and for a non-policy', async () => {
    const lenses = (await c.codeLens(uri))!;
    assert.ok(Array.isArray(lenses));
    const doc = c.document(uri);
    for (const l of lenses) {
      assert.ok(doc.offsetAt(l.range.end) <= KEY_POLICY.length);
      assert.match(String(l.command?.title), /required.*excessive/);
      assert.equal(l.command?.command, 'cloudhsmPolicy.pinRole');
      // The reason for the class is the lens's tooltip.
      assert.match(String((l.command as { tooltip?: string } | undefined)?.tooltip), /^(Inferred|Pinned)\b.*Click to pin a class for this file\.$/);
    }
    const other = 'file:///work/app/package2.json';
    await c.open(other, PACKAGE_JSON);
    await c.waitForDiagnostics(other, { version: 1 });
    assert.deepEqual(await c.codeLens(other), []);
    await c.close(other);
  });

  test('requests for a document that was never opened answer empty', async () => {
    const ghost = 'file:///work/none.json';
    assert.deepEqual(items(await c.completion(ghost, { line: 0, character: 0 })), []);
    assert.equal(await c.hover(ghost, { line: 0, character: 0 }), null);
    assert.deepEqual(await c.codeLens(ghost), []);
    assert.deepEqual(await c.codeAction(ghost, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    // The server is still fine.
    const p = c.publishedFor(uri).at(-1)!;
    assert.deepEqual(byCode(p.diagnostics, 'json-syntax'), []);
  });
});

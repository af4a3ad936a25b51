// @ts-check
// One fixture policy per principal class of a CloudHSM key store, each with a deliberate flaw. Checks
// that the class is recognised (the code lens the server puts on the policy names it) and that the role
// checks flag exactly the flawed element.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, only, rangeOf, codeOf, describe } = require('./helpers');

/** Asserts the class verdict shown for the policy (or for one principal of a key policy), and that its lens tells why. */
async function expectClass(/** @type {vscode.Uri} */ uri, /** @type {RegExp} */ title) {
  /** @type {vscode.CodeLens[]} */
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10) || [];
  const titles = lenses.map(l => l.command ? l.command.title : '').filter(Boolean);
  const lens = lenses.find(l => l.command && title.test(l.command.title));
  assert.ok(lens, `a code lens matching ${title}; lenses: ${JSON.stringify(titles)}`);
  assert.match(String(lens.command && lens.command.tooltip), /^(Inferred|Pinned)\b.*Click to pin a class for this file\.$/, 'the lens tooltip gives the reason');
}

/** Asserts d covers exactly the text (e.g. the quoted action string). */
function covers(/** @type {vscode.TextDocument} */ doc, /** @type {vscode.Diagnostic} */ d, /** @type {string} */ text) {
  assert.strictEqual(doc.getText(d.range), text, `${codeOf(d)} covers ${text}`);
}

/** The range of the statement object whose Sid is sid. */
function statementRange(/** @type {vscode.TextDocument} */ doc, /** @type {string} */ sid) {
  const text = doc.getText();
  const at = text.indexOf(`"Sid": "${sid}"`);
  assert.ok(at >= 0, `statement ${sid} in the fixture`);
  const start = text.lastIndexOf('{', at);
  let depth = 0, end = start;
  for (; end < text.length; end++) { if (text[end] === '{') depth++; else if (text[end] === '}' && --depth === 0) break; }
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end + 1));
}

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('key store manager: missing kms:DeleteCustomKeyStore and an unscoped service-linked role', async () => {
    const { doc, uri } = await open('policies/key-store-manager.json');
    const ds = await waitForCodes(uri, ['missing-action', 'unscoped-service-linked-role']);
    await expectClass(uri, /^Key store manager: 7\/8 required.*\(inferred\)/);
    const missing = only(ds, 'missing-action');
    assert.match(missing.message, /kms:DeleteCustomKeyStore/);
    // anchored on the Action element of the statement the missing action belongs in
    covers(doc, missing, '"Action"');
    assert.ok(statementRange(doc, 'ManageTheKeyStore').contains(missing.range), describe([missing]));
    const unscoped = only(ds, 'unscoped-service-linked-role');
    assert.ok(statementRange(doc, 'CreateTheServiceLinkedRole').contains(unscoped.range),
      `unscoped-service-linked-role is inside the statement that grants iam:CreateServiceLinkedRole:\n      ${describe([unscoped])}`);
    assert.match(unscoped.message, /AWSServiceName|cks\.kms\.amazonaws\.com/);
    assert.ok(!ds.some(d => codeOf(d) === 'excessive-action'), `nothing excessive:\n      ${describe(ds)}`);
  });

  test('cluster manager: everything required, cloudhsm:PutResourcePolicy is excessive', async () => {
    const { doc, uri } = await open('policies/cluster-manager.json');
    const ds = await waitForCodes(uri, ['excessive-action']);
    await expectClass(uri, /^CloudHSM cluster manager: 19\/19 required, 1 excessive/);
    covers(doc, only(ds, 'excessive-action'), '"cloudhsm:PutResourcePolicy"');
    assert.ok(!ds.some(d => codeOf(d) === 'missing-action'), `nothing missing:\n      ${describe(ds)}`);
  });

  test('key manager: kms:Decrypt is excessive, key rotation is unsupported in a key store', async () => {
    const { doc, uri } = await open('policies/key-manager.json');
    const ds = await waitForCodes(uri, ['excessive-action', 'unsupported-in-key-store']);
    await expectClass(uri, /^KMS key manager: 12\/12 required/);
    covers(doc, only(ds, 'excessive-action'), '"kms:Decrypt"');
    const unsupported = only(ds, 'unsupported-in-key-store');
    covers(doc, unsupported, '"kms:EnableKeyRotation"');
    // it can never take effect: shown faded, as unnecessary code
    assert.ok((unsupported.tags || []).includes(vscode.DiagnosticTag.Unnecessary), 'tagged Unnecessary');
  });

  test('key user (key policy): kms:Sign is unsupported, the account root statement is left alone', async () => {
    const { doc, uri } = await open('policies/key-user.json');
    const ds = await waitForCodes(uri, ['unsupported-in-key-store']);
    await expectClass(uri, /^KMS key user: 1\/1 required/);
    covers(doc, only(ds, 'unsupported-in-key-store'), '"kms:Sign"');
    const root = statementRange(doc, 'EnableIamPolicies');
    assert.ok(!ds.some(d => root.contains(d.range)), `"kms:*" for the account root delegates to IAM and is not flagged:\n      ${describe(ds)}`);
  });

  test('KMS service-linked role: ec2:DescribeNetworkAcls is missing', async () => {
    const { doc, uri } = await open('policies/service-linked-role.json');
    const ds = await waitForCodes(uri, ['missing-action']);
    await expectClass(uri, /^KMS service-linked role: 9\/10 required/);
    const missing = only(ds, 'missing-action');
    assert.match(missing.message, /ec2:DescribeNetworkAcls/);
    covers(doc, missing, '"Action"');
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('unknown action and unknown service are flagged on the exact strings', async () => {
    const { doc, uri } = await open('policies/unknown-names.json');
    const ds = await waitForCodes(uri, ['unknown-action', 'unknown-service']);
    covers(doc, only(ds, 'unknown-action'), '"kms:Decryptt"');
    covers(doc, only(ds, 'unknown-service'), '"kmss:Decrypt"');
    assert.match(only(ds, 'unknown-action').message, /kms:Decrypt\b/, 'suggests the closest action');
    assert.deepStrictEqual(rangeOf(doc, '"kms:Decryptt"'), only(ds, 'unknown-action').range);
  });
};

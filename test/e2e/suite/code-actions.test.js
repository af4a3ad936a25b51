// @ts-check
// Quick fixes through vscode.executeCodeActionProvider, applied as the editor applies them.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, waitForDiagnostics, only, quickFixes, applyAction, codeOf } = require('./helpers');

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('quick fix for invalid-version is offered, preferred, and fixes the document', async () => {
    const { doc, uri } = await open('policies/fix-me.json');
    const d = only(await waitForCodes(uri, ['invalid-version']), 'invalid-version');
    const actions = await quickFixes(uri, d.range);
    const fix = actions.find(a => a.title === 'Change Version to "2012-10-17"');
    assert.ok(fix, `fix offered; offered: ${actions.map(a => JSON.stringify(a.title)).join(', ') || 'none'}`);
    assert.strictEqual(fix.isPreferred, true, 'it is the preferred fix (auto-fix, Ctrl+. first entry)');
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind is quickfix: ${fix.kind && fix.kind.value}`);
    // (vscode.executeCodeActionProvider does not hand back CodeAction.diagnostics, so that is not checked here)
    await applyAction(fix);
    assert.match(doc.getText(), /"Version": "2012-10-17"/);
    assert.doesNotMatch(doc.getText(), /2018-06-12/);
    await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'invalid-version'), 'invalid-version to go away');
  });

  test('no quick fix is offered where there is no problem', async () => {
    const { doc, uri } = await open('policies/fix-me.json');
    await waitForCodes(uri, ['invalid-version']);
    const at = doc.getText().indexOf('"Sid"');
    const actions = await quickFixes(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 5)));
    const ours = actions.filter(a => (a.diagnostics || []).some(x => x.source === 'cloudhsm-policy'));
    assert.deepStrictEqual(ours.map(a => a.title), []);
  });

  test('quick fix adds the action a principal class is missing', async () => {
    const { doc, uri } = await open('policies/service-linked-role.json');
    const d = only(await waitForCodes(uri, ['missing-action']), 'missing-action');
    const actions = await quickFixes(uri, d.range);
    const fix = actions.find(a => /ec2:DescribeNetworkAcls|missing/i.test(a.title) && a.edit);
    assert.ok(fix, `a fix that adds the missing action; offered: ${actions.map(a => JSON.stringify(a.title)).join(', ') || 'none'}`);
    await applyAction(fix);
    assert.match(doc.getText(), /"ec2:DescribeNetworkAcls"/);
    JSON.parse(doc.getText()); // still valid JSON
    await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'missing-action'), 'missing-action to go away');
  });

  test('quick fix replaces an unknown action with the closest known one', async () => {
    const { doc, uri } = await open('policies/unknown-names.json');
    const d = only(await waitForCodes(uri, ['unknown-action']), 'unknown-action');
    const actions = await quickFixes(uri, d.range);
    const fix = actions.find(a => /kms:Decrypt\b/.test(a.title));
    assert.ok(fix, `a fix to kms:Decrypt; offered: ${actions.map(a => JSON.stringify(a.title)).join(', ') || 'none'}`);
    await applyAction(fix);
    assert.match(doc.getText(), /"kms:Decrypt",/);
    assert.doesNotMatch(doc.getText(), /Decryptt/);
    await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'unknown-action'), 'unknown-action to go away');
  });

  test('"fix all" (source.fixAll) applies the safe fixes in one edit', async () => {
    const { doc, uri } = await open('policies/fix-all.json');
    await waitForCodes(uri, ['missing-version']);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    /** @type {vscode.CodeAction[]} */
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, whole, vscode.CodeActionKind.SourceFixAll.value) || [];
    const fixAll = actions.find(a => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind) && /cloudhsm/i.test(a.title));
    assert.ok(fixAll, `a source.fixAll action of ours; offered: ${actions.map(a => `${a.title} (${a.kind && a.kind.value})`).join(', ') || 'none'}`);
    await applyAction(fixAll);
    assert.match(doc.getText(), /"Version": "2012-10-17"/);
    await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'missing-version'), 'missing-version to go away');
  });
};

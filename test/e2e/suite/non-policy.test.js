// @ts-check
// JSON that is not an IAM policy (a package.json) must get nothing from the extension.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, expectNoDiagnosticsFor, ours, describe, SOURCE } = require('./helpers');

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('a package.json-like file gets no diagnostics, completions or fixes', async () => {
    const { doc, uri } = await open('package.json');
    assert.strictEqual(doc.languageId, 'json');
    // An absence can only be seen after the server has certainly looked at the file. Barrier: open a
    // policy afterwards and wait for ITS diagnostics; the server handles didOpen notifications and
    // validations in order, so by then package.json has been analysed. Then watch for a short while
    // (by event) that nothing arrives for package.json.
    const barrier = await open('policies/grammar.json');
    await waitForCodes(barrier.uri, ['invalid-version']);
    await expectNoDiagnosticsFor(uri, 1500);
    assert.deepStrictEqual(ours(uri), [], describe(ours(uri)));

    // the words that would be flagged in a policy do not make it one
    const at = doc.getText().indexOf('kms:Decryptt') + 'kms:Decr'.length;
    /** @type {vscode.CompletionList} */
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, doc.positionAt(at));
    const labels = list.items.map(i => typeof i.label === 'string' ? i.label : i.label.label);
    assert.ok(!labels.some(l => /^kms:/.test(l)), `no action completions in a non-policy: ${labels.filter(l => /:/.test(l)).slice(0, 5).join(', ')}`);
    /** @type {vscode.CodeAction[]} */
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri,
      new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), vscode.CodeActionKind.SourceFixAll.value) || [];
    assert.deepStrictEqual(actions.filter(a => /cloudhsm/i.test(a.title)).map(a => a.title), []);
    assert.strictEqual(vscode.languages.getDiagnostics(uri).filter(d => d.source === SOURCE).length, 0);
  });
};

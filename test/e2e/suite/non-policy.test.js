// @ts-check
// JSON that is not an IAM policy (a package.json) must get nothing from the extension.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, expectNoDiagnosticsFor, ours, describe, SOURCE, EXTENSION_ID, TIMEOUT } = require('./helpers');

/** @param {vscode.CompletionItem} i */
const labelOf = i => typeof i.label === 'string' ? i.label : i.label.label;

/** Polls `probe` (the status item has no change event) until it returns true, or fails after the suite's timeout. */
async function until(/** @type {() => boolean} */ probe, /** @type {string} */ what) {
  const end = Date.now() + TIMEOUT;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

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

  test('class snippets and the status item are for policies only, not for a package.json', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const api = /** @type {{ status(): { text: string, detail: string } | undefined }} */ (await ext.activate());
    // A policy shows the status item (the server's first verdict).
    const policy = await open('policies/grammar.json');
    await waitForCodes(policy.uri, ['invalid-version']);
    await until(() => !!api.status(), 'the status item on a policy');
    assert.match(api.status()?.text || '', /CloudHSM policy|required/);
    // package.json: no status item, and no snippet of ours at a property key or anywhere else.
    const { doc, uri } = await open('package.json');
    await until(() => !api.status(), 'the status item to go away on package.json');
    for (const at of [doc.getText().indexOf('"name"'), doc.getText().indexOf('"left-pad"'), doc.getText().length - 2]) {
      /** @type {vscode.CompletionList} */
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, doc.positionAt(at));
      const ourSnippets = list.items.map(labelOf).filter(l => /^chsm-/.test(l));
      assert.deepStrictEqual(ourSnippets, [], `no class snippets in package.json at offset ${at}`);
    }
    assert.strictEqual(api.status(), undefined);
    // Back to the policy: the item is shown again.
    await open('policies/grammar.json');
    await until(() => !!api.status(), 'the status item on the policy again');
  });
};

// @ts-check
// Completions through vscode.executeCompletionItemProvider: action names from the AWS catalog, and a
// policy snippet inserted into an empty file.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForDiagnostics, codeOf, describe } = require('./helpers');

/** @param {vscode.CompletionItem} i */
const labelOf = i => typeof i.label === 'string' ? i.label : i.label.label;

/** Inserts a completion item the way the editor accepts it (snippet or plain text, over its range). */
async function accept(/** @type {vscode.TextEditor} */ editor, /** @type {vscode.CompletionItem} */ item, /** @type {vscode.Position} */ pos) {
  const r = item.range;
  const range = !r ? editor.document.getWordRangeAtPosition(pos) || new vscode.Range(pos, pos) : r instanceof vscode.Range ? r : r.replacing;
  const text = item.insertText === undefined ? labelOf(item) : item.insertText;
  const snippet = typeof text === 'string' ? new vscode.SnippetString().appendText(text) : text;
  assert.ok(await editor.insertSnippet(snippet, range), `inserted ${labelOf(item)}`);
}

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('completing "kms:Decr" in Action offers kms:Decrypt, and accepting it fixes the action', async () => {
    const { doc, editor, uri } = await open('policies/complete-me.json');
    const pos = doc.positionAt(doc.getText().indexOf('kms:Decr') + 'kms:Decr'.length);
    /** @type {vscode.CompletionList} */
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, pos);
    const item = list.items.find(i => labelOf(i) === 'kms:Decrypt');
    assert.ok(item, `kms:Decrypt offered; got ${list.items.slice(0, 10).map(labelOf).join(', ')}${list.items.length > 10 ? ', ...' : ''}`);
    assert.strictEqual(item.kind, vscode.CompletionItemKind.Function);
    assert.ok(list.items.every(i => !/^(ec2|iam|s3):/.test(labelOf(i))), 'only kms actions after "kms:"');
    await accept(editor, item, pos);
    assert.match(doc.getText(), /"Action": "kms:Decrypt",/);
    // the server re-checks the edited document: a mistyped action would be unknown-action
    const ds = await waitForDiagnostics(uri, d => !d.some(x => /unknown-action|json-syntax/.test(codeOf(x))), 'no unknown-action after completing');
    assert.ok(!ds.some(d => codeOf(d) === 'json-syntax'), describe(ds));
  });

  test('a policy snippet is offered in an empty JSON file and inserts a valid policy', async () => {
    const { doc, editor, uri } = await open('policies/new-policy.json');
    assert.strictEqual(doc.getText(), '');
    const pos = new vscode.Position(0, 0);
    /** @type {vscode.CompletionList} */
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, pos);
    const snippets = list.items.filter(i => i.kind === vscode.CompletionItemKind.Snippet && i.insertText instanceof vscode.SnippetString &&
      /"Statement"/.test(i.insertText.value));
    const offered = list.items.filter(i => i.kind !== vscode.CompletionItemKind.Text) // skip word-based suggestions
      .map(i => `${labelOf(i)}[${vscode.CompletionItemKind[i.kind || 0]}]`);
    assert.ok(snippets.length, `a policy snippet (kind Snippet, body with "Statement"); got ${offered.slice(0, 15).join(', ') || 'only word suggestions'}`);
    const item = snippets.find(i => /key.?user/i.test(labelOf(i) + ' ' + (i.detail || ''))) || snippets[0];
    await accept(editor, item, pos);
    const text = doc.getText();
    const policy = JSON.parse(text); // a snippet's placeholders must still leave valid JSON
    assert.strictEqual(policy.Version, '2012-10-17');
    assert.ok(Array.isArray(policy.Statement) && policy.Statement.length > 0, 'has statements');
    // it is analysed as a policy: our hover answers on an action of it
    const action = /"(kms|cloudhsm|iam|ec2):[A-Za-z*]+"/.exec(text);
    assert.ok(action, `the snippet grants an action: ${text}`);
    const hovers = /** @type {vscode.Hover[]} */ (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, doc.positionAt(action.index + 2)));
    const md = hovers.flatMap(h => h.contents).map(c => typeof c === 'string' ? c : c.value).join('\n');
    assert.match(md, new RegExp(action[1], 'i'), `our hover describes ${action[0]}`);
    await waitForDiagnostics(uri, d => !d.some(x => codeOf(x) === 'json-syntax'), 'no syntax error in the inserted snippet');
  });
};

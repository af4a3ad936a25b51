// @ts-check
// Grammar diagnostics of the language server, as VS Code shows them: codes, severities and ranges.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, waitForDiagnostics, only, rangeOf, codes, describe, codeOf } = require('./helpers');

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('invalid Version and Effect: codes, error severity and exact ranges', async () => {
    const { doc, uri } = await open('policies/grammar.json');
    const ds = await waitForCodes(uri, ['invalid-version', 'invalid-effect']);
    const version = only(ds, 'invalid-version');
    assert.deepStrictEqual(version.range, rangeOf(doc, '"2018-06-12"'), 'invalid-version covers the Version value, quotes included');
    assert.strictEqual(version.severity, vscode.DiagnosticSeverity.Error);
    assert.match(version.message, /2012-10-17/);
    const effect = only(ds, 'invalid-effect');
    assert.deepStrictEqual(effect.range, rangeOf(doc, '"allow"'), 'invalid-effect covers the Effect value');
    assert.strictEqual(effect.severity, vscode.DiagnosticSeverity.Error);
    assert.match(effect.message, /Allow/);
    // the diagnostic links to its documentation
    const code = version.code;
    assert.ok(typeof code === 'object' && code && code.target instanceof vscode.Uri, `code has a documentation link: ${JSON.stringify(code)}`);
    assert.match(code.target.toString(), /invalid-version/);
  });

  test('missing Version is a warning on the opening brace', async () => {
    const { doc, uri } = await open('policies/no-version.json');
    const ds = await waitForCodes(uri, ['missing-version']);
    const d = only(ds, 'missing-version');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(d.range, new vscode.Range(doc.positionAt(0), doc.positionAt(1)));
    assert.deepStrictEqual(codes(ds), ['missing-version'], `no other finding:\n      ${describe(ds)}`);
  });

  test('malformed JSON gets json-syntax at the fault and nothing else', async () => {
    const { doc, uri } = await open('policies/broken.json');
    const ds = await waitForCodes(uri, ['json-syntax']);
    assert.ok(ds.every(d => codeOf(d) === 'json-syntax'), `only json-syntax on malformed JSON:\n      ${describe(ds)}`);
    // the missing comma is between "kms:DescribeKey" and "Resource": the error is reported there
    const after = rangeOf(doc, '"kms:DescribeKey"').end;
    const before = rangeOf(doc, '"Resource"').end;
    assert.ok(ds.some(d => !d.range.start.isBefore(after) && !d.range.start.isAfter(before)),
      `a json-syntax diagnostic between ${after.line + 1}:${after.character + 1} and ${before.line + 1}:${before.character + 1}:\n      ${describe(ds)}`);
    assert.strictEqual(ds[0].severity, vscode.DiagnosticSeverity.Error);
  });

  test('typing into a policy updates its diagnostics', async () => {
    const { doc, editor, uri } = await open('policies/grammar.json');
    await waitForCodes(uri, ['invalid-effect']);
    // fix the Effect by hand, as a user would type it
    assert.ok(await editor.edit(b => b.replace(rangeOf(doc, '"allow"'), '"Allow"')));
    const ds = await waitForDiagnostics(uri, d => !d.some(x => codeOf(x) === 'invalid-effect'), 'invalid-effect to go away');
    assert.ok(ds.some(d => codeOf(d) === 'invalid-version'), 'the other finding stays');
  });
};

// @ts-check
// Settings changed through the configuration API (as the Settings editor does) reach the language server
// and the diagnostics follow. Every test restores what it changed (withSettings).
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, waitForDiagnostics, withSettings, codeOf, describe } = require('./helpers');

const ROLE_CODES = /^(missing-action|excessive-action|unscoped-service-linked-role|unsupported-in-key-store)$/;

/** Titles of the extension's code lenses (the class verdicts). */
async function lensTitles(/** @type {vscode.Uri} */ uri) {
  /** @type {vscode.CodeLens[]} */
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10) || [];
  return lenses.map(l => l.command ? l.command.title : '').filter(Boolean);
}

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('cloudhsmPolicy.severity turns a check off and changes another one\'s severity', async () => {
    const { uri } = await open('policies/severity.json');
    await waitForCodes(uri, ['invalid-version', 'invalid-effect']);
    await withSettings({ severity: { 'invalid-version': 'off', 'invalid-effect': 'hint' } }, async () => {
      await waitForDiagnostics(uri, d => !d.some(x => codeOf(x) === 'invalid-version') &&
        d.some(x => codeOf(x) === 'invalid-effect' && x.severity === vscode.DiagnosticSeverity.Hint), 'invalid-version off and invalid-effect as a hint');
    });
    await waitForDiagnostics(uri, d => d.some(x => codeOf(x) === 'invalid-version') &&
      d.some(x => codeOf(x) === 'invalid-effect' && x.severity === vscode.DiagnosticSeverity.Error), 'the defaults to come back');
  });

  test('cloudhsmPolicy.enable=false clears the diagnostics, true brings them back', async () => {
    const { uri } = await open('policies/severity.json');
    await waitForCodes(uri, ['invalid-version']);
    await withSettings({ enable: false }, async () => {
      await waitForDiagnostics(uri, d => d.length === 0, 'no diagnostics while disabled');
    });
    await waitForCodes(uri, ['invalid-version', 'invalid-effect']);
  });

  test('cloudhsmPolicy.roles pins a class (the diagnostics follow) and "none" turns role checks off', async () => {
    const { uri } = await open('policies/pin-me.json');
    // a complete key store manager policy: inferred as such, nothing missing or excessive
    const before = await lensTitles(uri);
    assert.ok(before.some(t => /^Key store manager: 8\/8 required, 0 excessive \(inferred\)/.test(t)), `inferred key store manager: ${JSON.stringify(before)}`);
    await withSettings({ roles: { 'policies/pin-me.json': 'key-user' } }, async () => {
      // as a key user, custom key store administration is excessive and the encryption actions are missing
      const ds = await waitForCodes(uri, ['excessive-action', 'missing-action']);
      assert.ok(ds.filter(d => codeOf(d) === 'excessive-action').length >= 1, describe(ds));
      const titles = await lensTitles(uri);
      assert.ok(titles.some(t => /^KMS key user: 0\/1 required.*\(pinned\)/.test(t)), `pinned to key user: ${JSON.stringify(titles)}`);
    });
    await waitForDiagnostics(uri, d => !d.some(x => ROLE_CODES.test(codeOf(x))), 'role findings to go away when unpinned');
    // "none" (here through a glob) turns the class checks off for the matching files
    const km = await open('policies/key-manager.json');
    await waitForCodes(km.uri, ['excessive-action']);
    await withSettings({ roles: { '**/key-manager.json': 'none' } }, async () => {
      await waitForDiagnostics(km.uri, d => !d.some(x => /^(missing|excessive)-action$/.test(codeOf(x))), 'no class findings with role "none"');
      assert.deepStrictEqual(await lensTitles(km.uri), [], 'no class verdict when role checks are off');
    });
    await waitForCodes(km.uri, ['excessive-action']);
  });
};

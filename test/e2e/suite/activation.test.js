// @ts-check
// The extension is there, activates on a JSON document, and declares the settings the suite changes.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { EXTENSION_ID, TIMEOUT, open, waitForCodes } = require('./helpers');

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('extension is installed and activates when a JSON policy is opened (or at start in a workspace with Terraform files)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded; loaded: ${vscode.extensions.all.filter(e => !e.packageJSON.isBuiltin).map(e => e.id).join(', ')}`);
    // This is the suite's first test: no document has been opened yet. The only thing that may have
    // activated the extension is a `workspaceContains:` event matching a workspace file (the host
    // fixtures: a Terraform file). Either that explains it being active, or it is not active yet.
    const globs = (ext.packageJSON.activationEvents || []).filter((/** @type {string} */ e) => e.startsWith('workspaceContains:')).map((/** @type {string} */ e) => e.slice('workspaceContains:'.length));
    const matching = [];
    for (const g of globs) matching.push(...(await vscode.workspace.findFiles(g, null, 1)).map(u => vscode.workspace.asRelativePath(u)));
    if (matching.length) {
      const by = Date.now() + TIMEOUT;
      while (!ext.isActive && Date.now() < by) await new Promise((r) => setTimeout(r, 50));
      assert.strictEqual(ext.isActive, true, `not active within ${TIMEOUT} ms although the workspace holds ${matching.join(', ')} (${globs.join(', ')})`);
    } else {
      assert.strictEqual(ext.isActive, false, 'active before any document was opened: activation is onLanguage:json/jsonc (no workspaceContains event matches)');
    }
    const { uri } = await open('policies/grammar.json');
    // Opening the policy is what activates the extension, when nothing did before (no activate() call here).
    const until = Date.now() + TIMEOUT;
    while (!ext.isActive && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(ext.isActive, true, `opening a JSON policy did not activate the extension within ${TIMEOUT} ms`);
    await waitForCodes(uri, ['invalid-version']); // the language server is up and answering
  });

  test('package.json contributes the cloudhsmPolicy.* settings', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const contrib = ext.packageJSON.contributes && ext.packageJSON.contributes.configuration;
    const props = Object.assign({}, ...[].concat(contrib || []).map((/** @type {any} */ c) => c.properties || {}));
    for (const key of ['cloudhsmPolicy.enable', 'cloudhsmPolicy.severity', 'cloudhsmPolicy.roles']) {
      assert.ok(props[key], `contributes.configuration declares ${key}; declared: ${Object.keys(props).join(', ') || 'none'}`);
    }
    const config = vscode.workspace.getConfiguration('cloudhsmPolicy');
    assert.strictEqual(config.get('enable'), true, 'cloudhsmPolicy.enable defaults to true');
  });
};

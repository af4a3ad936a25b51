// @ts-check
// The extension is there, activates on a JSON document, and declares the settings the suite changes.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { EXTENSION_ID, open, waitForCodes } = require('./helpers');

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  test('extension is installed and activates when a JSON policy is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded; loaded: ${vscode.extensions.all.filter(e => !e.packageJSON.isBuiltin).map(e => e.id).join(', ')}`);
    const { uri } = await open('policies/grammar.json');
    // activation is onLanguage:json: opening the file is what activates it
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
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

// @ts-check
// Helpers for the extension-host suite. Runs INSIDE VS Code's extension host: `vscode` is the real API.
// Everything waits BY EVENT (onDidChangeDiagnostics, onDidChangeConfiguration) with a timeout; nothing
// sleeps for a fixed time.
'use strict';
const vscode = require('vscode');
const assert = require('assert');

/** The `source` of every diagnostic the extension publishes. */
const SOURCE = 'cloudhsm-policy';
const EXTENSION_ID = 'cloudhsm-policy-tools.cloudhsm-policy-lint';
/** Default time for the language server to answer (its first start loads the AWS action catalog). */
const TIMEOUT = Number(process.env.E2E_WAIT_MS || 20000);

function root() {
  const f = vscode.workspace.workspaceFolders;
  assert.ok(f && f.length, 'the test workspace is open');
  return f[0].uri;
}
/** @param {string} rel path relative to the workspace folder */
function fileUri(rel) { return vscode.Uri.joinPath(root(), ...rel.split('/')); }

/** The extension's own diagnostics for uri (the built-in JSON support publishes others). */
function ours(uri) { return vscode.languages.getDiagnostics(uri).filter(d => d.source === SOURCE); }

/** @param {vscode.Diagnostic} d */
function codeOf(d) { return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code); }
/** @param {readonly vscode.Diagnostic[]} ds */
function codes(ds) { return ds.map(codeOf).sort(); }

/** One line per diagnostic, for assertion messages. @param {readonly vscode.Diagnostic[]} ds */
function describe(ds) {
  if (!ds.length) return '(none)';
  return ds.map(d => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ` +
    `[${vscode.DiagnosticSeverity[d.severity]}] ${d.message}`).join('\n      ');
}

/**
 * Resolves with our diagnostics for uri as soon as predicate(diagnostics) is true, checking now and on
 * every onDidChangeDiagnostics event for that uri; rejects after timeoutMs with what was last seen.
 * @param {vscode.Uri} uri
 * @param {(ds: vscode.Diagnostic[]) => boolean} predicate
 * @param {string} what  described in the timeout error
 */
function waitForDiagnostics(uri, predicate, what, timeoutMs = TIMEOUT) {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let done = false;
    const finish = (/** @type {() => void} */ f) => { if (done) return; done = true; sub.dispose(); clearTimeout(timer); f(); };
    const check = () => { const ds = ours(uri); if (predicate(ds)) finish(() => resolve(ds)); };
    const sub = vscode.languages.onDidChangeDiagnostics(e => { if (e.uris.some(u => u.toString() === key)) check(); });
    const timer = setTimeout(() => finish(() => reject(new Error(
      `timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; last diagnostics:\n      ${describe(ours(uri))}`))), timeoutMs);
    check();
  });
}

/** Waits until the diagnostics of uri include every code in want (and returns them). */
function waitForCodes(uri, /** @type {string[]} */ want, timeoutMs = TIMEOUT) {
  return waitForDiagnostics(uri, ds => want.every(c => ds.some(d => codeOf(d) === c)), `codes ${want.join(', ')}`, timeoutMs);
}

/**
 * Resolves if NO diagnostics event for uri brings any of our diagnostics within windowMs. Only meaningful
 * after a barrier that proves the server has already processed uri (see the non-policy test): a
 * negative can only be observed for a bounded time.
 */
function expectNoDiagnosticsFor(uri, windowMs) {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const fail = () => { sub.dispose(); clearTimeout(timer); reject(new Error(`unexpected diagnostics on ${vscode.workspace.asRelativePath(uri)}:\n      ${describe(ours(uri))}`)); };
    if (ours(uri).length) { fail(); return; }
    const sub = vscode.languages.onDidChangeDiagnostics(e => { if (e.uris.some(u => u.toString() === key) && ours(uri).length) fail(); });
    const timer = setTimeout(() => { sub.dispose(); resolve(undefined); }, windowMs);
  });
}

/** Opens (and shows) a workspace file. */
async function open(/** @type {string} */ rel) {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor, uri: doc.uri };
}

/**
 * Reverts unsaved changes and closes every editor, so that tests do not see each other's edits.
 * (Closing a dirty editor would open a "Save changes?" dialog that nobody answers.)
 */
async function closeAll() {
  // only the tests' own files: the workbench may hold other models (it migrates settings.json, say)
  const mine = vscode.workspace.textDocuments.filter(d => d.isDirty && !d.isUntitled && vscode.workspace.getWorkspaceFolder(d.uri));
  for (const doc of mine) {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The range of the first occurrence of text in doc (asserts it is there). */
function rangeOf(/** @type {vscode.TextDocument} */ doc, /** @type {string} */ text, from = 0) {
  const i = doc.getText().indexOf(text, from);
  assert.ok(i >= 0, `fixture ${vscode.workspace.asRelativePath(doc.uri)} contains ${text}`);
  return new vscode.Range(doc.positionAt(i), doc.positionAt(i + text.length));
}

/** The single diagnostic with this code (asserts there is exactly one). */
function only(/** @type {readonly vscode.Diagnostic[]} */ ds, /** @type {string} */ code) {
  const hits = ds.filter(d => codeOf(d) === code);
  assert.strictEqual(hits.length, 1, `exactly one ${code} diagnostic; got:\n      ${describe(ds)}`);
  return hits[0];
}

/**
 * Updates a cloudhsmPolicy.* setting in the workspace (.vscode/settings.json) and resolves once VS Code
 * has applied it (onDidChangeConfiguration), which is also when the language client tells the server.
 * Fails (rather than writing the file behind VS Code's back) when the extension does not declare the
 * setting: VS Code refuses to write undeclared settings, so users could not set it either.
 * @param {string} key  e.g. "roles"
 * @param {unknown} value  undefined removes it
 */
async function setSetting(key, value) {
  const section = `cloudhsmPolicy.${key}`;
  const config = vscode.workspace.getConfiguration('cloudhsmPolicy');
  const current = config.inspect(key);
  // writing the value that is already there changes nothing, and no event would come
  if (JSON.stringify(current && current.workspaceValue) === JSON.stringify(value)) return;
  let seen = false;
  /** @type {() => void} */
  let onSeen = () => {};
  const sub = vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(section)) { seen = true; onSeen(); } });
  try {
    await config.update(key, value, vscode.ConfigurationTarget.Workspace);
    if (!seen) {
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no configuration change event for ${section}`)), TIMEOUT);
        onSeen = () => { clearTimeout(t); resolve(undefined); };
      });
    }
  } finally {
    sub.dispose();
  }
}

/**
 * Runs fn with cloudhsmPolicy settings changed, then restores them (an error of fn is never hidden by
 * an error of the restore).
 * @param {Record<string, unknown>} changes
 * @param {() => Promise<void>} fn
 */
async function withSettings(changes, fn) {
  const config = vscode.workspace.getConfiguration('cloudhsmPolicy');
  const saved = Object.keys(changes).map(k => [k, (config.inspect(k) || {}).workspaceValue]);
  /** @type {unknown} */
  let failure;
  try {
    for (const [k, v] of Object.entries(changes)) await setSetting(k, v);
    await fn();
  } catch (e) { failure = e; }
  for (const [k, v] of saved) {
    try { await setSetting(/** @type {string} */ (k), v); } catch (e) { if (!failure) failure = e; else console.log(`  # restoring cloudhsmPolicy.${k} failed too: ${e}`); }
  }
  if (failure) throw failure;
}

/**
 * Applies a code action the way the editor does: its workspace edit, then its command if any.
 * @param {vscode.CodeAction} action
 */
async function applyAction(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace edit of "${action.title}" applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
}

/** Quick fixes the providers offer for range. */
async function quickFixes(/** @type {vscode.Uri} */ uri, /** @type {vscode.Range} */ range) {
  /** @type {vscode.CodeAction[]} */
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value) || [];
  return actions;
}

module.exports = {
  SOURCE, EXTENSION_ID, TIMEOUT, fileUri, ours, codeOf, codes, describe, waitForDiagnostics, waitForCodes,
  expectNoDiagnosticsFor, open, closeAll, rangeOf, only, setSetting, withSettings, applyAction, quickFixes,
};

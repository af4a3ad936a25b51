// @ts-check
// Entry of the extension-host suite, in the shape @vscode/test-electron expects: a module whose run()
// executes inside VS Code's extension host and rejects when a test failed. The same module runs under
// runTests() (desktop VS Code) and under VS Code's server with the smoke-test driver (run-exthost.js).
//
// Output is TAP-like: `ok - name` / `not ok - name` (details on `  # ` lines) and a closing
// `N passed, N failed`. With E2E_RESULTS_FILE set, the results are also written there as JSON, which is
// what run.sh counts (log forwarding from the extension host is best effort).
// E2E_GREP=<regexp> runs only the tests whose name matches.
'use strict';
const fs = require('fs');
const vscode = require('vscode');
const { closeAll, TIMEOUT } = require('./helpers');

/** Test files, run in this order. Each exports register(test). */
const FILES = ['activation', 'diagnostics', 'principal-classes', 'code-actions', 'completion', 'settings', 'non-policy', 'hosts'];
/** No single test may take longer than this (a hung provider must not hang the run). */
const TEST_TIMEOUT = Number(process.env.E2E_TEST_TIMEOUT_MS || Math.max(60000, 3 * TIMEOUT));

/** @typedef {{ name: string, fn: () => Promise<void> | void }} TestCase */

/**
 * The message of an error and the stack frames in the suite's own files: enough to find the failing
 * assertion without pages of minified workbench frames.
 * @param {string} stack
 */
function brief(stack) {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex(l => /^\s+at /.test(l));
  const message = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  const own = lines.slice(message.length).filter(l => l.includes(__dirname)).slice(0, 3);
  return [...message.slice(0, 12), ...own];
}

exports.run = async function run() {
  /** @type {TestCase[]} */
  const tests = [];
  const test = (/** @type {string} */ name, /** @type {TestCase['fn']} */ fn) => { tests.push({ name, fn }); };
  for (const f of FILES) require(`./${f}.test`).register(test);
  const grep = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP) : null;
  const selected = grep ? tests.filter(t => grep.test(t.name)) : tests;

  console.log(`# extension-host suite: ${selected.length} tests in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
  /** @type {{name: string, ok: boolean, ms: number, error?: string}[]} */
  const results = [];
  for (const t of selected) {
    const t0 = Date.now();
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test took longer than ${TEST_TIMEOUT} ms`)), TEST_TIMEOUT); }),
      ]);
      results.push({ name: t.name, ok: true, ms: Date.now() - t0 });
      console.log(`ok - ${t.name}`);
    } catch (e) {
      const error = e instanceof Error ? (e.stack || e.message) : String(e);
      results.push({ name: t.name, ok: false, ms: Date.now() - t0, error });
      console.log(`not ok - ${t.name}\n${brief(error).map(l => `  # ${l}`).join('\n')}`);
    } finally {
      clearTimeout(timer);
      try { await closeAll(); } catch (e) { console.log(`  # cleanup after "${t.name}" failed: ${e}`); }
    }
  }
  const failed = results.filter(r => !r.ok).length;
  const summary = `${results.length - failed} passed, ${failed} failed`;
  if (process.env.E2E_RESULTS_FILE) {
    fs.writeFileSync(process.env.E2E_RESULTS_FILE, JSON.stringify({ passed: results.length - failed, failed, results }, null, 2));
  }
  console.log(summary);
  if (failed) throw new Error(`${failed} extension-host test(s) failed`);
  if (!results.length) throw new Error('no test ran (check E2E_GREP)');
};

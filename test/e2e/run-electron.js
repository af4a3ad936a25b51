// @ts-check
// Runs the extension-host suite (test/e2e/suite, a module exporting run()) in a real VS Code:
//
//   1. @vscode/test-electron's runTests() with desktop VS Code, when VSCODE_EXECUTABLE_PATH names an
//      installed VS Code, or when test-electron can download one (probed first: where the update server
//      is unreachable the download fails within a second with ENOTFOUND, so probing costs nothing);
//   2. otherwise the SAME suite in VS Code 1.139 from the npm package code-server, through VS Code's own
//      server and the smoke-test driver (run-exthost.js).
//
// E2E_ROUTE=electron|code-server forces a route (default: auto, as above).
//
//   node test/e2e/run-electron.js [--ext DIR] [--tests PATH] [--workspace FIXTURE_DIR] [--run-dir DIR]
//     --ext        extension to test (default: the repo root, which must hold a built dist/)
//     --tests      test module (default: test/e2e/suite/index.js)
//     --workspace  fixture workspace, copied afresh into the run dir (default: test/e2e/fixtures/workspace)
//     --run-dir    per-run scratch folder (default: $E2E_CACHE/run or a temp dir)
// Exit code: 0 when every test passed. The suite's results are written to <run-dir>/exthost-results.json.
// Note: desktop VS Code on Linux needs a display; run under xvfb-run where there is none.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { copyTree, logger, QUIET_USER_SETTINGS } = require('./lib/util');

const log = logger('run-electron');
const ROOT = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a[argv[i].slice(2)] = argv[i + 1];
  }
  return a;
}

/** @returns {Promise<string | undefined>} a desktop VS Code executable, or undefined when there is none to be had */
async function findDesktopVSCode(cacheDir) {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
  const t0 = Date.now();
  try {
    // timeout: per request; an unreachable host fails at once (getaddrinfo ENOTFOUND)
    return await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || 'stable', cachePath: path.join(cacheDir, 'vscode-test'), timeout: 15000 });
  } catch (e) {
    const err = /** @type {any} */ (e);
    log(`no desktop VS Code: download failed after ${Date.now() - t0} ms (${err && err.code || ''} ${String(err && err.message || err).split('\n')[0].slice(0, 160)})`);
    return undefined;
  }
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const cache = process.env.E2E_CACHE || path.join(os.homedir(), '.cache', 'cloudhsm-policy-lint-e2e');
  const runDir = path.resolve(a['run-dir'] || fs.mkdtempSync(path.join(os.tmpdir(), 'chpl-e2e-')));
  fs.mkdirSync(runDir, { recursive: true });
  const ext = path.resolve(a.ext || ROOT);
  const tests = path.resolve(a.tests || path.join(__dirname, 'suite', 'index.js'));
  const ws = path.join(runDir, 'exthost-workspace');
  copyTree(path.resolve(a.workspace || path.join(__dirname, 'fixtures', 'workspace')), ws);
  const resultsFile = path.join(runDir, 'exthost-results.json');
  fs.rmSync(resultsFile, { force: true });
  if (!fs.existsSync(path.join(ext, 'package.json'))) throw new Error(`no extension at ${ext}`);
  const main = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')).main;
  if (main && !fs.existsSync(path.join(ext, main)) && !fs.existsSync(path.join(ext, main + '.js'))) {
    throw new Error(`${ext} is not built: ${main} is missing (run npm run build)`);
  }
  const env = { E2E_RESULTS_FILE: resultsFile };

  const route = process.env.E2E_ROUTE || 'auto';
  const exe = route === 'code-server' ? undefined : await findDesktopVSCode(cache);
  if (route === 'electron' && !exe) throw new Error('E2E_ROUTE=electron but there is no VS Code executable');

  let code;
  if (exe) {
    log(`route: @vscode/test-electron runTests with ${exe}`);
    const { runTests } = require('@vscode/test-electron');
    const userData = path.join(runDir, 'electron-user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(QUIET_USER_SETTINGS, null, 2));
    try {
      code = await runTests({
        vscodeExecutablePath: exe,
        extensionDevelopmentPath: ext,
        extensionTestsPath: tests,
        extensionTestsEnv: env,
        launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
          '--user-data-dir', userData, '--extensions-dir', path.join(runDir, 'electron-extensions')],
      });
    } catch (e) {
      log(`runTests failed: ${e}`);
      code = 1;
    }
  } else {
    log('route: VS Code server from code-server + smoke-test driver (run-exthost.js)');
    const { runExtensionHostTests } = require('./run-exthost');
    code = await runExtensionHostTests({ extensionDevelopmentPath: ext, extensionTestsPath: tests, workspace: ws, runDir, env });
  }
  if (!fs.existsSync(resultsFile)) log('the suite wrote no results file: it did not run to the end');
  return code;
}

main().then(code => process.exit(code), e => { console.error(`[run-electron] ${e && e.stack || e}`); process.exit(1); });

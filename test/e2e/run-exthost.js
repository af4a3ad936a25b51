// @ts-check
// Runs an @vscode/test-electron style test module (exports run()) inside the real Node extension host
// of VS Code 1.139, WITHOUT downloading VS Code: the VS Code server that ships inside the npm package
// code-server (lib/vscode/out/server-main.js) serves the web workbench, headless Debian chromium opens
// it, and the URL payload carries extensionDevelopmentPath / extensionTestsPath (as @vscode/test-web
// does). The workbench reports the test module's outcome through window.codeAutomationExit.
//
// Surprises handled here:
// - The payload is honoured only with --enable-smoke-test-driver. Without it a built workbench SILENTLY
//   ignores extensionTestsPath (the page just sits there), and the `code-server` wrapper rejects the
//   flag, so server-main.js is started directly, on Node 24.
// - Payload paths are vscode-remote:// URIs of the server's host:port, not file:// URIs.
// - The extension host inherits the server's environment: that is how E2E_* variables reach the suite
//   (the web route has no extensionTestsEnv).
// - The extension host's console output reaches the page through window.codeAutomationLog.
//
// Used by run-electron.js as its fallback; can also be run alone:
//   node test/e2e/run-exthost.js --ext <extension dir> --tests <module> --workspace <dir> --run-dir <dir>
// Env: E2E_NODE24 (node binary for the server, default: this node), E2E_VSCODE_SERVER_DIR (code-server's
//      lib/vscode), E2E_HARNESS_NODE_MODULES (playwright-core), E2E_EXTHOST_TIMEOUT_MS (default 240000).
'use strict';
const fs = require('fs');
const path = require('path');
const { logger, freePort, waitForHttp, startGroup, launchChromium, QUIET_USER_SETTINGS } = require('./lib/util');

const log = logger('exthost');

/** Lines of the suite's TAP-like output that are worth showing on stdout (the rest goes to the log). */
const TEST_LINE = /^(ok|not ok) - |^ {2}#|^# |^\d+ passed, \d+ failed/;

/**
 * @param {{extensionDevelopmentPath: string, extensionTestsPath: string, workspace: string, runDir: string,
 *          env?: Record<string, string>, timeoutMs?: number}} o
 * @returns {Promise<number>} the exit code of the test module (0 = all passed), 1 on timeout/failure to start
 */
async function runExtensionHostTests(o) {
  const serverDir = process.env.E2E_VSCODE_SERVER_DIR;
  if (!serverDir || !fs.existsSync(path.join(serverDir, 'out', 'server-main.js'))) {
    throw new Error('E2E_VSCODE_SERVER_DIR must point at code-server\'s lib/vscode (run test/e2e/lib/setup-cache.sh)');
  }
  const node = process.env.E2E_NODE24 || process.execPath;
  const timeoutMs = o.timeoutMs || Number(process.env.E2E_EXTHOST_TIMEOUT_MS || 240000);
  const dir = path.join(o.runDir, 'exthost');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ['user-data/User', 'server-data', 'extensions', 'logs']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'user-data/User/settings.json'), JSON.stringify(QUIET_USER_SETTINGS, null, 2));

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const serverLog = path.join(dir, 'logs', 'vscode-server.log');
  log(`starting VS Code server ${serverDir} on ${host}`);
  const server = startGroup('vscode-server', node, [
    'out/server-main.js', '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
    '--disable-telemetry', '--telemetry-level', 'off', '--disable-workspace-trust',
    '--server-data-dir', path.join(dir, 'server-data'),
    '--user-data-dir', path.join(dir, 'user-data'),
    '--extensions-dir', path.join(dir, 'extensions'),
    '--logsPath', path.join(dir, 'logs'),
  ], { cwd: serverDir, env: { ...process.env, ...o.env }, logFile: serverLog, pidDir: o.runDir });

  const testLog = path.join(dir, 'logs', 'exthost-tests.log');
  const logStream = fs.createWriteStream(testLog);
  /** @type {Awaited<ReturnType<typeof launchChromium>> | undefined} */
  let browser;
  try {
    await waitForHttp(`http://${host}/version`, 60000, server.isAlive);
    log('server is up; opening the workbench with the test payload');
    const remote = (/** @type {string} */ p) => `vscode-remote://${host}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(o.extensionTestsPath)],
    ];
    const url = `http://${host}/?folder=${encodeURIComponent(path.resolve(o.workspace))}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await launchChromium(dir);
    const { page } = browser;
    /** @type {(code: number | string) => void} */
    let finish = () => {};
    const exited = new Promise(resolve => { finish = resolve; });
    // The smoke-test driver hands every workbench console message (extension host output included)
    // to window.codeAutomationLog(type, args) and the test module's result to window.codeAutomationExit.
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown[]} */ args) => {
      const text = (args || []).map(a => typeof a === 'string' ? a : JSON.stringify(a)).join(' ');
      logStream.write(`[${type}] ${text}\n`);
      for (const line of text.split('\n')) if (TEST_LINE.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => finish(code));
    page.on('pageerror', e => logStream.write(`[pageerror] ${e.message}\n`));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    server.child.on('exit', c => finish(`server exited (${c})`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const code = await exited;
    clearTimeout(timer);
    await page.screenshot({ path: path.join(dir, 'exthost-final.png') }).catch(() => {});
    if (code !== 0) {
      log(`test module did not pass: ${code}; logs in ${path.join(dir, 'logs')}`);
      if (typeof code !== 'number') { // never got a result: show what the server said
        const tail = fs.readFileSync(serverLog, 'utf8').split('\n').slice(-20).join('\n');
        console.log(`--- tail of ${serverLog}\n${tail}`);
      }
    }
    return code === 0 ? 0 : 1;
  } finally {
    if (browser) await browser.close();
    logStream.end();
    await server.stop();
  }
}

function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    a[argv[i].slice(2)] = argv[i + 1];
  }
  return a;
}

if (require.main === module) {
  const a = parseArgs(process.argv.slice(2));
  runExtensionHostTests({
    extensionDevelopmentPath: a.ext, extensionTestsPath: a.tests, workspace: a.workspace, runDir: a['run-dir'],
  }).then(code => process.exit(code), e => { console.error(e); process.exit(1); });
}

module.exports = { runExtensionHostTests };

// @ts-check
// Small helpers shared by the e2e drivers (ui-smoke.js, run-exthost.js, run-electron.js).
// Plain Node (no dependencies besides playwright-core, which lives in the e2e cache, not the repo).
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { createRequire } = require('module');

const T0 = Date.now();
/** Log with seconds since start, prefixed by the driver's name. */
function logger(name) {
  return (...a) => console.log(`[${name} ${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);
}

/**
 * playwright-core is installed in the e2e cache ($E2E_HARNESS_NODE_MODULES, set by run.sh) so that the
 * repo's own dependencies stay untouched; fall back to a normal require for developers who have it.
 */
function requirePlaywright() {
  const nm = process.env.E2E_HARNESS_NODE_MODULES;
  if (nm) return createRequire(path.join(nm, '..', 'package.json'))('playwright-core');
  return require('playwright-core');
}

/** A free TCP port on 127.0.0.1, chosen by the kernel (there is a tiny race until the server binds it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(addr.port));
    });
  });
}

/** Resolves once GET url answers (any status below 500), rejects after timeoutMs. */
async function waitForHttp(url, timeoutMs, isAlive = () => true) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise(resolve => {
      const req = http.get(url, res => { res.resume(); resolve((res.statusCode || 500) < 500); });
      req.on('error', () => resolve(false));
      req.setTimeout(2000, () => { req.destroy(); resolve(false); });
    });
    if (ok) return;
    if (!isAlive()) throw new Error(`server for ${url} exited before it answered`);
    if (Date.now() > end) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Process groups started by this process; killed on exit, on SIGINT/SIGTERM/SIGHUP, and by stopGroup. */
const groups = new Set();
let handlersInstalled = false;
/** @param {number} pgid @param {NodeJS.Signals | 0} [signal] */
function killGroup(pgid, signal = 'SIGTERM') {
  try { process.kill(-pgid, signal); return true; } catch { return false; }
}
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => { for (const g of groups) killGroup(g, 'SIGKILL'); });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => { for (const g of groups) killGroup(g, 'SIGKILL'); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)); });
  }
}

/**
 * Starts a long-running server in its OWN process group (detached = setsid), logging to logFile.
 * The group id is also written to "<pidDir>/<name>.pgid" so that run.sh's trap can kill the group even
 * if this Node process itself is killed with SIGKILL.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, logFile: string, pidDir?: string}} opts
 */
function startGroup(name, cmd, args, opts) {
  installHandlers();
  const out = fs.openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env || process.env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  const pgid = child.pid; // detached: the child leads a new session and process group
  groups.add(pgid);
  const pidFile = opts.pidDir ? path.join(opts.pidDir, `${name}.pgid`) : null;
  if (pidFile) fs.writeFileSync(pidFile, `${pgid}\n`);
  let exited = false;
  child.on('exit', () => { exited = true; });
  return {
    pgid,
    child,
    isAlive: () => !exited,
    /** SIGTERM the whole group, SIGKILL what is left after graceMs. */
    async stop(graceMs = 3000) {
      killGroup(pgid, 'SIGTERM');
      const end = Date.now() + graceMs;
      // the group may outlive its leader (extension hosts, language servers): probe with signal 0
      while (Date.now() < end && killGroup(pgid, 0)) await new Promise(r => setTimeout(r, 100));
      killGroup(pgid, 'SIGKILL');
      groups.delete(pgid);
      if (pidFile) fs.rmSync(pidFile, { force: true });
    },
  };
}

/** Chromium flags for a headless, quiet, offline browser (Debian's chromium, no sandbox as root). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
  '--disable-features=Translate,MediaRouter', '--password-store=basic',
];

/**
 * Launches Debian's chromium with a fresh profile under dir (the run folder), returns {ctx, page, close}.
 * @param {string} dir
 * @param {{width: number, height: number}} [viewport]
 */
async function launchChromium(dir, viewport = { width: 1280, height: 800 }) {
  const { chromium } = requirePlaywright();
  const udd = fs.mkdtempSync(path.join(dir, 'chromium-profile-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: CHROMIUM_ARGS,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  return {
    ctx, page,
    async close() { await ctx.close().catch(() => {}); fs.rmSync(udd, { recursive: true, force: true }); },
  };
}

/** Copies a directory tree (fixtures are small; fs.cpSync is fine on Node >= 16.7). */
function copyTree(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

/** VS Code user settings that keep the workbench quiet and deterministic (no tours, AI, updates, telemetry). */
const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off', // (VS Code 1.139 migrates false to "off" by editing settings.json at startup)
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'json.schemaDownload.enable': false,
  'files.autoSave': 'off',
};

module.exports = {
  logger, requirePlaywright, freePort, waitForHttp, startGroup, launchChromium, copyTree,
  CHROMIUM_ARGS, QUIET_USER_SETTINGS,
};

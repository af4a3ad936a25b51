// @ts-check
// UI smoke test: the PACKAGED extension (.vsix) installed into code-server (VS Code 1.139 web), driven
// by headless Debian chromium through playwright-core, as a person would use it:
//   open a flawed policy -> squiggle + Problems count in the status bar -> Ctrl+. -> apply the quick fix
//   -> the fixed text is in the editor and the problem is gone.
// Screenshots (docs/screenshots/*.png, shown by the README) are taken on the way. They are written to
// the run folder first and copied to the screenshots folder only when the whole test passed, so a
// failing run never replaces the README's pictures with broken ones.
//
//   node test/e2e/ui-smoke.js --vsix <file.vsix> --workspace <fixture dir> --run-dir <dir> [--screenshots <dir>]
// Env: E2E_CS_BIN (code-server), E2E_NODE24 (its Node 24 bin dir is put first on PATH),
//      E2E_HARNESS_NODE_MODULES (playwright-core), CHROMIUM.
// Prints `ok - ...` / `not ok - ...` per step and ends with `N passed, N failed`.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { logger, freePort, waitForHttp, startGroup, launchChromium, copyTree, QUIET_USER_SETTINGS } = require('./lib/util');

const log = logger('ui');

// What the smoke test does, in one place (the fixture is test/e2e/fixtures/ui-workspace).
const SCENARIO = {
  file: 'key-user-policy.json',
  /** Text of the token the quick fix is about (clicked to put the caret there). */
  faultyToken: '"2018-06-12"',
  fixTitle: 'Change Version to "2012-10-17"',
  /** The editor shows this after the fix. */
  fixedText: '"2012-10-17"',
};

/** The editor part only: the Problems panel, hovers and quick input also contain .monaco-editor. */
const ED = '.part.editor .monaco-editor';
const SQUIGGLE = `${ED} .squiggly-error, ${ED} .squiggly-warning`;

function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const a = {};
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['vsix', 'workspace', 'run-dir']) if (!a[k]) throw new Error(`missing --${k}`);
  return a;
}

/**
 * "Errors: 2, Warnings: 1" (aria-label of the status bar's problems item) -> { errors: 2, warnings: 1, ... }
 * @param {string} label
 */
function parseProblems(label) {
  const n = (/** @type {RegExp} */ re) => Number((re.exec(label) || [])[1] || 0);
  return { errors: n(/(\d+)\s+errors?/i) || n(/errors?:\s*(\d+)/i), warnings: n(/(\d+)\s+warnings?/i) || n(/warnings?:\s*(\d+)/i), label };
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const runDir = path.resolve(a['run-dir']);
  const dir = path.join(runDir, 'ui');
  const shots = path.join(dir, 'screenshots');
  const finalShots = a.screenshots ? path.resolve(a.screenshots) : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ['user-data/User', 'extensions', 'logs', 'screenshots']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const ws = path.join(dir, 'workspace');
  copyTree(path.resolve(a.workspace), ws); // the test edits the file: always start from the fixture
  fs.writeFileSync(path.join(dir, 'user-data/User/settings.json'), JSON.stringify({
    ...QUIET_USER_SETTINGS,
    // tidy pictures for the README
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'workbench.activityBar.location': 'top',
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
  }, null, 2));

  const cs = process.env.E2E_CS_BIN;
  if (!cs) throw new Error('E2E_CS_BIN must point at the code-server binary (run test/e2e/lib/setup-cache.sh)');
  // code-server's launcher runs on the first `node` in PATH and insists on Node 24
  const env = { ...process.env, PATH: `${path.dirname(process.env.E2E_NODE24 || process.execPath)}${path.delimiter}${process.env.PATH}` };
  const csArgs = ['--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions')];

  /** @type {Array<[string, boolean, string?]>} */
  const results = [];
  const step = async (/** @type {string} */ name, /** @type {() => Promise<void>} */ fn) => {
    try { await fn(); results.push([name, true]); console.log(`ok - ${name}`); }
    catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      results.push([name, false, msg]); console.log(`not ok - ${name}\n  # ${msg}`);
      throw e; // later steps depend on this one
    }
  };

  log(`installing ${path.basename(a.vsix)} into a fresh extensions dir`);
  const installOut = execFileSync(cs, [...csArgs, '--install-extension', path.resolve(a.vsix), '--force'], { env, encoding: 'utf8' });
  fs.writeFileSync(path.join(dir, 'logs', 'install-extension.log'), installOut);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startGroup('code-server', cs, [
    ...csArgs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ws,
  ], { env, logFile: path.join(dir, 'logs', 'code-server.log'), pidDir: runDir });
  /** @type {Awaited<ReturnType<typeof launchChromium>> | undefined} */
  let browser;
  try {
    await waitForHttp(`${url}/healthz`, 60000, server.isAlive);
    log(`code-server pid ${server.pgid} on ${url}`);
    browser = await launchChromium(dir, { width: 1280, height: 800 });
    const { page } = browser;
    page.on('pageerror', e => fs.appendFileSync(path.join(dir, 'logs', 'page-errors.log'), e.message + '\n'));
    const shot = async (/** @type {string} */ name) => {
      await page.mouse.move(1, 1); // (only where a step wants no hover; callers that want a hover shoot directly)
      await page.screenshot({ path: path.join(shots, name) });
    };

    await step('workbench loads in chromium with the workspace', async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });
    });

    await step(`extension is installed (${path.basename(a.vsix)})`, async () => {
      const dirs = fs.readdirSync(path.join(dir, 'extensions')).filter(d => !d.startsWith('.') && d !== 'extensions.json');
      if (!dirs.some(d => /cloudhsm-policy-lint/.test(d))) throw new Error(`extensions dir holds: ${dirs.join(', ') || 'nothing'}`);
    });

    await step(`open ${SCENARIO.file} from the explorer`, async () => {
      // double-click opens a pinned (non-preview) editor
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SCENARIO.file }).first().dblclick();
      await page.waitForFunction(([ed, t]) => (document.querySelector(ed + ' .view-lines')?.textContent || '').replace(/\u00a0/g, ' ').includes(t),
        [ED, SCENARIO.faultyToken], { timeout: 30000 });
    });

    /** @type {{errors: number, warnings: number, label: string}} */
    let before = { errors: 0, warnings: 0, label: '' };
    await step('the language server squiggles the policy and the status bar counts the problems', async () => {
      await page.waitForSelector(SQUIGGLE, { timeout: 60000 });
      const item = page.locator('#status\\.problems').first();
      // the count is updated right after the markers change; wait until it is no longer zero
      await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#status\\.problems')?.getAttribute('aria-label') || ''), null, { timeout: 15000 });
      before = parseProblems((await item.getAttribute('aria-label')) || (await item.innerText()));
      log('status bar problems:', JSON.stringify(before.label));
      if (before.errors + before.warnings < 1) throw new Error(`no problems counted: ${before.label}`);
    });

    await step('hovering the faulty value shows the diagnostic (diagnostics.png)', async () => {
      const token = page.locator(`${ED} .view-lines span`, { hasText: SCENARIO.faultyToken }).last();
      await token.hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: 'cloudhsm-policy' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15000 });
      await page.screenshot({ path: path.join(shots, 'diagnostics.png') });
    });

    await step(`Ctrl+. offers "${SCENARIO.fixTitle}" (quickfix.png)`, async () => {
      const token = page.locator(`${ED} .view-lines span`, { hasText: SCENARIO.faultyToken }).last();
      await token.click(); // caret inside the faulty value
      await page.mouse.move(1, 1); // move away so the hover does not cover the menu
      await page.keyboard.press('Escape');
      const row = page.locator('.action-widget .monaco-list-row', { hasText: SCENARIO.fixTitle }).first();
      // Ctrl+. can race the code-action request right after the click: retry a few times
      for (let i = 1; ; i++) {
        await page.keyboard.press('Control+.');
        try { await row.waitFor({ state: 'visible', timeout: 5000 }); break; }
        catch (e) { if (i >= 4) throw e; log(`quick fix menu not shown yet (try ${i})`); await page.keyboard.press('Escape'); }
      }
      await page.screenshot({ path: path.join(shots, 'quickfix.png') });
      // select that row explicitly (it need not be the first one), then apply it
      await row.hover();
      await row.click();
    });

    await step('the quick fix edits the document and the problem goes away (after-fix.png)', async () => {
      await page.waitForFunction(([ed, t]) => (document.querySelector(ed + ' .view-lines')?.textContent || '').replace(/\u00a0/g, ' ').includes(t),
        [ED, SCENARIO.fixedText], { timeout: 20000 });
      const text = await page.locator(`${ED} .view-lines`).first().textContent();
      if ((text || '').replace(/\u00a0/g, ' ').includes(SCENARIO.faultyToken)) throw new Error('the faulty value is still in the editor');
      await page.waitForFunction(prev => {
        const label = document.querySelector('#status\\.problems')?.getAttribute('aria-label') || '';
        const total = (label.match(/\d+/g) || []).map(Number).reduce((x, y) => x + y, 0);
        return total < prev;
      }, before.errors + before.warnings, { timeout: 20000 });
      const after = parseProblems((await page.locator('#status\\.problems').first().getAttribute('aria-label')) || '');
      log('status bar problems after the fix:', JSON.stringify(after.label));
      await shot('after-fix.png');
    });
  } catch (e) {
    if (!results.some(r => !r[1])) { // failed outside a step (browser launch, server start)
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      results.push(['ui smoke setup', false, msg]); console.log(`not ok - ui smoke setup\n  # ${msg}`);
    }
    if (browser) await browser.page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
    console.log(`  # logs and failure.png in ${dir}`);
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }

  const failed = results.filter(r => !r[1]).length;
  if (failed === 0 && finalShots) {
    fs.mkdirSync(finalShots, { recursive: true });
    for (const f of fs.readdirSync(shots)) fs.copyFileSync(path.join(shots, f), path.join(finalShots, f));
    log(`screenshots updated in ${finalShots}: ${fs.readdirSync(shots).join(', ')}`);
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(code => process.exit(code), e => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });

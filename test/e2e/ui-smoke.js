// @ts-check
// UI smoke test: the PACKAGED extension (.vsix) installed into code-server (VS Code 1.139 web), driven
// by headless Debian chromium through playwright-core, as a person would use it:
//   open a flawed policy -> squiggle + Problems count in the status bar -> Ctrl+. -> apply the quick fix
//   -> the fixed text is in the editor and the problem is gone.
//   Then a Terraform file and a CloudFormation template: squiggles inside the embedded policies.
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

// What the smoke test does, in one place (the fixture is test/e2e/fixtures/ui-workspace): a key user
// that may also schedule key deletion (excessive-action, privilege escalation) and sign (unsupported
// in a CloudHSM key store). The quick fix removes the excessive action.
const SCENARIO = {
  file: 'key-user-policy.json',
  /** The token the quick fix is about (hovered, then clicked to put the caret in it). */
  faultyToken: '"kms:ScheduleKeyDeletion"',
  fixTitle: 'Remove kms:ScheduleKeyDeletion',
  /** Still in the editor after the fix (the neighbours of the removed entry). */
  keptText: '"kms:DescribeKey",',
  /** The code lens with the class verdict starts with this. */
  lens: 'KMS key user',
  /** ... and, once the fix is applied, contains this. */
  lensAfter: '0 excessive',
};

// Policies inside host documents (issues 13 and 14), one picture each for the README: the file is
// opened from the explorer, the squiggles appear inside the embedded policy, and hovering the misspelt
// action shows our finding. No Terraform extension is installed: the .tf file is plain text to VS Code.
const HOST_SCENARIOS = [
  { file: 'key-user-role.yaml', where: "a role's inline policy", token: 'kms:Decryptt', shot: 'cloudformation.png' },
  { file: 'key-user.tf', where: 'jsonencode', token: '"kms:Decryptt"', shot: 'terraform.png' },
];

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
 * "Errors: 2, Warnings: 1, Infos: 1" (aria-label of the status bar's problems item) -> { errors: 2, warnings: 1, infos: 1, label }
 * @param {string} label
 */
function parseProblems(label) {
  const n = (/** @type {RegExp} */ re) => Number((re.exec(label) || [])[1] || 0);
  return {
    errors: n(/(\d+)\s+errors?/i) || n(/errors?:\s*(\d+)/i),
    warnings: n(/(\d+)\s+warnings?/i) || n(/warnings?:\s*(\d+)/i),
    infos: n(/(\d+)\s+infos?/i) || n(/infos?:\s*(\d+)/i),
    label,
  };
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
    // the same pixels on every run: no blinking caret, no animations half-way
    'editor.cursorBlinking': 'solid',
    'workbench.reduceMotion': 'on',
    'editor.smoothScrolling': false,
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
    /** A screenshot with the mouse parked in a corner, so that no hover covers the editor. */
    const shotWithoutHover = async (/** @type {string} */ name) => {
      await page.mouse.move(1, 1);
      await page.screenshot({ path: path.join(shots, name), animations: 'disabled', caret: 'hide' });
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

    /** @type {ReturnType<typeof parseProblems>} */
    let before = parseProblems('');
    await step('the language server squiggles the policy and the status bar counts the problems', async () => {
      await page.waitForSelector(SQUIGGLE, { timeout: 60000 });
      const item = page.locator('#status\\.problems').first();
      // the count is updated right after the markers change; wait until it is no longer zero
      await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#status\\.problems')?.getAttribute('aria-label') || ''), null, { timeout: 15000 });
      before = parseProblems((await item.getAttribute('aria-label')) || (await item.innerText()));
      log('status bar problems:', JSON.stringify(before.label));
      if (before.errors + before.warnings + before.infos < 1) throw new Error(`no problems counted: ${before.label}`);
    });

    await step('a code lens above the statement names the inferred principal class', async () => {
      const lens = page.locator(`${ED} .codelens-decoration`, { hasText: SCENARIO.lens }).first();
      await lens.waitFor({ state: 'visible', timeout: 20000 });
      log('code lens:', JSON.stringify((await lens.innerText()).replace(/\s+/g, ' ')));
    });

    await step('the Problems panel lists the findings with their codes (overview.png)', async () => {
      await page.locator('#status\\.problems').first().click(); // toggles the Problems panel
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: SCENARIO.faultyToken.replace(/"/g, '') }).first();
      await row.waitFor({ state: 'visible', timeout: 15000 });
      await shotWithoutHover('overview.png');
      await page.locator('#status\\.problems').first().click(); // and closes it again
      await row.waitFor({ state: 'hidden', timeout: 15000 });
    });

    await step('hovering the faulty value shows the diagnostic (diagnostics.png)', async () => {
      const token = page.locator(`${ED} .view-lines span`, { hasText: SCENARIO.faultyToken }).last();
      await token.hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: 'cloudhsm-policy' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15000 });
      await page.screenshot({ path: path.join(shots, 'diagnostics.png'), animations: 'disabled', caret: 'hide' });
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
        catch (e) {
          if (i >= 4) {
            const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
            throw new Error(`"${SCENARIO.fixTitle}" is not offered; the quick fix menu shows: ${JSON.stringify(offered.map(t => t.replace(/\s+/g, ' ').trim()))}`);
          }
          log(`quick fix menu not shown yet (try ${i})`); await page.keyboard.press('Escape');
        }
      }
      await page.screenshot({ path: path.join(shots, 'quickfix.png'), animations: 'disabled', caret: 'hide' });
      // select that row explicitly (it need not be the first one), then apply it
      await row.hover();
      await row.click();
    });

    await step('the quick fix edits the document and the problem goes away (after-fix.png)', async () => {
      const editorText = () => page.evaluate(ed => (document.querySelector(ed + ' .view-lines')?.textContent || '').replace(/\u00a0/g, ' '), ED);
      await page.waitForFunction(([ed, gone]) => !(document.querySelector(ed + ' .view-lines')?.textContent || '').replace(/\u00a0/g, ' ').includes(gone),
        [ED, SCENARIO.faultyToken], { timeout: 20000 });
      const text = await editorText();
      if (!text.includes(SCENARIO.keptText)) throw new Error(`the fix removed more than it should: ${text.slice(0, 400)}`);
      await page.waitForFunction(prev => {
        const label = document.querySelector('#status\\.problems')?.getAttribute('aria-label') || '';
        const total = (label.match(/\d+/g) || []).map(Number).reduce((x, y) => x + y, 0);
        return total < prev;
      }, before.errors + before.warnings + before.infos, { timeout: 20000 });
      const after = parseProblems((await page.locator('#status\\.problems').first().getAttribute('aria-label')) || '');
      log('status bar problems after the fix:', JSON.stringify(after.label));
      // the code lens follows the edit too (VS Code asks for lenses again after a change)
      await page.locator(`${ED} .codelens-decoration`, { hasText: SCENARIO.lensAfter }).first().waitFor({ state: 'visible', timeout: 20000 });
      await shotWithoutHover('after-fix.png');
    });

    for (const host of HOST_SCENARIOS) {
      await step(`open ${host.file}: squiggles inside ${host.where}, the hover shows the finding (${host.shot})`, async () => {
        await page.mouse.move(1, 1);
        await page.keyboard.press('Escape');
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: host.file }).first().dblclick();
        // the editor shows this file (the squiggles of the previous one went with its model) ...
        await page.waitForFunction(([ed, t]) => (document.querySelector(ed + ' .view-lines')?.textContent || '').replace(/\u00a0/g, ' ').includes(t),
          [ED, host.token], { timeout: 30000 });
        // ... and the language server's findings for it arrive
        await page.waitForSelector(SQUIGGLE, { timeout: 60000 });
        const token = page.locator(`${ED} .view-lines span`, { hasText: host.token }).last();
        await token.hover();
        const hover = page.locator('.monaco-hover:visible', { hasText: 'unknown-action' }).first();
        await hover.waitFor({ state: 'visible', timeout: 15000 });
        await page.screenshot({ path: path.join(shots, host.shot), animations: 'disabled', caret: 'hide' });
      });
    }
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

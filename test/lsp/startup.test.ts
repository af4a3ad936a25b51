/**
 * Protocol tier: how the server starts (server/src/boot.ts). dist/server.js runs the server bundle
 * from a V8 code cache in the folder of CLOUDHSM_POLICY_LINT_CACHE_DIR, written when it exits and
 * used by the next start; a folder that cannot be written, or a corrupt cache, costs
 * the cache, never the server. Nothing is written next to the bundle.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from './client';
import { FLAWED } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');
const URI = 'file:///work/startup/policy.json';
let tmp: string;
let distBefore: string[];

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  distBefore = fs.readdirSync(path.join(ROOT, 'dist')).sort();
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(fs.readdirSync(path.join(ROOT, 'dist')).sort(), distBefore, 'the server wrote next to its bundle');
});

/** Starts the server with this cache folder, returns the codes of its first diagnostics. */
async function diagnose(cacheDir: string, then?: (c: LspClient) => Promise<void>): Promise<string[]> {
  const c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 }, env: { ...process.env, CLOUDHSM_POLICY_LINT_CACHE_DIR: cacheDir } });
  try {
    await c.open(URI, FLAWED);
    const p = await c.waitForDiagnostics(URI, { version: 1 });
    await then?.(c);
    assert.ok(c.alive, c.stderr);
    return p.diagnostics.map((d) => String(d.code)).sort();
  } finally {
    await c.stop();
  }
}

const cacheFiles = (dir: string) => (fs.existsSync(path.join(dir, 'code-cache')) ? fs.readdirSync(path.join(dir, 'code-cache')).filter((f) => f.endsWith('.v8cache')) : []);

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ok(), what);
}

test('the first start writes the code cache when it exits; the next start uses it as it is', async () => {
  const dir = path.join(tmp, 'storage');
  const first = await diagnose(dir, async () => assert.deepEqual(cacheFiles(dir), [], 'written while running'));
  await until('a cache file is written', () => cacheFiles(dir).length === 1);
  assert.ok(first.length >= 3, first.join());
  const [name] = cacheFiles(dir);
  const file = path.join(dir, 'code-cache', name);
  assert.ok(fs.statSync(file).size > 100_000, 'the cache holds the compiled bundle');
  if (typeof process.getuid === 'function') assert.equal(fs.statSync(path.join(dir, 'code-cache')).mode & 0o077, 0, 'the cache folder is private');
  const written = fs.statSync(file).mtimeMs;
  // Accepted by V8: not rewritten (a rejected cache is written anew after the diagnostics).
  assert.deepEqual(await diagnose(dir, () => new Promise((r) => setTimeout(r, 300))), first);
  assert.equal(fs.statSync(file).mtimeMs, written);
  assert.deepEqual(cacheFiles(dir), [name]);
});

test('a corrupt cache is replaced; a folder that cannot be created costs only the cache', async () => {
  const dir = path.join(tmp, 'corrupt');
  const codes = await diagnose(dir);
  await until('a cache file is written', () => cacheFiles(dir).length === 1);
  const file = path.join(dir, 'code-cache', cacheFiles(dir)[0]);
  fs.writeFileSync(file, 'not a V8 code cache');
  assert.deepEqual(await diagnose(dir), codes);
  await until('the corrupt cache is replaced', () => fs.statSync(file).size > 100_000);
  // A regular file where the folder should be: nothing can be written there.
  const blocked = path.join(tmp, 'blocked');
  fs.writeFileSync(blocked, '');
  assert.deepEqual(await diagnose(blocked, () => new Promise((r) => setTimeout(r, 300))), codes);
  assert.equal(fs.readFileSync(blocked, 'utf8'), '');
});

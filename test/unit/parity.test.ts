/**
 * Parity between the checks and everything that names them (ESLint's checkRuleFiles idea): the
 * generated index, a test file per check, an example that triggers the check, the README section.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS } from '../../server/src/analysis';
import { renderCodes, renderFlawed, renderSnippets } from '../../scripts/gen-docs';
import { getCatalog, ROOT, run } from '../helpers';

const CHECK_DIR = path.join(ROOT, 'server', 'src', 'analysis', 'checks');

test('the check index is generated from the checks folder', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-check-index.js'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('check ids are unique kebab-case and match their file names', () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(fs.existsSync(path.join(CHECK_DIR, `${id}.ts`)), `${id}.ts`);
    assert.match(fs.readFileSync(path.join(CHECK_DIR, `${id}.ts`), 'utf8'), new RegExp(`^// Check: ${id}$`, 'm'), `${id}.ts header`);
  }
});

test('at least 40 checks, including every code the issues fix', () => {
  assert.ok(CHECKS.length >= 40, `${CHECKS.length} checks`);
  const ids = new Set(CHECKS.map((c) => c.id));
  for (const id of ['json-syntax', 'missing-version', 'invalid-version', 'invalid-effect', 'unknown-service', 'unknown-action',
    'invalid-condition-operator', 'invalid-arn', 'duplicate-sid', 'missing-action', 'excessive-action', 'unsupported-in-key-store',
    'unscoped-service-linked-role']) assert.ok(ids.has(id), id);
});

for (const c of CHECKS) {
  test(`${c.id}: has its own test file`, () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'test', 'unit', 'checks', `${c.id}.test.ts`)));
  });
  test(`${c.id}: its README example triggers it`, () => {
    const codes = run(c.example, { force: true }).findings.map((f) => f.code);
    assert.ok(codes.includes(c.id), `example gives ${JSON.stringify(codes)}`);
  });
}

test('the README codes section is up to date (npm run docs)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(renderCodes(getCatalog())), 'run npm run docs');
  assert.ok(readme.includes(renderSnippets()), 'run npm run docs (snippets)');
  assert.ok(readme.includes(renderFlawed(getCatalog())), 'run npm run docs (the flawed example\'s output)');
  for (const c of CHECKS) assert.ok(readme.includes(`\n### ${c.id}\n`), c.id);
});

/**
 * Every code a finding can carry: the checks' ids, and the codes the code base writes itself
 * (`code: '…'` in a finding literal, or a `…_CODE = '…'` constant), such as internal-error.
 */
function emittedCodes(): Set<string> {
  const codes = new Set(CHECKS.map((c) => c.id));
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  for (const f of walk(path.join(ROOT, 'server', 'src'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bcode: '([a-z0-9-]+)'|_CODE = '([a-z0-9-]+)'/g)) codes.add(m[1] ?? m[2]);
  }
  return codes;
}

test('every code that can be emitted has its README section, so its diagnostic and SARIF link leads somewhere', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const codes = emittedCodes();
  assert.ok(codes.has('internal-error') && codes.size > CHECKS.length, `the scan finds the codes written outside the checks: ${[...codes].filter((c) => !CHECKS.some((k) => k.id === c))}`);
  for (const code of codes) assert.ok(readme.includes(`\n### ${code}\n`), `README.md has no "### ${code}" section`);
});

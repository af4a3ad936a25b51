/**
 * Users see sources by their titles (the AWS KMS Developer Guide page "Controlling access to your
 * AWS CloudHSM key store"), never by an internal nickname. Scans every string in schemas/ (the
 * why/reason/note/summary texts and the source keys), the snippets, the README, the check sources
 * (where messages are written), and every message of every check on the examples, the checks' own
 * examples and the realistic fixtures, with every class pinned.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS } from '../../server/src/analysis/checks';
import { ROOT, run } from '../helpers';
import * as F from './checks/_real-world';
import { ROLE_IDS } from '../../server/src/settings';

const NICKNAMES = /\bseed\b/i;

function strings(value: unknown, at: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push([`${at}.${k} (key)`, k]); strings(v, `${at}.${k}`, out); }
}

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []);
}

test('no internal nickname in schemas/, the snippets, the README or the check sources', () => {
  const found: string[] = [];
  for (const file of [...files(path.join(ROOT, 'schemas'), '.json'), ...files(path.join(ROOT, 'snippets'), '.json')]) {
    const all: Array<[string, string]> = [];
    strings(JSON.parse(fs.readFileSync(file, 'utf8')), path.relative(ROOT, file), all);
    for (const [at, s] of all) if (NICKNAMES.test(s)) found.push(`${at}: ${s}`);
  }
  for (const file of [path.join(ROOT, 'README.md'), path.join(ROOT, 'schemas', 'README.md'), ...files(path.join(ROOT, 'server', 'src', 'analysis'), '.ts')]) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => { if (NICKNAMES.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`); });
  }
  assert.deepEqual(found, []);
});

test('no internal nickname in any finding message, on the examples, the checks\' examples and realistic policies, with every class', () => {
  const docs = [
    ...fs.readdirSync(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')),
    ...CHECKS.map((c) => c.example),
    ...[F.lambdaKeyStoreManager, F.lambdaKeyUser, F.codeBuild, F.backupRole, F.keyPolicy([F.ADMIN, F.ASG_SLR], [F.APP]), F.keyPolicy([F.ADMIN], [F.APP], { root: false })].map(F.text),
  ];
  const found: string[] = [];
  let messages = 0;
  for (const text of docs) {
    for (const role of [undefined, ...ROLE_IDS]) {
      for (const f of run(text, role ? { role } : {}).findings) {
        messages++;
        for (const m of [f.message, ...(f.fixes ?? []).map((x) => x.title)]) if (NICKNAMES.test(m)) found.push(`${f.code}: ${m}`);
      }
    }
  }
  assert.ok(messages > 500, `${messages} messages scanned`);
  assert.deepEqual([...new Set(found)], []);
});

test('the stale service-linked role list is named by its page', () => {
  const stale = fs.readFileSync(path.join(ROOT, 'examples', 'service-linked-role-stale-v1.json'), 'utf8');
  const f = run(stale).findings.find((x) => x.code === 'missing-action')!;
  assert.match(f.message, /The seven-action list of the AWS KMS Developer Guide page "Controlling access to your AWS CloudHSM key store" is version 1 \(2018\)/);
});

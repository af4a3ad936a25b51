/**
 * UNKNOWN values (what a host document computes) never cause a finding: every string value of every
 * example policy, replaced wholly or in part by UNKNOWN, gives no finding the original did not have.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { UNKNOWN } from '../../../server/src/analysis/host/types';
import { policy, ROOT, run } from '../../helpers';

type J = unknown;
const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));

/** Every variant of `doc` with one string value replaced (by `fn`), with the path of the value. */
function variants(doc: J, fn: (s: string) => string[]): Array<{ where: string; doc: J }> {
  const out: Array<{ where: string; doc: J }> = [];
  const walk = (v: J, where: string, set: (x: J) => void) => {
    if (typeof v === 'string') { for (const r of fn(v)) { set(r); out.push({ where: `${where} = ${JSON.stringify(r)}`, doc: JSON.parse(JSON.stringify(root)) }); set(v); } return; }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`, (y) => { v[i] = y; }));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, J>)[k], `${where}.${k}`, (y) => { (v as Record<string, J>)[k] = y; });
  };
  const root = JSON.parse(JSON.stringify(doc));
  walk(root, '$', () => undefined);
  return out;
}

const codes = (text: string) => new Set(run(text).findings.map((f) => f.code));
const mid = (s: string) => s.length < 3 ? [] : [s.slice(0, Math.floor(s.length / 3)) + UNKNOWN + s.slice(Math.ceil((2 * s.length) / 3))];
const tail = (s: string) => s.includes(':') ? [s.slice(0, s.indexOf(':') + 1) + UNKNOWN] : [];

describe('UNKNOWN never adds a finding', () => {
  for (const file of examples) {
    test(file, () => {
      const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
      const before = codes(JSON.stringify(doc, null, 2));
      const extra: string[] = [];
      for (const v of variants(doc, (s) => [UNKNOWN, ...mid(s), ...tail(s)])) {
        for (const c of codes(JSON.stringify(v.doc, null, 2))) if (!before.has(c)) extra.push(`${c} at ${v.where}`);
      }
      assert.deepEqual(extra, []);
    });
  }
});

describe('UNKNOWN in particular places', () => {
  test('a key ARN with an unknown region is a valid key ARN, and its resource type matches', () => {
    const text = policy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:kms:${UNKNOWN}:111122223333:key/*` });
    assert.deepEqual(run(text).findings.map((f) => f.code), []);
  });
  test('an ARN with an unknown service still accepts the statement\'s actions', () => {
    const text = policy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:${UNKNOWN}:us-east-1:111122223333:key/*` });
    assert.deepEqual(run(text).findings.map((f) => f.code), []);
  });
  test('a wholly unknown Statement, Action, Resource, Principal or Condition value is not a type error', () => {
    for (const text of [
      JSON.stringify({ Version: '2012-10-17', Statement: UNKNOWN }),
      JSON.stringify({ Version: '2012-10-17', Statement: [UNKNOWN] }),
      policy({ Effect: 'Allow', Action: UNKNOWN, Resource: UNKNOWN }),
      policy({ Effect: 'Allow', Action: [UNKNOWN, 'kms:Decrypt'], Resource: '*', Condition: UNKNOWN }),
      policy({ Effect: 'Allow', Principal: UNKNOWN, Action: 'kms:Decrypt', Resource: '*' }),
      policy({ Effect: 'Allow', Principal: { AWS: UNKNOWN }, Action: 'kms:Decrypt', Resource: '*' }),
      policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': UNKNOWN } } }),
    ]) assert.deepEqual(run(text).findings.map((f) => f.code), [], text);
  });
  test('an unknown action does not make a Resource match no action', () => {
    const text = policy({ Effect: 'Allow', Action: [UNKNOWN], Resource: 'arn:aws:s3:::bucket/*' });
    assert.deepEqual(run(text).findings.map((f) => f.code), []);
  });
  test('a class with an unknown action: the verdict is partly unknown and no missing action is reported', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'key-store-manager.json'), 'utf8'));
    doc.Statement[0].Action = ['kms:CreateCustomKeyStore', 'kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters', `kms:${UNKNOWN}`];
    const r = run(JSON.stringify(doc, null, 2));
    assert.deepEqual(r.findings.map((f) => f.code), []);
    assert.equal(r.roles.length, 1);
    assert.equal(r.roles[0].role, 'key-store-manager');
    assert.equal(r.roles[0].partlyUnknown, true);
    assert.match(r.roles[0].reason, /Partly unknown/);
    // The same policy without the unknown entry lacks actions.
    doc.Statement[0].Action.pop();
    const known = run(JSON.stringify(doc, null, 2));
    assert.ok(known.findings.some((f) => f.code === 'missing-action'));
    assert.equal(known.roles[0].partlyUnknown, undefined);
  });
  test('a wholly unknown Resource makes the grants partly unknown; an ARN with an unknown region does not', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'key-user.json'), 'utf8'));
    doc.Statement[0].Resource = UNKNOWN;
    assert.equal(run(JSON.stringify(doc)).roles[0].partlyUnknown, true);
    doc.Statement[0].Resource = `arn:aws:kms:${UNKNOWN}:${UNKNOWN}:key/*`;
    assert.equal(run(JSON.stringify(doc)).roles[0].partlyUnknown, undefined);
  });
  test('a key policy principal that is computed is not judged as a class; a computed account root is still delegation', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'key-policy.json'), 'utf8'));
    doc.Statement[0].Principal.AWS = `arn:aws:iam::${UNKNOWN}:root`;
    doc.Statement[2].Principal.AWS = UNKNOWN;
    const r = run(JSON.stringify(doc, null, 2));
    assert.deepEqual(r.findings.map((f) => f.code), []);
    assert.ok(r.roles.every((v) => !v.principal?.includes(UNKNOWN)));
  });
  test('standalone JSON: findings on real values are kept beside unknown ones', () => {
    const text = policy({ Effect: 'Allow', Action: ['kms:Decryptt', `kms:${UNKNOWN}`], Resource: `arn:aws:kms:${UNKNOWN}:1111:key/*` });
    const found = run(text).findings.map((f) => f.code);
    assert.ok(found.includes('unknown-action'), found.join());
  });
});

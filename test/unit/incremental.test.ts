/**
 * The editor's analyzer is incremental: what each statement grants, and each principal's fit, are
 * remembered between versions (roles/analysis.ts RoleMemo). These tests hold it to the rule that
 * makes that safe: an incremental analyzer answers exactly what a fresh analysis answers, for every
 * version of an edited document, with a class pinned or not, and after its memo has been cleared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, AnalysisOptions, CHECKS, createAnalyzer } from '../../server/src/analysis';
import { checkExampleCorpus, exampleCorpus, prng as rng } from '../fuzz/arbitraries';
import { getCatalog, getData, getKnowledge } from '../helpers';

const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateKey', 'kms:*', 'kms:Get*', 'cloudhsm:DescribeClusters', 'kms:ConnectCustomKeyStore', 'ec2:CreateSecurityGroup', 'iam:CreateServiceLinkedRole', 's3:GetObject'];

/** One keystroke-like edit: mostly inside string values (so the document stays a policy), sometimes anywhere. */
function edit(text: string, next: () => number): string {
  const r = next();
  if (r < 0.45) {
    // Replace an action string by another.
    const m = [...text.matchAll(/"(kms|cloudhsm|ec2|iam|s3):[A-Za-z*?]*"/g)];
    if (m.length) {
      const pick = m[Math.floor(next() * m.length)];
      const by = ACTIONS[Math.floor(next() * ACTIONS.length)];
      return text.slice(0, pick.index!) + JSON.stringify(by) + text.slice(pick.index! + pick[0].length);
    }
  }
  if (r < 0.52) {
    // Outside the statements: the Version (policy variables depend on it), or an Id.
    if (text.includes('"2012-10-17"')) return text.replace('"2012-10-17"', next() < 0.5 ? '"2008-10-17"' : '"2012-10-17", "Id": "x"');
    if (text.includes('"2008-10-17"')) return text.replace('"2008-10-17"', '"2012-10-17"');
  }
  if (r < 0.6) {
    // Flip an Effect.
    const i = text.indexOf(next() < 0.5 ? '"Allow"' : '"Deny"');
    if (i >= 0) return text.slice(0, i) + (text.startsWith('"Allow"', i) ? '"Deny"' : '"Allow"') + text.slice(i + (text.startsWith('"Allow"', i) ? 7 : 6));
  }
  const at = Math.floor(next() * (text.length + 1));
  if (r < 0.8) return text.slice(0, at) + 'abc*:"{}[],'[Math.floor(next() * 11)] + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1);
}

const BASES = [...exampleCorpus(), ...checkExampleCorpus(), {
  // Several statements with policy variables (their findings depend on the Version, outside them).
  name: 'policy variables',
  options: { force: true },
  text: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Own', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/${aws:username}' },
      { Sid: 'Tagged', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } },
      { Sid: 'Keys', Effect: 'Allow', Action: ['kms:CreateKey', 'kms:ListKeys'], Resource: '*' },
    ],
  }, null, 2),
}];
const PINNED: Array<AnalysisOptions['role']> = [undefined, 'key-user', 'key-store-manager', null];

test('an incremental analyzer answers what a fresh analysis answers, on every version of edited documents', () => {
  const catalog = getCatalog();
  const next = rng(20261203);
  let versions = 0;
  let withRoles = 0;
  for (const base of BASES) {
    const incremental = createAnalyzer(catalog, getData(), { incremental: true });
    for (const role of PINNED) {
      let text = base.text;
      for (let step = 0; step < 12; step++) {
        const options: AnalysisOptions = { ...base.options, role };
        const got = incremental.analyze(text, options);
        const want = analyze(getKnowledge(), text, options);
        assert.deepEqual(got, want, `${base.name}, role ${String(role)}, step ${step}:\n${text}`);
        versions++;
        if (want.roles.length) withRoles++;
        text = edit(text, next);
      }
    }
  }
  // The run must exercise the memo, not only broken JSON.
  assert.ok(versions > 1000, `${versions} versions`);
  assert.ok(withRoles > versions / 10, `${withRoles} of ${versions} versions have a principal class`);
});

test('an incremental analyzer stays exact after its memo fills up and is cleared', () => {
  assert.ok(CHECKS.length < 256, 'statementMemo.ts keys (statement, check) pairs as id * 256 + check index');
  const catalog = getCatalog();
  const incremental = createAnalyzer(catalog, getData(), { incremental: true });
  const next = rng(7);
  // More distinct statements than the memo keeps (4,096), each analysed twice (a miss, then a hit).
  for (let i = 0; i < 4300; i++) {
    const actions = [ACTIONS[i % ACTIONS.length], ACTIONS[Math.floor(next() * ACTIONS.length)]];
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: `S${i}`, Effect: 'Allow', Action: actions, Resource: '*' },
        { Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeKey'], Resource: '*' },
      ],
    });
    for (let k = 0; k < 2; k++) assert.deepEqual(incremental.analyze(text), analyze(getKnowledge(), text), `policy ${i}, pass ${k}`);
  }
});

test('edits outside a statement (Version, Id, other statements) reach the checks that skip unchanged statements', () => {
  const catalog = getCatalog();
  for (const base of BASES) {
    const incremental = createAnalyzer(catalog, getData(), { incremental: true });
    const versions = [base.text];
    const v2008 = base.text.replace('"2012-10-17"', '"2008-10-17"');
    versions.push(v2008, base.text, base.text.replace(/"Version":\s*"2012-10-17",?/, ''), base.text);
    versions.push(base.text.replace('"2012-10-17"', '"2012-10-17", "Id": "policy-1"'));
    // Drop the first statement, then put it back.
    const first = base.text.indexOf('{', base.text.indexOf('"Statement"'));
    const end = first >= 0 ? base.text.indexOf('}', first) : -1;
    if (end > first) versions.push(base.text.slice(0, first) + base.text.slice(end + 1).replace(/^\s*,/, ''), base.text);
    for (const [i, text] of versions.entries()) {
      assert.deepEqual(incremental.analyze(text, base.options), analyze(getKnowledge(), text, base.options), `${base.name}, version ${i}:\n${text}`);
    }
  }
});

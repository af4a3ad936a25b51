/**
 * The principal-class analysis, per class: the correct policy from the domain notes (examples/) has
 * no role findings, and each kind of defect gives exactly the expected findings.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { AnalysisOptions, RoleId } from '../../server/src/analysis';
import { ROOT, run } from '../helpers';

const ROLE_CODES = new Set([
  'missing-action', 'excessive-action', 'unsupported-in-key-store', 'unscoped-service-linked-role', 'separation-of-duties',
  'bypass-policy-lockout-safety-check', 'deprecated-condition-key', 'ineffective-key-store-resource', 'key-origin-condition',
  'key-store-action-in-key-policy', 'kms-service-role-trust', 'service-linked-role-principal', 'service-linked-role-policy-change',
]);

type Doc = { Version: string; Statement: Array<Record<string, unknown>> };
const example = (name: string): Doc => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', name + '.json'), 'utf8'));

/** Role findings as "code[actions]" strings, sorted; and the verdicts. */
function roleFindings(doc: unknown, options: AnalysisOptions = {}) {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  const r = run(text, options);
  return {
    codes: r.findings.filter((f) => ROLE_CODES.has(f.code)).map((f) => f.code + (f.actions ? `[${f.actions.join(' ')}]` : '')).sort(),
    all: r.findings,
    roles: r.roles.map((v) => v.role),
    verdicts: r.roles,
  };
}

function edit(doc: Doc, fn: (d: Doc) => void): Doc {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  fn(copy);
  return copy;
}
const actionsOf = (s: Record<string, unknown>) => s.Action as string[];

const CORRECT: Array<[RoleId, string]> = [
  ['key-store-manager', 'key-store-manager'], ['cluster-manager', 'cluster-manager'], ['key-manager', 'key-manager'],
  ['key-user', 'key-user'], ['service-linked-role', 'service-linked-role'],
];

describe('the correct policy of each class has no role findings', () => {
  for (const [role, file] of CORRECT) {
    test(`${role}: inferred`, () => {
      const r = roleFindings(example(file));
      assert.deepEqual(r.roles, [role]);
      assert.deepEqual(r.codes, []);
      assert.equal(r.verdicts[0].requiredGranted, r.verdicts[0].requiredTotal);
      assert.equal(r.verdicts[0].excessive, 0);
      assert.deepEqual(r.all.map((f) => f.code), [], 'no grammar findings either');
    });
    test(`${role}: pinned`, () => {
      const r = roleFindings(example(file), { role });
      assert.deepEqual(r.codes, []);
      assert.equal(r.verdicts[0].source, 'pinned');
    });
  }
  test('key policy (default key policy for a key in a CloudHSM key store)', () => {
    const r = roleFindings(example('key-policy'));
    assert.deepEqual(r.codes, []);
    assert.deepEqual(r.verdicts.map((v) => [v.principal, v.role]), [
      ['arn:aws:iam::111122223333:role/KMSKeyAdmin', 'key-manager'],
      ['arn:aws:iam::111122223333:role/AppRole', 'key-user'],
    ]);
  });
});

describe('key store manager defects', () => {
  const base = example('key-store-manager');
  test('a missing action', () => {
    const r = roleFindings(edit(base, (d) => actionsOf(d.Statement[0]).splice(1, 1)));
    assert.deepEqual(r.codes, ['missing-action[kms:ConnectCustomKeyStore]']);
  });
  test('a service wildcard (kms:*) is an error and breaks separation of duties', () => {
    // kms:* looks more like a key manager than a key store manager, so pin the class as a team would.
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = ['kms:*', 'cloudhsm:DescribeClusters']; }), { role: 'key-store-manager' });
    const excessive = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(excessive.length, 1);
    assert.equal(excessive[0].severity, 'error');
    assert.match(excessive[0].message, /"kms:\*" adds \d+ actions beyond/);
    assert.ok(excessive[0].actions!.includes('kms:Decrypt'));
    assert.ok(!excessive[0].actions!.includes('kms:ConnectCustomKeyStore'));
    assert.deepEqual(r.codes.filter((c) => !c.startsWith('excessive-action')).map((c) => c.split('[')[0]), ['separation-of-duties']);
  });
  test('a NotAction grant', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement.push({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }); }));
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(r.roles[0], undefined, 'NotAction over everything fits no class: grammar checks only');
    assert.equal(ex.length, 0);
  });
  test('a NotAction grant with the class pinned is one grouped finding', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement.push({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }); }), { role: 'key-store-manager' });
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.match(ex[0].message, /^NotAction grants \d+ actions/);
    // Only what a key store manager judges: KMS, CloudHSM, EC2 and IAM around the key store, escalation.
    assert.ok(ex[0].actions!.includes('kms:Decrypt') && ex[0].actions!.includes('cloudhsm:DeleteCluster'));
    assert.ok(!ex[0].actions!.some((a) => /^(s3|logs|ec2|organizations|iam):/.test(a)), ex[0].actions!.filter((a) => !/^(kms|cloudhsm):/.test(a)).join());
  });
  test('a Deny that removes a required action', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement.push({ Effect: 'Deny', Action: 'kms:DeleteCustomKeyStore', Resource: '*' }); }));
    assert.deepEqual(r.codes, ['missing-action[kms:DeleteCustomKeyStore]']);
  });
  test('a conditional Deny removes nothing', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement.push({ Effect: 'Deny', Action: 'kms:DeleteCustomKeyStore', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }); }));
    assert.deepEqual(r.codes, []);
  });
  test('a case-variant spelling is the same action', () => {
    const r = roleFindings(edit(base, (d) => { actionsOf(d.Statement[0])[1] = 'KMS:connectCUSTOMkeystore'; }));
    assert.deepEqual(r.codes, []);
  });
  test('a typo is an unknown action and leaves the real one missing', () => {
    const r = roleFindings(edit(base, (d) => { actionsOf(d.Statement[0])[1] = 'kms:ConectCustomKeyStore'; }));
    assert.deepEqual(r.codes, ['missing-action[kms:ConnectCustomKeyStore]']);
    assert.ok(r.all.some((f) => f.code === 'unknown-action'));
  });
  test('an unscoped service-linked role', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[1].Resource = '*'; delete d.Statement[1].Condition; }));
    assert.deepEqual(r.codes, ['unscoped-service-linked-role[iam:CreateServiceLinkedRole]']);
  });
  test('scoping by the iam:AWSServiceName condition alone is enough', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[1].Resource = '*'; }));
    assert.deepEqual(r.codes, []);
  });
  test('custom key store actions with a key ARN never match', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Resource = 'arn:aws:kms:us-east-1:111122223333:key/*'; }));
    assert.deepEqual(r.codes.filter((c) => c.startsWith('ineffective')).length, 7);
  });
});

describe('cluster manager defects', () => {
  const base = example('cluster-manager');
  test('cloudhsm:* is the AWS admin example: information, listing the resource-policy actions', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = 'cloudhsm:*'; }));
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.equal(ex[0].severity, 'information');
    assert.deepEqual(ex[0].actions, ['cloudhsm:DeleteResourcePolicy', 'cloudhsm:PutResourcePolicy']);
  });
  test('ec2:* is a warning', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[1].Action = 'ec2:*'; }));
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.equal(ex[0].severity, 'warning');
    assert.ok(ex[0].actions!.length > 500);
  });
  test('missing EC2 actions', () => {
    const r = roleFindings(edit(base, (d) => { actionsOf(d.Statement[1]).splice(0, 2); }));
    assert.deepEqual(r.codes, ['missing-action[ec2:CreateNetworkInterface ec2:DescribeNetworkInterfaces]']);
  });
  test('key store powers in the same policy break separation of duties', () => {
    const r = roleFindings(edit(base, (d) => { actionsOf(d.Statement[0]).push('cloudhsm:DeleteCluster', 'kms:DeleteCustomKeyStore'); }));
    assert.deepEqual(r.codes, ['excessive-action[kms:DeleteCustomKeyStore]', 'separation-of-duties[kms:DeleteCustomKeyStore cloudhsm:DeleteCluster]']);
  });
});

describe('key manager defects', () => {
  const base = example('key-manager');
  test('console key-admin wildcards in an IAM policy reach into key store management', () => {
    const r = roleFindings(example('key-manager-flawed'));
    assert.deepEqual(r.roles, ['key-manager']);
    assert.deepEqual(r.codes, [
      'deprecated-condition-key',
      'excessive-action[kms:CreateCustomKeyStore]',
      'excessive-action[kms:Decrypt]',
      'excessive-action[kms:DeleteCustomKeyStore]',
      'excessive-action[kms:UpdateCustomKeyStore]',
      'key-origin-condition[kms:CreateKey]',
      'separation-of-duties[kms:UpdateCustomKeyStore kms:DeleteCustomKeyStore kms:PutKeyPolicy]',
      'unsupported-in-key-store[kms:RotateKeyOnDemand]',
    ]);
  });
  test('CreateKey without the KeyOrigin condition is a hint', () => {
    const r = roleFindings(edit(base, (d) => { delete d.Statement[0].Condition; }));
    assert.deepEqual(r.codes, ['key-origin-condition[kms:CreateKey]']);
    assert.equal(r.all.find((f) => f.code === 'key-origin-condition')!.severity, 'hint');
  });
  test('BypassPolicyLockoutSafetyCheck allowed is an error', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Condition = { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' }, Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } }; }));
    assert.deepEqual(r.codes, ['bypass-policy-lockout-safety-check']);
  });
  test('a Deny on BypassPolicyLockoutSafetyCheck is the recommended guard', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement.push({ Effect: 'Deny', Action: ['kms:CreateKey', 'kms:PutKeyPolicy'], Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }); }));
    assert.deepEqual(r.codes, []);
  });
  test('rotation actions cannot apply to CloudHSM keys', () => {
    const r = roleFindings(edit(base, (d) => { actionsOf(d.Statement[2]).push('kms:EnableKeyRotation', 'kms:ImportKeyMaterial'); }));
    assert.deepEqual(r.codes, ['unsupported-in-key-store[kms:EnableKeyRotation]', 'unsupported-in-key-store[kms:ImportKeyMaterial]']);
  });
});

describe('key user defects', () => {
  const base = example('key-user');
  test('a subset of the cryptographic operations is complete', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = ['kms:Decrypt']; }));
    assert.deepEqual(r.roles, ['key-user']);
    assert.deepEqual(r.codes, []);
  });
  test('kms:* is an error', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = 'kms:*'; }), { role: 'key-user' });
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.equal(ex[0].severity, 'error');
  });
  test('flawed example: asymmetric actions, deletion, a CloudHSM action on a key ARN', () => {
    const r = roleFindings(example('key-user-flawed'));
    assert.deepEqual(r.codes, [
      'excessive-action[kms:ScheduleKeyDeletion]',
      'ineffective-key-store-resource[cloudhsm:DescribeClusters]',
      'unsupported-in-key-store[kms:GenerateDataKeyPair]',
      'unsupported-in-key-store[kms:Sign]',
    ]);
  });
  test('a DescribeKey-only policy is missing a cryptographic operation when pinned', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = ['kms:DescribeKey']; }), { role: 'key-user' });
    assert.equal(r.codes.length, 1);
    assert.match(r.all.find((f) => f.code === 'missing-action')!.message, /one of kms:Encrypt, kms:Decrypt/);
  });
  test('the GenerateDataKey* wildcard also matches two unsupported actions, which is harmless', () => {
    const r = roleFindings(edit(base, (d) => { d.Statement[0].Action = ['kms:Decrypt', 'kms:GenerateDataKey*']; }));
    assert.deepEqual(r.codes, []);
  });
});

describe('service-linked role', () => {
  test('the seed\'s stale seven-action list misses the three 2023 additions', () => {
    const r = roleFindings(example('service-linked-role-stale-v1'));
    assert.deepEqual(r.codes, ['missing-action[ec2:DescribeVpcs ec2:DescribeNetworkAcls ec2:DescribeNetworkInterfaces]']);
    assert.match(r.all[0].message, /version 1 \(2018\)/);
  });
  test('a customer role that trusts cks.kms.amazonaws.com is an error', () => {
    const r = roleFindings(example('trust-policy-flawed'));
    assert.deepEqual(r.codes, ['kms-service-role-trust']);
  });
  test('pinned to the service-linked role, the trust policy documents the real role', () => {
    const r = roleFindings(example('trust-policy-flawed'), { role: 'service-linked-role' });
    assert.deepEqual(r.codes, []);
  });
  test('changing the role\'s policies is an error', () => {
    const r = roleFindings({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:GetRole'], Resource: 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores' }] });
    assert.deepEqual(r.codes, ['service-linked-role-policy-change[iam:PutRolePolicy]']);
  });
});

describe('key policies', () => {
  test('the account root with kms:* is delegation to IAM, not excess', () => {
    const doc = example('key-policy');
    const r = roleFindings({ ...doc, Statement: [doc.Statement[0]] });
    assert.deepEqual(r.codes, []);
    assert.deepEqual(r.roles, []);
  });
  test('flawed key policy', () => {
    const r = roleFindings(example('key-policy-flawed'));
    assert.deepEqual(r.codes, [
      'excessive-action[kms:Decrypt kms:Encrypt kms:GenerateDataKey kms:GenerateDataKeyWithoutPlaintext kms:ReEncryptFrom kms:ReEncryptTo]',
      'excessive-action[kms:PutKeyPolicy]',
      'key-store-action-in-key-policy[kms:ConnectCustomKeyStore]',
      'service-linked-role-principal',
      'unsupported-in-key-store[kms:EnableKeyRotation]',
    ]);
  });
});

describe('policies that fit no class', () => {
  test('"Action": "*" gets no role findings when not pinned', () => {
    const r = roleFindings({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.deepEqual(r.roles, []);
    assert.deepEqual(r.codes, []);
  });
  test('"Action": "*" pinned is one grouped finding, not thousands', () => {
    const r = roleFindings({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { role: 'key-user' });
    const ex = r.all.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.equal(ex[0].severity, 'error');
    assert.ok(r.all.length < 10);
  });
  test('an unrelated policy (S3 read) has no class', () => {
    const r = roleFindings({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] });
    assert.deepEqual(r.roles, []);
  });
  test('a policy that grants nothing has no class and no role findings', () => {
    const r = roleFindings({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] });
    assert.deepEqual(r.roles, []);
    assert.deepEqual(r.codes, []);
  });
  test('role: null turns role checks off', () => {
    const r = roleFindings(example('key-store-manager-flawed'), { role: null });
    assert.deepEqual(r.codes, []);
  });
});

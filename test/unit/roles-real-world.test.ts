/**
 * The principal-class analysis on policies as people write them (issue 12): each case asserts the
 * exact role-related codes and actions, and the policies that must stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisOptions } from '../../server/src/analysis';
import { run } from '../helpers';
import * as F from './checks/_real-world';

/** Every finding as "code[actions]", sorted; the verdicts as [principal, class]. */
function analyse(doc: unknown, options: AnalysisOptions = {}) {
  const r = run(F.text(doc), options);
  return {
    codes: r.findings.map((f) => f.code + (f.actions ? `[${f.actions.join(' ')}]` : '')).sort(),
    findings: r.findings,
    roles: r.roles.map((v) => [v.principal ?? '', v.role]),
    verdicts: r.roles,
  };
}

describe('1. a class judges only its own business', () => {
  test('a Lambda function that manages the key store: logs, the kmsuser password and the trust anchor are not excess', () => {
    for (const options of [{}, { role: 'key-store-manager' as const }]) {
      const r = analyse(F.lambdaKeyStoreManager, options);
      assert.deepEqual(r.roles, [['', 'key-store-manager']]);
      assert.deepEqual(r.codes, []);
      assert.equal(r.verdicts[0].excessive, 0);
      // The three logs actions are out of scope; the Secrets Manager and SSM reads are optional needs.
      assert.equal(r.verdicts[0].otherActions, 3);
      assert.equal(r.verdicts[0].otherServices, 1);
      assert.match(r.verdicts[0].reason, /It also grants 3 actions of 1 other service, which no class judges\.$/);
    }
  });
  test('a Lambda key user with logs:* and X-Ray, pinned: no finding, one quiet note', () => {
    const r = analyse(F.lambdaKeyUser, { role: 'key-user' });
    assert.deepEqual(r.codes, []);
    assert.equal(r.verdicts[0].otherServices, 2);
    assert.ok(r.verdicts[0].otherActions! > 100);
  });
  test('kms:* and cloudhsm:* are still judged, and so is ec2:* which the class names', () => {
    const doc = { ...F.lambdaKeyStoreManager, Statement: [...F.lambdaKeyStoreManager.Statement, { Effect: 'Allow', Action: ['cloudhsm:*'], Resource: '*' }] };
    const r = analyse(doc, { role: 'key-store-manager' });
    const ex = r.findings.filter((f) => f.code === 'excessive-action');
    assert.equal(ex.length, 1);
    assert.ok(ex[0].actions!.includes('cloudhsm:DeleteCluster') && ex[0].actions!.every((a) => a.startsWith('cloudhsm:')));
    const ec2 = analyse({ ...F.lambdaKeyStoreManager, Statement: [...F.lambdaKeyStoreManager.Statement, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }, { role: 'key-store-manager' });
    assert.ok(ec2.findings.find((f) => f.code === 'excessive-action')!.actions!.length > 500);
  });
  test('escalation is in scope: iam:PutRolePolicy, and iam:PassRole on every role', () => {
    const doc = { ...F.lambdaKeyStoreManager, Statement: [...F.lambdaKeyStoreManager.Statement, { Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:PassRole'], Resource: '*' }] };
    const r = analyse(doc);
    assert.deepEqual(r.codes.filter((c) => c.startsWith('excessive-action')), ['excessive-action[iam:PassRole]', 'excessive-action[iam:PutRolePolicy]']);
    // Passing one named role (to Lambda) is the function's own business.
    const named = { ...F.lambdaKeyStoreManager, Statement: [...F.lambdaKeyStoreManager.Statement, { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${F.ACCOUNT}:role/keystore-worker` }] };
    assert.deepEqual(analyse(named).codes, []);
  });
  test('no class summary is lower-cased into a wrong name', () => {
    const r = analyse({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudhsm:DescribeClusters', 'ec2:CreateNetworkInterface', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateSecurityGroup', 'ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupEgress', 'ec2:DeleteSecurityGroup', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeNetworkInterfaces', 'kms:DescribeKey'], Resource: '*' }] }, { role: 'service-linked-role' });
    const ex = r.findings.find((f) => f.code === 'excessive-action')!;
    assert.ok(ex.message.includes(': AWSServiceRoleForKeyManagementServiceCustomKeyStores: lets'), ex.message);
  });
});

describe('2. the class is found inside a mixed policy', () => {
  test('a CodeBuild role that decrypts its artifacts is a key user, with no finding', () => {
    const r = analyse(F.codeBuild);
    assert.deepEqual(r.roles, [['', 'key-user']]);
    assert.deepEqual(r.codes, []);
    assert.equal(r.verdicts[0].otherServices, 4);
  });
  test('a Lambda key user is inferred despite logs:*', () => {
    assert.deepEqual(analyse(F.lambdaKeyUser).roles, [['', 'key-user']]);
  });
  test('a backup role with a few key store powers is no key store manager ("also needs" would mislead)', () => {
    assert.deepEqual(analyse(F.backupRole).roles, []);
  });
  test('a CodeBuild role that also schedules key deletion: a key user with one excess', () => {
    const doc = { ...F.codeBuild, Statement: [...F.codeBuild.Statement, { Effect: 'Allow', Action: 'kms:ScheduleKeyDeletion', Resource: F.KEY_ARN }] };
    assert.deepEqual(analyse(doc).codes, ['excessive-action[kms:ScheduleKeyDeletion]']);
  });
});

describe('3. dangerous powers whatever the class', () => {
  test('the backup role: one finding naming the three key store actions, with a gate as advice', () => {
    const r = analyse(F.backupRole);
    assert.deepEqual(r.codes, ['dangerous-action[kms:DeleteCustomKeyStore kms:DisconnectCustomKeyStore kms:UpdateCustomKeyStore]']);
    const f = r.findings[0];
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /gate them with a condition on aws:MultiFactorAuthPresent or a principal tag/);
  });
  test('gated by MFA: a hint only', () => {
    const doc = { ...F.backupRole, Statement: [F.backupRole.Statement[0], { ...F.backupRole.Statement[1], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
    const f = analyse(doc).findings.filter((x) => x.code === 'dangerous-action');
    assert.deepEqual(f.map((x) => x.severity), ['hint']);
  });
  test('CloudHSM deletions and PutKeyPolicy on every key, through wildcards', () => {
    const doc = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::reports/*' },
      { Effect: 'Allow', Action: ['cloudhsm:Delete*', 'kms:PutKeyPolicy'], Resource: '*' },
    ] };
    assert.deepEqual(analyse(doc).codes, ['dangerous-action[cloudhsm:DeleteBackup cloudhsm:DeleteCluster cloudhsm:DeleteHsm kms:PutKeyPolicy]']);
  });
  test('PutKeyPolicy on one key is not "every key"', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::reports/*' }, { Effect: 'Allow', Action: ['kms:PutKeyPolicy'], Resource: F.KEY_ARN }] };
    assert.deepEqual(analyse(doc).codes, []);
  });
  test('quiet for the class whose job it is: the key store manager, and a key manager scheduling deletion', () => {
    assert.deepEqual(analyse(F.lambdaKeyStoreManager).codes, []);
    const km = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeCustomKeyStores', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'], Resource: '*', Condition: { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } } }] };
    assert.deepEqual(analyse(km).codes, []);
  });
  test('an administrator policy ("*") is not reported as a stray power', () => {
    assert.deepEqual(analyse({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }).codes.filter((c) => c.startsWith('dangerous-action')), []);
  });
});

describe('4. AWS service principals in key policies are analysed', () => {
  const adminActions = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand'];
  test('the Auto Scaling service-linked role among the key administrators', () => {
    const r = analyse(F.keyPolicy([F.ADMIN, F.ASG_SLR], [F.APP], { adminActions }));
    assert.deepEqual(r.codes.map((c) => c.split('[')[0]), ['service-role-administers-key', 'unsupported-in-key-store']);
    const f = r.findings.find((x) => x.code === 'service-role-administers-key')!;
    assert.ok(f.actions!.includes('kms:ScheduleKeyDeletion') && f.actions!.includes('kms:PutKeyPolicy'));
    assert.ok(!f.actions!.includes('kms:DescribeKey') && !f.actions!.includes('kms:RevokeGrant'));
    assert.equal(r.findings.find((x) => x.code === 'unsupported-in-key-store')!.actions!.join(), 'kms:RotateKeyOnDemand');
  });
  test('the Elastic Load Balancing service-linked role among administrators and users: a key user with the administration as excess', () => {
    const r = analyse(F.keyPolicy([F.ADMIN, F.ELB_SLR], [F.APP, F.ELB_SLR]));
    assert.deepEqual(r.roles.find(([p]) => p === F.ELB_SLR), [F.ELB_SLR, 'key-user']);
    const ex = r.findings.filter((f) => f.code === 'excessive-action');
    assert.ok(ex.length > 0 && ex.every((f) => f.message.includes(F.ELB_SLR)));
    assert.ok(ex.some((f) => f.actions!.includes('kms:ScheduleKeyDeletion')));
  });
  test('a service-linked role or a service principal that only uses the key stays quiet', () => {
    assert.deepEqual(analyse(F.keyPolicy([F.ADMIN], [F.APP, F.ASG_SLR])).codes, []);
    const logs = F.keyPolicy([F.ADMIN], [F.APP]);
    logs.Statement.push({ Sid: 'CloudWatch Logs', Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*' });
    assert.deepEqual(analyse(logs).codes, []);
  });
});

describe('5. what grants nothing, action by action', () => {
  test('account-level KMS actions in a key policy', () => {
    const r = analyse(F.keyPolicy([F.ADMIN], [F.APP], { adminActions: ['kms:Describe*', 'kms:Enable*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:CreateKey', 'kms:ListAliases', 'kms:GenerateRandom'] }));
    assert.deepEqual(r.codes, ['account-action-in-key-policy[kms:CreateKey]', 'account-action-in-key-policy[kms:GenerateRandom]', 'account-action-in-key-policy[kms:ListAliases]']);
  });
  test('kms:ListAliases on a key ARN, next to kms:Decrypt', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ListAliases'], Resource: F.KEY_ARN }] };
    assert.deepEqual(analyse(doc).codes, ['action-no-matching-resource[kms:ListAliases]']);
  });
  test('a key manager whose kms:CreateKey excludes AWS_CLOUDHSM', () => {
    const km = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeCustomKeyStores', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'], Resource: '*', Condition: { StringEquals: { 'kms:KeyOrigin': 'AWS_KMS' } } }] };
    assert.deepEqual(analyse(km).codes, ['key-origin-excludes-key-store[kms:CreateKey]']);
  });
});

describe('6. a key policy that locks the key', () => {
  test('no account root: a warning naming the only administrator, with the account statement as the fix', () => {
    const doc = F.keyPolicy([F.ADMIN], [F.APP], { root: false });
    const r = analyse(doc);
    assert.deepEqual(r.codes, ['key-policy-lockout[kms:PutKeyPolicy]']);
    assert.equal(r.findings[0].severity, 'warning');
    assert.ok(r.findings[0].message.includes(F.ADMIN));
    assert.equal(r.findings[0].fixes![0].title, 'Add the statement that lets account 111122223333 manage the key through IAM');
  });
  test('no one may change the key policy: an error', () => {
    const doc = { Version: '2012-10-17', Statement: [F.keyPolicy([F.ADMIN], [F.APP]).Statement[2]] };
    const r = analyse(doc);
    assert.deepEqual(r.codes, ['key-policy-lockout[kms:PutKeyPolicy]']);
    assert.equal(r.findings[0].severity, 'error');
  });
  test('the default key policy, and a bucket policy, stay quiet', () => {
    assert.deepEqual(analyse(F.keyPolicy([F.ADMIN], [F.APP])).codes, []);
    const bucket = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: F.APP }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };
    assert.ok(!analyse(bucket).codes.some((c) => c.startsWith('key-policy-lockout')));
  });
});

describe('7. ARNs with a wildcard are still checked', () => {
  for (const resource of ['arn:aws:logs:us-east-1:111122223333:/aws/lambda/log-group:app-*', 'arn:aws:logs:us-east-1:111122223333:/aws/lambda/log-group:app-x']) {
    test(resource, () => {
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: resource }] };
      assert.deepEqual(analyse(doc).codes, ['resource-no-matching-action']);
    });
  }
  test('the well-formed log group ARN with a wildcard stays quiet', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app-*' }] };
    assert.deepEqual(analyse(doc).codes, []);
  });
});

describe('8. a class pinned per principal in a key policy', () => {
  const doc = F.keyPolicy([F.ADMIN], [F.APP]);
  test('one class for the whole file turns the key user into an incomplete key manager', () => {
    const r = analyse(doc, { role: 'key-manager' });
    assert.ok(r.codes.some((c) => c.startsWith('missing-action')));
  });
  test('per principal: each principal judged as its class, the others inferred', () => {
    const r = analyse(doc, { principalRoles: { 'arn:aws:iam::*:role/KMSKeyAdmin': 'key-manager', 'arn:aws:iam::*:role/App*': 'key-user' } });
    assert.deepEqual(r.codes, []);
    assert.deepEqual(r.verdicts.map((v) => [v.role, v.source]), [['key-manager', 'pinned'], ['key-user', 'pinned']]);
    const half = analyse(doc, { principalRoles: { '*AppRole': 'key-manager' } });
    assert.deepEqual(half.verdicts.map((v) => [v.role, v.source]), [['key-manager', 'inferred'], ['key-manager', 'pinned']]);
    assert.ok(half.codes.some((c) => c.startsWith('missing-action')));
  });
});

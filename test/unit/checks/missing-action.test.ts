import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixAllText } from '../../../server/src/analysis/fixAll';
import { checkCases, getCatalog, getKnowledge, run } from '../../helpers';
import { example } from './_role-fixtures';

const ksm = example('key-store-manager');
checkCases('missing-action', {
  valid: [ksm, example('key-user'), example('key-policy'), { name: 'role checks off', text: ksm.replace('"kms:ConnectCustomKeyStore",', ''), options: { role: null } }],
  invalid: [
    {
      name: 'key store manager without Connect',
      text: ksm.replace('        "kms:ConnectCustomKeyStore",\n', ''),
      ranges: ['"Action"'],
      actions: ['kms:ConnectCustomKeyStore'],
      message: ['needs kms:ConnectCustomKeyStore'],
      fix: { title: 'Add kms:ConnectCustomKeyStore', output: ksm.replace('        "kms:ConnectCustomKeyStore",\n', '').replace('"cloudhsm:DescribeClusters"', '"cloudhsm:DescribeClusters",\n        "kms:ConnectCustomKeyStore"') },
    },
    {
      name: 'the scoped service-linked role statement is added with its condition',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [JSON.parse(ksm).Statement[0]] }, null, 2),
      ranges: ['"Action"'],
      actions: ['iam:CreateServiceLinkedRole'],
      fix: { title: 'Add iam:CreateServiceLinkedRole' },
    },
    {
      name: 'Statement is a single object: the fix adds to it and appends the scoped statement (one edit)',
      text: JSON.stringify({ Version: '2012-10-17', Statement: { ...JSON.parse(ksm).Statement[0], Action: JSON.parse(ksm).Statement[0].Action.filter((a: string) => a !== 'kms:ConnectCustomKeyStore') } }, null, 2),
      options: { role: 'key-store-manager' },
      actions: ['kms:ConnectCustomKeyStore', 'iam:CreateServiceLinkedRole'],
      fix: {
        title: 'Add the 2 missing actions',
        output: JSON.stringify({ Version: '2012-10-17', Statement: [
          { ...JSON.parse(ksm).Statement[0], Action: [...JSON.parse(ksm).Statement[0].Action.filter((a: string) => a !== 'kms:ConnectCustomKeyStore'), 'kms:ConnectCustomKeyStore'] },
          { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores', Condition: { StringEquals: { 'iam:AWSServiceName': 'cks.kms.amazonaws.com' } } },
        ] }, null, 2),
      },
    },
    {
      name: 'a Deny takes a required action away: the message names it, a quick fix (not safe) narrows it',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(ksm).Statement, { Sid: 'NoConnect', Effect: 'Deny', Action: ['kms:ConnectCustomKeyStore', 'kms:ScheduleKeyDeletion'], Resource: '*' }] }, null, 2),
      actions: ['kms:ConnectCustomKeyStore'],
      message: ['The Deny statement "NoConnect" takes kms:ConnectCustomKeyStore away'],
      fix: {
        title: 'Remove kms:ConnectCustomKeyStore from the Deny statement "NoConnect"',
        output: JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(ksm).Statement, { Sid: 'NoConnect', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion'], Resource: '*' }] }, null, 2),
      },
    },
    {
      name: 'a Deny without Sid is named by position; a wildcard entry is spelled out without the action',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(ksm).Statement, { Effect: 'Deny', Action: 'kms:*CustomKeyStore', Resource: '*' }] }, null, 2),
      options: { role: 'key-store-manager' },
      message: ['The Deny statement 3 takes kms:CreateCustomKeyStore, kms:ConnectCustomKeyStore'],
      fix: { title: 'Remove kms:ConnectCustomKeyStore from the Deny statement 3' },
    },
    { name: 'stale service-linked role policy', text: example('service-linked-role-stale-v1'), actions: ['ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeNetworkInterfaces'], message: ['version 1 (2018)'] },
    { name: 'pinned key user without a cryptographic operation', text: example('key-user').replace(/"kms:Encrypt",[\s\S]*"kms:GenerateDataKeyWithoutPlaintext",/, ''), options: { role: 'key-user' }, message: ['one of kms:Encrypt'], fix: { title: 'Add kms:Encrypt' } },
  ],
});

test('the Deny-narrowing fix is never safe (fix-all does not widen access)', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(ksm).Statement, { Sid: 'NoConnect', Effect: 'Deny', Action: ['kms:ConnectCustomKeyStore', 'kms:ScheduleKeyDeletion'], Resource: '*' }] }, null, 2);
  const f = run(text).findings.find((x) => x.code === 'missing-action');
  const fix = f?.fixes?.find((x) => x.title.startsWith('Remove kms:ConnectCustomKeyStore from the Deny'));
  assert.ok(fix);
  assert.ok(!fix.safe && !fix.isPreferred);
  const after = JSON.parse(fixAllText(getKnowledge(), text, {})) as { Statement: Array<{ Sid?: string; Action: string[] }> };
  assert.deepEqual(after.Statement.find((s) => s.Sid === 'NoConnect')?.Action, ['kms:ConnectCustomKeyStore', 'kms:ScheduleKeyDeletion'], 'fix-all leaves the Deny alone');
});

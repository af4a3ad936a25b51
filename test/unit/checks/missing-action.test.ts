import { checkCases } from '../../helpers';
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
    { name: 'stale service-linked role policy', text: example('service-linked-role-stale-v1'), actions: ['ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeNetworkInterfaces'], message: ['version 1 (2018)'] },
    { name: 'pinned key user without a cryptographic operation', text: example('key-user').replace(/"kms:Encrypt",[\s\S]*"kms:GenerateDataKeyWithoutPlaintext",/, ''), options: { role: 'key-user' }, message: ['one of kms:Encrypt'], fix: { title: 'Add kms:Encrypt' } },
  ],
});

import { checkCases, policy } from '../../helpers';

const key = 'arn:aws:kms:us-east-1:111122223333:key/*';
checkCases('ineffective-key-store-resource', {
  valid: [
    policy({ Effect: 'Allow', Action: ['kms:ConnectCustomKeyStore', 'cloudhsm:DescribeClusters'], Resource: '*' }),
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }),
    { name: 'in a key policy (another check)', text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/A' }, Action: 'kms:ConnectCustomKeyStore', Resource: '*' }) },
  ],
  invalid: [
    { name: 'the only action', text: policy({ Effect: 'Allow', Action: ['kms:ConnectCustomKeyStore'], Resource: key }), ranges: ['"kms:ConnectCustomKeyStore"'], fix: { title: 'Set Resource to "*"' } },
    { name: 'a key user does not need it: removed', text: policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'cloudhsm:DescribeClusters'], Resource: key }), ranges: ['"cloudhsm:DescribeClusters"'], message: ['does not need it'], fix: { title: 'Remove cloudhsm:DescribeClusters' } },
    {
      name: 'a key manager may: moved to a statement with Resource *',
      text: policy({ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeCustomKeyStores'], Resource: '*' }, { Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:EnableKey', 'kms:DisableKey', 'cloudhsm:DescribeClusters'], Resource: key }),
      ranges: ['"cloudhsm:DescribeClusters"'],
      fix: { title: 'Move cloudhsm:DescribeClusters to a statement with "Resource": "*"' },
    },
    {
      name: 'a policy of no class: a dangerous power is removed, not made effective',
      text: policy({ Effect: 'Allow', Action: ['kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore'], Resource: key }),
      count: 2, ranges: ['"kms:ConnectCustomKeyStore"', '"kms:DisconnectCustomKeyStore"'],
    },
  ],
});

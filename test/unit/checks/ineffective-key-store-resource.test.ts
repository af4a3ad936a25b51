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
    { name: 'among key actions', text: policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'cloudhsm:DescribeClusters'], Resource: key }), ranges: ['"cloudhsm:DescribeClusters"'], fix: { title: 'Move cloudhsm:DescribeClusters to a statement with "Resource": "*"' } },
  ],
});

import { checkCases, policy } from '../../helpers';

const allow = (Action: unknown) => ({ Effect: 'Allow', Action, Resource: '*' });

checkCases('redundant-action', {
  valid: [
    policy(allow(['kms:Encrypt', 'kms:Decrypt'])),
    policy(allow(['kms:Get*', 'kms:List*', 'kms:DescribeKey'])),
    policy(allow('kms:*')),
    { name: 'the same action in two statements', text: policy(allow('kms:Decrypt'), allow(['kms:Decrypt'])) },
    { name: 'overlapping but neither covers the other', text: policy(allow(['kms:*Key', 'kms:Get*'])) },
  ],
  invalid: [
    {
      name: 'covered by a service wildcard',
      text: policy(allow(['kms:*', 'kms:Decrypt'])),
      ranges: ['"kms:Decrypt"'],
      message: ['"kms:Decrypt" is already covered by "kms:*"'],
      fix: { title: 'Remove "kms:Decrypt"', output: policy(allow(['kms:*'])) },
    },
    {
      name: 'reported where it is, even before the wildcard',
      text: policy(allow(['kms:GetKeyPolicy', 'kms:Encrypt', 'kms:Get*'])),
      ranges: ['"kms:GetKeyPolicy"'],
      fix: { title: 'Remove "kms:GetKeyPolicy"', output: policy(allow(['kms:Encrypt', 'kms:Get*'])) },
    },
    { name: 'an exact duplicate', text: policy(allow(['kms:Decrypt', 'kms:Encrypt', 'kms:Decrypt'])), ranges: ['"kms:Decrypt"'], message: ['listed twice'] },
    { name: 'a case variant', text: policy(allow(['kms:Decrypt', 'KMS:decrypt'])), ranges: ['"KMS:decrypt"'], message: ['case-insensitive'] },
    { name: 'a narrower wildcard', text: policy(allow(['kms:G*', 'kms:Get*'])), ranges: ['"kms:Get*"'], message: ['covered by "kms:G*"'] },
    { name: 'everything under "*"', text: policy(allow(['*', 's3:GetObject', 'kms:Decrypt'])), count: 2, ranges: ['"s3:GetObject"', '"kms:Decrypt"'] },
    { name: 'in NotAction', text: policy({ Effect: 'Deny', NotAction: ['iam:*', 'iam:PassRole'], Resource: '*' }), ranges: ['"iam:PassRole"'] },
  ],
});

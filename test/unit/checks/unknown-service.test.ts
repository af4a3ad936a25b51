import { checkCases, policy } from '../../helpers';

const allow = (Action: unknown) => ({ Effect: 'Allow', Action, Resource: '*' });

checkCases('unknown-service', {
  valid: [
    policy(allow(['kms:Decrypt', 'KMS:Encrypt', 's3:Get*', '*', '*:Describe*'])),
    { name: 'unknown action of a known service is another check', text: policy(allow('kms:Decrpyt')) },
    { name: 'malformed entries are another check', text: policy(allow(['kms', 'kmss:'])) },
    { name: 'NotAction with known services', text: policy({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'typo in the prefix',
      text: policy(allow('kmss:Decrypt')),
      ranges: ['"kmss:Decrypt"'],
      message: ['"kmss" in "kmss:Decrypt" is not an AWS service prefix', 'Did you mean "kms:Decrypt"?'],
      fix: { title: 'Change to "kms:Decrypt"', output: policy(allow('kms:Decrypt')) },
    },
    {
      name: 'a retired service in a list, removable',
      text: policy(allow(['kms:Decrypt', 'zocalo:Describe*'])),
      ranges: ['"zocalo:Describe*"'],
      fix: { title: 'Remove "zocalo:Describe*"', output: policy(allow(['kms:Decrypt'])) },
    },
    { name: 'in NotAction', text: policy({ Effect: 'Deny', NotAction: ['kms:Decrypt', 'nosuchservice:Get'], Resource: '*' }), ranges: ['"nosuchservice:Get"'] },
    { name: 'one finding per entry', text: policy(allow(['foo:Bar', 'kms:Decrypt', 'bar:Foo'])), count: 2, ranges: ['"foo:Bar"', '"bar:Foo"'] },
  ],
});

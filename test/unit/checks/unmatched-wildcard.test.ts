import { checkCases, policy } from '../../helpers';

const allow = (Action: unknown) => ({ Effect: 'Allow', Action, Resource: '*' });

checkCases('unmatched-wildcard', {
  valid: [
    policy(allow(['kms:Decrypt*', 'kms:*crypt', 'kms:?ncrypt', '*:Describe*', 'kms:*', '*'])),
    { name: 'unknown service is unknown-service\'s business', text: policy(allow('kmss:*')) },
  ],
  invalid: [
    {
      name: 'a suffix after the wildcard that no action has',
      text: policy(allow('kms:Decrypt*x')),
      ranges: ['"kms:Decrypt*x"'],
      message: ['does not match any action of AWS Key Management Service (kms)', 'has no effect'],
    },
    {
      name: 'a prefix no action has, removable from a list',
      text: policy(allow(['kms:Decrypt', 'kms:Foo*'])),
      ranges: ['"kms:Foo*"'],
      fix: { title: 'Remove "kms:Foo*"', output: policy(allow(['kms:Decrypt'])) },
    },
    { name: 'a service wildcard', text: policy(allow('*:Xyzzy*')), ranges: ['"*:Xyzzy*"'], message: ['any action of any service'] },
  ],
});

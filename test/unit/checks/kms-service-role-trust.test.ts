import { checkCases, policy } from '../../helpers';
import { example } from './_role-fixtures';

checkCases('kms-service-role-trust', {
  valid: [
    policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    { name: 'pinned to the service-linked role', text: example('trust-policy-flawed'), options: { role: 'service-linked-role' } },
  ],
  invalid: [
    { text: example('trust-policy-flawed'), ranges: ['"cks.kms.amazonaws.com"'] },
    { name: 'among other services', text: policy({ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'cks.kms.amazonaws.com'] }, Action: 'sts:AssumeRole' }), ranges: ['"cks.kms.amazonaws.com"'] },
  ],
});

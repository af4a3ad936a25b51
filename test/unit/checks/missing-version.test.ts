import { checkCases, policy } from '../../helpers';

checkCases('missing-version', {
  valid: [policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })],
  invalid: [
    {
      text: '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n  ]\n}',
      ranges: ['{'],
      fix: { title: 'Add "Version": "2012-10-17"', output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n  ]\n}' },
    },
  ],
});

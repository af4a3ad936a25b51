import { checkCases, policy } from '../../helpers';

const res = (Resource: unknown, Action: unknown = 'kms:Decrypt') => ({ Effect: 'Allow', Action, Resource });
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

checkCases('invalid-arn', {
  valid: [
    policy(res(['*', KEY, 'arn:aws:s3:::my-bucket/*', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:*:kms:*:*:key/*', 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/x'])),
    { name: 'policy variables and wildcards', text: policy(res(['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:iam::${aws:PrincipalAccount}:role/x', 'arn:aws:kms:us-east-1:11112222????:key/*', 'arn:aws:kms:${aws:RequestedRegion}:111122223333:key/*'])) },
    { name: 'NotResource', text: policy({ Effect: 'Deny', Action: 'kms:*', NotResource: KEY }) },
  ],
  invalid: [
    {
      name: 'account with hyphens',
      text: policy(res('arn:aws:kms:us-east-1:1111-2222-3333:key/abc')),
      ranges: ['"arn:aws:kms:us-east-1:1111-2222-3333:key/abc"'],
      message: ['"1111-2222-3333" is not a valid account', '12-digit'],
      fix: { title: 'Change to "arn:aws:kms:us-east-1:111122223333:key/abc"', output: policy(res('arn:aws:kms:us-east-1:111122223333:key/abc')) },
    },
    { name: 'a short account', text: policy(res('arn:aws:kms:us-east-1:12345:key/abc')), message: ['"12345" is not a valid account'] },
    {
      name: 'missing arn: prefix',
      text: policy(res('aws:kms:us-east-1:111122223333:key/abc')),
      message: ['is not an ARN', 'lacks the "arn:" prefix'],
      fix: { title: 'Change to "arn:aws:kms:us-east-1:111122223333:key/abc"' },
    },
    { name: 'not an ARN at all', text: policy(res('my-key')), ranges: ['"my-key"'], message: ['is not an ARN'] },
    { name: 'upper-case prefix', text: policy(res('ARN:aws:s3:::b')), fix: { title: 'Change to "arn:aws:s3:::b"' } },
    { name: 'too few fields', text: policy(res('arn:aws:kms')), message: ['fewer than the six'] },
    { name: 'unknown partition', text: policy(res('arn:awz:s3:::b')), message: ['"awz" is not an AWS partition', 'Did you mean "aws"?'], fix: { title: 'Change to "arn:aws:s3:::b"' } },
    { name: 'service in upper case', text: policy(res('arn:aws:KMS:us-east-1:111122223333:key/x')), message: ['must be lowercase'], fix: { title: 'Change to "arn:aws:kms:us-east-1:111122223333:key/x"' } },
    { name: 'not a region', text: policy(res('arn:aws:kms:useast1:111122223333:key/x')), message: ['"useast1" is not a Region code'] },
    { name: 'no resource part', text: policy(res('arn:aws:organizations::111122223333:')), message: ['no resource part'] },
    { name: 'whitespace', text: policy(res('arn:aws:s3::: my-bucket')), message: ['contains whitespace'], fix: { title: 'Change to "arn:aws:s3:::my-bucket"' } },
    { name: 'in NotResource, in a list', text: policy({ Effect: 'Deny', Action: 'kms:*', NotResource: [KEY, 'arn:aws:kms:us-east-1:1234:key/x'] }), ranges: ['"arn:aws:kms:us-east-1:1234:key/x"'] },
  ],
});

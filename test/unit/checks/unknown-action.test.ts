import { checkCases, policy } from '../../helpers';

const allow = (Action: unknown) => ({ Effect: 'Allow', Action, Resource: '*' });

checkCases('unknown-action', {
  valid: [
    policy(allow(['kms:Decrypt', 'kms:decrypt', 'KMS:GENERATEDATAKEY'])),
    { name: 'wildcards are unmatched-wildcard\'s business', text: policy(allow(['kms:Foo*'])) },
    { name: 'unknown services are unknown-service\'s business', text: policy(allow(['kmss:Decrypt'])) },
  ],
  invalid: [
    {
      name: 'transposed letters',
      text: policy(allow('kms:Decrpyt')),
      ranges: ['"kms:Decrpyt"'],
      message: ['"kms:Decrpyt" is not an action of AWS Key Management Service (kms)', 'Did you mean "kms:Decrypt"?'],
      fix: { title: 'Change to "kms:Decrypt"', output: policy(allow('kms:Decrypt')) },
    },
    {
      name: 'plural',
      text: policy(allow(['kms:Encrypt', 'kms:DescribeKeys'])),
      ranges: ['"kms:DescribeKeys"'],
      message: ['Did you mean "kms:DescribeKey"?'],
      fix: { title: 'Change to "kms:DescribeKey"', output: policy(allow(['kms:Encrypt', 'kms:DescribeKey'])) },
    },
    {
      name: 'nothing close: the reference page and a removal',
      text: policy(allow(['kms:Encrypt', 'kms:Xyzzyplugh'])),
      ranges: ['"kms:Xyzzyplugh"'],
      message: ['https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html'],
      fix: { title: 'Remove "kms:Xyzzyplugh"', output: policy(allow(['kms:Encrypt'])) },
    },
    { name: 'the service prefix is kept as written', text: policy(allow('KMS:Decrpyt')), fix: { title: 'Change to "KMS:Decrypt"' } },
  ],
});

import { checkCases, policy } from '../../helpers';

const withCondition = (Condition: unknown) => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition });

checkCases('invalid-condition-operator', {
  valid: [
    policy(withCondition({
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      StringEqualsIfExists: { 'kms:CallerAccount': '111122223333' },
      'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['aws:*'] },
      'ForAllValues:StringNotEqualsIfExists': { 'aws:TagKeys': ['Secret'] },
      Null: { 'aws:PrincipalTag/team': 'false' },
      ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::*' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      DateGreaterThan: { 'aws:CurrentTime': '2025-01-01' },
      Bool: { 'aws:SecureTransport': 'true' },
      NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
      BinaryEquals: { 'aws:UserAgent': 'QmluYXJ5' },
    })),
  ],
  invalid: [
    {
      name: 'a typo',
      text: policy(withCondition({ StringEqual: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })),
      ranges: ['"StringEqual"'],
      message: ['"StringEqual" is not an IAM condition operator', 'Did you mean "StringEquals"?'],
      fix: { title: 'Change to "StringEquals"', output: policy(withCondition({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })) },
    },
    {
      name: 'wrong letter case (IAM rejects it)',
      text: policy(withCondition({ stringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })),
      ranges: ['"stringEquals"'],
      message: ['case-sensitive', 'Write "StringEquals"'],
      fix: { title: 'Change to "StringEquals"' },
    },
    { name: 'a set prefix in the wrong case', text: policy(withCondition({ 'forAnyValue:StringLike': { 'aws:TagKeys': ['a*'] } })), message: ['Write "ForAnyValue:StringLike"'] },
    {
      name: 'Null with IfExists',
      text: policy(withCondition({ NullIfExists: { 'aws:PrincipalTag/team': 'true' } })),
      ranges: ['"NullIfExists"'],
      message: ['cannot take the IfExists suffix'],
      fix: { title: 'Change to "Null"' },
    },
    { name: 'a misspelt set prefix', text: policy(withCondition({ 'ForAllValue:StringEquals': { 'aws:TagKeys': ['a'] } })), message: ['Did you mean "ForAllValues:StringEquals"?'] },
    { name: 'something else entirely', text: policy(withCondition({ Whenever: { 'aws:TagKeys': ['a'] } })), ranges: ['"Whenever"'], message: ['is not an IAM condition operator'] },
    { name: 'an unknown suffix', text: policy(withCondition({ StringEqualsIfExist: { 'kms:ViaService': 'x' } })), message: ['Did you mean "StringEqualsIfExists"?'] },
  ],
});

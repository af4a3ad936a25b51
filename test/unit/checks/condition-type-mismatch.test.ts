import { checkCases, policy } from '../../helpers';

const stmt = (Condition: unknown, Action: unknown = 'kms:Decrypt', Effect = 'Allow') => ({ Effect, Action, Resource: '*', Condition });

checkCases('condition-type-mismatch', {
  valid: [
    policy(stmt({
      Bool: { 'aws:SecureTransport': 'true' },
      StringLike: { 'aws:SourceArn': 'arn:aws:s3:::*' },
      ArnLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::bucket/*', 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' },
      NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
      IpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
      Null: { 'aws:MultiFactorAuthAge': 'true', 'aws:SourceIp': 'false' },
    })),
    { name: 'unknown keys are another check', text: policy(stmt({ Bool: { 'kms:Nope': 'true' } })) },
  ],
  invalid: [
    {
      name: 'a String operator on a Bool key',
      text: policy(stmt({ StringEquals: { 'aws:SecureTransport': 'false' } }, 'kms:*', 'Deny')),
      ranges: ['"aws:SecureTransport"'],
      message: ['"StringEquals" is a String operator, but "aws:SecureTransport" is a Bool key', 'Use the Bool operator'],
      fix: { title: 'Change the operator to "Bool"', output: policy(stmt({ Bool: { 'aws:SecureTransport': 'false' } }, 'kms:*', 'Deny')) },
    },
    { name: 'IpAddress on a String key', text: policy(stmt({ IpAddress: { 'kms:ViaService': '192.0.2.0/24' } })), ranges: ['"kms:ViaService"'], message: ['is a IpAddress operator', 'a String operator (e.g. StringEquals)'] },
    { name: 'Bool on a String key', text: policy(stmt({ Bool: { 'aws:username': 'true' } })), ranges: ['"aws:username"'] },
    { name: 'a Numeric operator on an IP key', text: policy(stmt({ NumericEquals: { 'aws:SourceIp': '1' } })), message: ['IpAddress operator'] },
    { name: 'an ARN operator on a Numeric key', text: policy(stmt({ ArnEquals: { 'aws:MultiFactorAuthAge': '3600' } })), message: ['Numeric key'] },
    {
      name: 'a String operator on a Date key, IfExists kept',
      text: policy(stmt({ StringEqualsIfExists: { 'aws:CurrentTime': '2025-01-01' } })),
      fix: { title: 'Change the operator to "DateEqualsIfExists"', output: policy(stmt({ DateEqualsIfExists: { 'aws:CurrentTime': '2025-01-01' } })) },
    },
    {
      name: 'no operator rename when the block has other keys',
      text: policy(stmt({ StringEquals: { 'aws:SecureTransport': 'true', 'kms:ViaService': 'x' } })),
      ranges: ['"aws:SecureTransport"'],
    },
  ],
});

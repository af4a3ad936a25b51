import { checkCases, policy } from '../../helpers';

const stmt = (Condition: unknown) => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition });

checkCases('invalid-condition-value', {
  valid: [
    policy(stmt({
      NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', '7200', '-1.5'] },
      NumericGreaterThan: { 'aws:MultiFactorAuthAge': 60 },
      DateGreaterThan: { 'aws:CurrentTime': ['2025-01-31T12:00:00Z', '2025-01-31', '2025-01-31T12:00+01:00', '1700000000'], 'aws:TokenIssueTime': 1700000000 },
      Bool: { 'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': 'False' },
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8::/32', '::1', '198.51.100.7', '::ffff:192.0.2.1/128'] },
      Null: { 'aws:PrincipalTag/team': 'true' },
      StringEquals: { 'kms:ViaService': ['anything goes', '42'], 'kms:CallerAccount': 111122223333 },
      BinaryEquals: { 'aws:UserAgent': 'QmluYXJ5VmFsdWU=' },
    })),
    { name: 'policy variables are judged elsewhere', text: policy(stmt({ StringEquals: { 'aws:username': '${aws:PrincipalTag/x}' } })) },
  ],
  invalid: [
    { name: 'not a number', text: policy(stmt({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'abc' } })), ranges: ['"abc"'], message: ['NumericLessThan compares numbers, but "abc" is not a number'] },
    { name: 'not a boolean', text: policy(stmt({ Bool: { 'aws:MultiFactorAuthPresent': 'yes' } })), ranges: ['"yes"'], message: ['takes "true" or "false"'] },
    { name: 'not a date', text: policy(stmt({ DateLessThan: { 'aws:CurrentTime': '31/01/2025' } })), ranges: ['"31/01/2025"'], message: ['ISO 8601'] },
    { name: 'an impossible date', text: policy(stmt({ DateLessThan: { 'aws:CurrentTime': '2025-13-01' } })), ranges: ['"2025-13-01"'] },
    { name: 'a bad CIDR', text: policy(stmt({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/33', '300.1.1.1', '10.0.0.0/8'] } })), count: 2, ranges: ['"10.0.0.0/33"', '"300.1.1.1"'] },
    { name: 'Null with another word', text: policy(stmt({ Null: { 'aws:PrincipalTag/team': 'maybe' } })), message: ['Null takes "true"'] },
    { name: 'both booleans', text: policy(stmt({ Bool: { 'aws:SecureTransport': ['true', 'false'] } })), message: ['both true and false'] },
    { name: 'mixed JSON types', text: policy(stmt({ NumericEquals: { 'aws:MultiFactorAuthAge': [1, '2'] } })), message: ['mix JSON types'] },
    { name: 'not base64', text: policy(stmt({ BinaryEquals: { 'aws:UserAgent': 'not base64!' } })), message: ['not valid base64'] },
    { name: 'a boolean for a number', text: policy(stmt({ NumericEquals: { 'aws:MultiFactorAuthAge': true } })), ranges: ['true'] },
  ],
});

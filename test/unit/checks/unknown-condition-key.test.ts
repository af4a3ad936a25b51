import { checkCases, policy } from '../../helpers';

const stmt = (Action: unknown, Condition: unknown, Effect = 'Allow') => ({ Effect, Action, Resource: '*', Condition });

checkCases('unknown-condition-key', {
  valid: [
    policy(stmt('kms:Decrypt', {
      IpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:Department': 'IT', 'aws:ResourceTag/Env': 'prod' },
    })),
    { name: 'key names are case-insensitive', text: policy(stmt('kms:Decrypt', { IpAddress: { 'aws:sourceip': '192.0.2.0/24', 'AWS:SourceIP': '198.51.100.0/24' } })) },
    { name: 'tag keys with a tag name', text: policy(stmt('kms:TagResource', { StringEquals: { 'aws:RequestTag/Project': 'x', 'aws:PrincipalTag/team': 'y' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project'] } })) },
    { name: 'service keys written with <key> and tag-key in the reference', text: policy(stmt('s3:GetObject', { StringEquals: { 's3:ExistingObjectTag/Classification': 'public' } }), stmt('secretsmanager:GetSecretValue', { StringEquals: { 'secretsmanager:ResourceTag/Team': 'a' } })) },
    { name: 'identity-provider keys with sts', text: policy({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': 'x' } } }) },
    {
      name: 'claims of any web identity provider',
      text: policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:default:app' } } }),
    },
    { name: 'a service key when actions span services', text: policy(stmt('*', { StringEquals: { 's3:prefix': 'home/' } })) },
    { name: 'a documented key outside the global list', text: policy(stmt('sso:*', { StringEquals: { 'aws:PrincipalOrgMasterAccountId': '111122223333' } })) },
  ],
  invalid: [
    {
      name: 'a misspelt global key',
      text: policy(stmt('kms:Decrypt', { IpAddress: { 'aws:SourceIpp': '192.0.2.0/24' } })),
      ranges: ['"aws:SourceIpp"'],
      message: ['"aws:SourceIpp" is not a global condition key', 'never matches', 'Did you mean "aws:SourceIp"?'],
      fix: { title: 'Change to "aws:SourceIp"', output: policy(stmt('kms:Decrypt', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } })) },
    },
    {
      name: 'a negated operator on a missing key always matches',
      text: policy(stmt('kms:*', { NotIpAddress: { 'aws:SorceIp': '192.0.2.0/24' } }, 'Deny')),
      message: ['always matches and the Deny applies to every request'],
    },
    { name: 'a misspelt tag key base', text: policy(stmt('kms:Decrypt', { StringEquals: { 'aws:ResourceTags/Env': 'prod' } })), message: ['Did you mean "aws:ResourceTag/Env"?'] },
    { name: 'a tag key without a tag name', text: policy(stmt('kms:Decrypt', { StringEquals: { 'aws:ResourceTag': 'prod' } })), ranges: ['"aws:ResourceTag"'], message: ['needs a tag key', '"aws:ResourceTag/Project"'] },
    { name: 'a misspelt templated service key', text: policy(stmt('kms:Decrypt', { StringEquals: { 'kms:EncryptonContext:Dept': 'IT' } })), message: ['is not a condition key of AWS Key Management Service', 'Did you mean "kms:EncryptionContext:Dept"?'] },
    { name: 'a misspelt service key', text: policy(stmt('kms:Decrypt', { StringEquals: { 'kms:ViaServce': 'x' } })), message: ['Did you mean "kms:ViaService"?'], fix: { title: 'Change to "kms:ViaService"' } },
    { name: 'an unknown prefix', text: policy(stmt('kms:Decrypt', { StringEquals: { 'kmss:ViaService': 'x' } })), message: ['"kmss" is not the prefix of any AWS service', 'Did you mean "kms:ViaService"?'] },
    {
      name: 'aws:ARN',
      text: policy(stmt('kms:Decrypt', { ArnLike: { 'aws:ARN': 'arn:aws:iam::111122223333:role/*' } })),
      message: ['aws:PrincipalArn', 'aws:SourceArn'],
      fix: { title: 'Change to "aws:PrincipalArn"' },
    },
    { name: 'no prefix', text: policy(stmt('kms:Decrypt', { IpAddress: { SourceIp: '192.0.2.0/24' } })), ranges: ['"SourceIp"'], message: ['"prefix:name"'] },
    {
      name: 'a key of a service the statement has no action of',
      text: policy(stmt(['kms:Decrypt', 'kms:Encrypt'], { StringLike: { 's3:prefix': 'home/*' } })),
      ranges: ['"s3:prefix"'],
      message: ['is a condition key of Amazon S3', 'no action of that service'],
    },
  ],
});

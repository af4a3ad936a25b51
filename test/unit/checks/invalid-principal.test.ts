import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

const kp = (principal: unknown) => policy({ Sid: 'Use', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' });
const tp = (principal: unknown, action = 'sts:AssumeRole') => policy({ Effect: 'Allow', Principal: principal, Action: action });
checkCases('invalid-principal', {
  valid: [
    kp('*'),
    kp({ AWS: '*' }),
    kp({ AWS: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/Alice', 'arn:aws:iam::111122223333:role/path/KeyUser'] }),
    kp({ AWS: 'arn:aws:sts::111122223333:assumed-role/KeyUser/session-1' }),
    kp({ AWS: 'arn:aws-cn:iam::111122223333:root', Service: 'logs.cn-north-1.amazonaws.com.cn' }),
    kp({ AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL' }),
    kp({ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }),
    tp({ Service: ['ec2.amazonaws.com', 'cks.kms.amazonaws.com', 'states.us-east-1.amazonaws.com'] }),
    tp({ Federated: 'arn:aws:iam::111122223333:saml-provider/Corp' }, 'sts:AssumeRoleWithSAML'),
    tp({ Federated: ['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'cognito-identity.amazonaws.com', 'accounts.google.com'] }, 'sts:AssumeRoleWithWebIdentity'),
    { name: 'an identity policy is misplaced-element\'s', text: kp('arn:aws:iam::111122223333:root'), options: { kind: 'identity' } },
    { name: 'non-string values are invalid-value-type\'s', text: kp({ AWS: [111122223333] }) },
  ],
  invalid: [
    {
      name: 'an ARN as a bare string',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"arn:aws:iam::111122223333:root"'],
      message: ['as a string can only be "*"'],
      fix: { title: 'Write it as { "AWS": "arn:aws:iam::111122223333:root" }', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    { name: 'a service as a bare string', text: tp('ec2.amazonaws.com'), fix: { title: 'Write it as { "Service": "ec2.amazonaws.com" }' } },
    { name: 'a short account ID', text: kp({ AWS: '11112222333' }), ranges: ['"11112222333"'], message: ['exactly 12 digits (this has 11)'] },
    {
      name: 'a lower-case type',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"aws": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"aws"'],
      message: ['not a principal type', 'Did you mean "AWS"?'],
      fix: { title: 'Rename to "AWS"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    { name: 'an unknown type', text: kp({ Account: '111122223333' }), ranges: ['"Account"'], message: ['use AWS, Service, Federated or CanonicalUser'] },
    { name: 'a partial wildcard', text: kp({ AWS: 'arn:aws:iam::111122223333:role/App*' }), ranges: ['"arn:aws:iam::111122223333:role/App*"'], message: ['wildcards are not allowed', 'aws:PrincipalArn'] },
    { name: 'a wildcard account', text: kp({ AWS: 'arn:aws:iam::*:root' }), message: ['wildcards are not allowed'] },
    { name: 'a group', text: kp({ AWS: 'arn:aws:iam::111122223333:group/Admins' }), message: ['group cannot be a principal'] },
    { name: 'an S3 ARN', text: kp({ AWS: 'arn:aws:s3:::my-bucket' }), message: ['s3 ARN, not a principal'] },
    {
      name: 'an IAM ARN with a Region',
      text: kp({ AWS: 'arn:aws:iam:us-east-1:111122223333:role/KeyUser' }),
      message: ['IAM ARNs have no Region'],
      fix: { title: 'Change to "arn:aws:iam::111122223333:role/KeyUser"' },
    },
    { name: 'a service under AWS', text: kp({ AWS: 'ec2.amazonaws.com' }), message: ['put it under "Service"'] },
    { name: 'a provider under AWS', text: kp({ AWS: 'arn:aws:iam::111122223333:saml-provider/Corp' }), message: ['put it under "Federated"'] },
    { name: 'a service without its domain', text: tp({ Service: 'ec2' }), ranges: ['"ec2"'], fix: { title: 'Change to "ec2.amazonaws.com"' } },
    { name: 'a service in upper case', text: tp({ Service: 'EC2.amazonaws.com' }), fix: { title: 'Change to "ec2.amazonaws.com"' } },
    { name: 'a service wildcard', text: tp({ Service: '*.amazonaws.com' }), message: ['wildcards are not allowed in service principals'] },
    { name: 'an account under Service', text: tp({ Service: '111122223333' }), message: ['put it under "AWS"'] },
    { name: 'a bad federated principal', text: tp({ Federated: 'token.actions.githubusercontent.com' }, 'sts:AssumeRoleWithWebIdentity'), message: ['ARN of an IAM identity provider'] },
    { name: 'a bad canonical user', text: kp({ CanonicalUser: 'abc123' }), message: ['64 lower-case hexadecimal'] },
    { name: 'NotPrincipal is checked too', text: policy({ Effect: 'Deny', NotPrincipal: { AWS: '1234' }, Action: 'kms:*', Resource: '*' }), message: ['NotPrincipal AWS "1234"'] },
    { name: 'each entry of a list', text: kp({ AWS: ['111122223333', 'alice', '4444'] }), count: 2, ranges: ['"alice"', '"4444"'] },
  ],
});

test('invalid-principal: an IAM unique ID is a warning', () => {
  const [f] = findings(kp({ AWS: 'AROAEXAMPLEID1234567' }), {}, 'invalid-principal');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /unique ID/);
});

test('invalid-principal: a case-only rename of the type is safe', () => {
  const [f] = findings(kp({ service: 'ec2.amazonaws.com' }), {}, 'invalid-principal');
  assert.equal(f.fixes?.[0].safe, true);
  const [g] = findings(kp({ Services: 'ec2.amazonaws.com' }), {}, 'invalid-principal');
  assert.equal(g.fixes?.[0].safe, false);
});

test('invalid-principal: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('invalid-principal', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": , "Service": }, "Action": "kms:Decrypt", "Resource": "*"}]}', { kind: 'resource' }), []);
  assert.deepEqual(runCheckOnTree('invalid-principal', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": , "Action": "kms:Decrypt", "Resource": "*"}]}', { kind: 'resource' }), []);
});

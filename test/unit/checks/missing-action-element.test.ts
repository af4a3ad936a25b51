import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

checkCases('missing-action-element', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', NotAction: 'kms:Decrypt', Resource: '*' }),
    { name: 'a misspelt Action is unknown-element\'s', text: policy({ Effect: 'Allow', Actions: 'kms:Decrypt', Resource: '*' }) },
  ],
  invalid: [
    {
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Resource": "*"}]}',
      ranges: ['{'],
      message: ['Statement 1 has no Action', 'it denies'],
    },
    {
      name: 'a trust policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}]}',
      options: { kind: 'trust' },
      fix: { title: 'Add "Action": "sts:AssumeRole"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
    },
    {
      name: 'a SAML trust policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Corp"}, "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}',
      options: { kind: 'trust' },
      fix: { title: 'Add "Action": "sts:AssumeRoleWithSAML"' },
    },
    {
      name: 'an OIDC trust policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}}]}',
      options: { kind: 'trust' },
      fix: { title: 'Add "Action": "sts:AssumeRoleWithWebIdentity"' },
    },
  ],
});

test('missing-action-element: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('missing-action-element', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": , "Resource": "*"}]}'), []);
  assert.deepEqual(runCheckOnTree('missing-action-element', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": , "Resource": "*"}]}', { kind: 'trust' }).map((r) => r.fixes?.[0].title), ['Add "Action": "sts:AssumeRole"']);
});

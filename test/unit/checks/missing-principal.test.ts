import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
checkCases('missing-principal', {
  valid: [
    policy(root),
    { name: 'an identity policy', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) },
    { name: 'NotPrincipal counts', text: policy(root, { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) },
    { name: 'a misspelt Principal is unknown-element\'s', text: policy(root, { Effect: 'Allow', Principle: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrypt', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'a key policy statement',
      text: policy(root, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
      ranges: ['{'],
      message: ['Statement 2 has no Principal', 'key policy statement'],
    },
    {
      name: 'a trust policy statement',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}',
      options: { kind: 'trust' },
      message: ['who may assume the role'],
    },
  ],
});

test('missing-principal: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('missing-principal', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": , "Action": "kms:Decrypt", "Resource": "*"}]}', { kind: 'resource' }), []);
});

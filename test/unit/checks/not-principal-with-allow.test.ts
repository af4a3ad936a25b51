import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const account = { AWS: 'arn:aws:iam::111122223333:root' };
checkCases('not-principal-with-allow', {
  valid: [
    policy({ Effect: 'Allow', Principal: account, Action: 'kms:Decrypt', Resource: '*' }),
    { name: 'Deny with NotPrincipal is the recommended use', text: policy({ Effect: 'Allow', Principal: account, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', NotPrincipal: account, Action: 'kms:*', Resource: '*' }) },
  ],
  invalid: [
    {
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Intruder"}, "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"NotPrincipal"'],
      message: ['anonymous users', 'in "Principal" instead'],
    },
  ],
});

test('not-principal-with-allow: half-typed documents', () => {
  assert.equal(runCheckOnTree('not-principal-with-allow', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": , "Action": "kms:Decrypt"}]}', { kind: 'resource' }).length, 1);
  assert.deepEqual(runCheckOnTree('not-principal-with-allow', '{"Version": "2012-10-17", "Statement": [{"Effect": , "NotPrincipal": {"AWS": "*"}}]}', { kind: 'resource' }), []);
});

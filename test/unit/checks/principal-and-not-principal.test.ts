import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const account = { AWS: 'arn:aws:iam::111122223333:root' };
checkCases('principal-and-not-principal', {
  valid: [
    policy({ Effect: 'Allow', Principal: account, Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', NotPrincipal: account, Action: 'kms:Decrypt', Resource: '*' }),
    { name: 'an identity policy is misplaced-element\'s', text: policy({ Effect: 'Deny', Principal: '*', NotPrincipal: account, Action: 'kms:Decrypt', Resource: '*' }), options: { kind: 'identity' } },
  ],
  invalid: [
    {
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}',
      ranges: ['"NotPrincipal"'],
      message: ['both Principal and NotPrincipal'],
      fix: { title: 'Remove NotPrincipal', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}]}' },
    },
  ],
});

test('principal-and-not-principal: half-typed documents', () => {
  assert.equal(runCheckOnTree('principal-and-not-principal', '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotPrincipal": }]}', { kind: 'resource' }).length, 1);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

checkCases('not-action-with-allow', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', NotAction: 'kms:Decrypt', Resource: '*' }),
    { name: 'with Action too it is action-and-not-action\'s', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', NotAction: 'kms:Encrypt', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'the PowerUserAccess shape',
      text: policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }),
      ranges: ['"NotAction"'],
      message: ['every action that is not listed', 'in "Action" instead'],
    },
  ],
});

test('not-action-with-allow: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('not-action-with-allow', '{"Version": "2012-10-17", "Statement": [{"Effect": , "NotAction": "kms:Decrypt"}]}'), []);
});

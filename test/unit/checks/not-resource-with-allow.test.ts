import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
checkCases('not-resource-with-allow', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }),
    policy({ Effect: 'Deny', Action: 'kms:Decrypt', NotResource: key }),
    { name: 'with Resource too it is resource-and-not-resource\'s', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', NotResource: key }) },
  ],
  invalid: [
    {
      text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: key }),
      ranges: ['"NotResource"'],
      message: ['every resource that is not listed', 'in "Resource" instead'],
    },
  ],
});

test('not-resource-with-allow: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('not-resource-with-allow', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": , "NotResource": "*"}]}'), []);
});

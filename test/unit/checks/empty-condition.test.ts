import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const ok = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
checkCases('empty-condition', {
  valid: [
    policy(ok),
    policy({ ...ok, Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }),
    { name: 'a non-object Condition is invalid-value-type\'s', text: policy({ ...ok, Condition: [] }) },
  ],
  invalid: [
    {
      name: 'an empty Condition',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {}}]}',
      ranges: ['{}'],
      message: ['Condition of statement 1 is empty', 'restricts nothing'],
      fix: { title: 'Remove the empty Condition', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'the only operator block is empty',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {}}}]}',
      ranges: ['{}'],
      message: ['"StringEquals" block is empty'],
      fix: { title: 'Remove the empty Condition', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'one of two operator blocks is empty',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}, "Bool": {}}}]}',
      ranges: ['{}'],
      fix: { title: 'Remove the empty "Bool"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}]}' },
    },
  ],
});

test('empty-condition: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('empty-condition', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Condition": }]}'), []);
  assert.deepEqual(runCheckOnTree('empty-condition', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Condition": {"StringEquals": }}]}'), []);
});

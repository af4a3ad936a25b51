import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

checkCases('missing-effect', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    { name: 'a misspelt Effect is unknown-element\'s', text: policy({ effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) },
    { name: 'an invalid Effect is invalid-effect\'s', text: policy({ Effect: 'allow', Action: 'kms:Decrypt', Resource: '*' }) },
    { name: 'an empty statement is empty-statement\'s', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }, {}) },
  ],
  invalid: [
    {
      text: '{"Version": "2012-10-17", "Statement": [{"Sid": "Use", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['{'],
      message: ['Statement 1 has no Effect', '"Effect": "Allow" or "Effect": "Deny"'],
      fix: { title: 'Add "Effect": "Allow"', output: '{"Version": "2012-10-17", "Statement": [{"Sid": "Use", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'multi-line, no Sid',
      text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Action": "kms:Decrypt",\n      "Resource": "*"\n    }\n  ]\n}',
      ranges: ['{'],
      fix: { title: 'Add "Effect": "Deny"', output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Deny",\n      "Action": "kms:Decrypt",\n      "Resource": "*"\n    }\n  ]\n}' },
    },
    { name: 'the second statement', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }, { Action: 'kms:Encrypt', Resource: '*' }), message: ['Statement 2'] },
  ],
});

test('missing-effect: half-typed documents', () => {
  // "Effect" typed but no value yet: the element is there, nothing is missing.
  assert.deepEqual(runCheckOnTree('missing-effect', '{"Version": "2012-10-17", "Statement": [{"Effect": , "Action": "kms:Decrypt", "Resource": "*"}]}'), []);
  assert.deepEqual(runCheckOnTree('missing-effect', '{"Version": "2012-10-17", "Statement": [{"Effect"}]}'), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy } from '../../helpers';

const force = { force: true };
const doc = policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
checkCases('policy-not-object', {
  valid: [
    { text: doc, options: force },
    { name: 'an empty document is json-syntax\'s', text: '', options: force },
    { name: 'an object without Statement is missing-statement\'s', text: '{"Version": "2012-10-17"}', options: force },
  ],
  invalid: [
    {
      name: 'a policy inside an array',
      text: '[\n  {\n    "Version": "2012-10-17",\n    "Statement": []\n  }\n]',
      options: force,
      ranges: ['[\n  {\n    "Version": "2012-10-17",\n    "Statement": []\n  }\n]'],
      message: ['must be a JSON object', 'not an array', 'remove the brackets'],
      fix: { title: 'Remove the array around the policy', output: '{\n  "Version": "2012-10-17",\n  "Statement": []\n}' },
    },
    {
      name: 'a list of statements',
      text: '[\n  { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n]',
      options: force,
      message: ['list of statements'],
      fix: {
        title: 'Wrap the statements in a policy document',
        output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n  ]\n}',
      },
    },
    {
      name: 'a policy encoded as a string',
      text: JSON.stringify('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}'),
      options: force,
      message: ['not a string', 'decode it'],
      fix: { title: 'Decode the JSON string into the policy', output: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}' },
    },
    { name: 'a number', text: '42', options: force, ranges: ['42'], message: ['not a number'] },
    { name: 'null', text: ' null ', options: force, ranges: ['null'], message: ['not null'] },
    { name: 'an unrelated array', text: '[1, 2]', options: force, ranges: ['[1, 2]'] },
  ],
});

test('policy-not-object: only documents forced to be policies are checked', () => {
  assert.deepEqual(findings('[1, 2]'), []);
  assert.deepEqual(findings('"text"'), []);
});

test('policy-not-object: no other check runs on a non-object', () => {
  assert.deepEqual(findings('[{"Effect": "allow"}]', force).map((f) => f.code), ['policy-not-object']);
});

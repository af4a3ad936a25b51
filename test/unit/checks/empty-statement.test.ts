import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

const ok = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
checkCases('empty-statement', {
  valid: [policy(ok), JSON.stringify({ Version: '2012-10-17', Statement: ok })],
  invalid: [
    { name: 'empty array', text: '{"Version": "2012-10-17", "Statement": []}', ranges: ['[]'], message: ['at least one statement'] },
    { name: 'empty array with whitespace', text: '{"Version": "2012-10-17", "Statement": [\n]}', ranges: ['[\n]'] },
    {
      name: 'an empty statement next to others',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, {}]}',
      ranges: ['{}'],
      message: ['Statement 2 is empty', 'Effect, Action and Resource'],
      fix: { title: 'Remove the empty statement', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    { name: 'the only statement', text: '{"Version": "2012-10-17", "Statement": {}}', ranges: ['{}'] },
    {
      name: 'in a trust policy',
      text: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, {}),
      ranges: ['{}'],
      message: ['Effect, Principal and Action'],
    },
  ],
});

test('empty-statement: an empty statement is not also reported as missing its elements', () => {
  const codes = findings('{"Version": "2012-10-17", "Statement": [{}]}').map((f) => f.code);
  assert.deepEqual(codes.filter((c) => c.startsWith('missing-')), []);
});

test('empty-statement: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('empty-statement', '{"Version": "2012-10-17", "Statement": }'), []);
  assert.deepEqual(runCheckOnTree('empty-statement', '{"Version": "2012-10-17", "Statement": [{"Effect": }]}'), []);
});

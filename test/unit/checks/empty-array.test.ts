import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const ok = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
const cond = (operator: string) => policy({ ...ok, Condition: { [operator]: { 'kms:EncryptionContextKeys': [] } } });
checkCases('empty-array', {
  valid: [
    policy(ok),
    policy({ ...ok, Condition: { StringEquals: { 'kms:CallerAccount': ['111122223333'] } } }),
    { name: 'an empty Statement is empty-statement\'s', text: '{"Version": "2012-10-17", "Statement": []}' },
    { name: 'Resource in a trust policy is misplaced-element\'s', text: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: [] }) },
  ],
  invalid: [
    {
      name: 'no actions',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}, {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}',
      ranges: ['[]'],
      message: ['Action is empty', 'has no effect', 'it should allow'],
      fix: { title: 'Remove statement 1', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}' },
    },
    { name: 'no resources', text: policy({ Effect: 'Deny', Action: 'kms:*', Resource: [] }), ranges: ['[]'], message: ['names no resources', 'it should deny'] },
    { name: 'no NotAction', text: policy({ Effect: 'Deny', NotAction: [], Resource: '*' }), message: ['NotAction is empty'] },
    { name: 'an empty Principal', text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, { ...ok, Principal: {} }), ranges: ['{}'], message: ['Principal is empty'] },
    { name: 'an empty principal list', text: policy({ ...ok, Principal: { AWS: [] } }), ranges: ['[]'], message: ['Principal "AWS" is empty'] },
    { name: 'a condition key without values', text: cond('StringEquals'), ranges: ['[]'], message: ['never matches'] },
    { name: 'ForAnyValue', text: cond('ForAnyValue:StringEquals'), message: ['with ForAnyValue it never matches'] },
    { name: 'ForAllValues', text: cond('ForAllValues:StringEquals'), message: ['only when the request has no values', '"Null"'] },
    { name: 'IfExists', text: cond('StringEqualsIfExists'), message: ['only when the key is absent'] },
    { name: 'a negated operator', text: cond('StringNotEquals'), message: ['restricts nothing'] },
  ],
});

test('empty-array: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('empty-array', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": , "Resource": , "Principal": {"AWS": }, "Condition": {"StringEquals": {"kms:CallerAccount": }}}]}', { kind: 'resource' }), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
checkCases('resource-and-not-resource', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', Action: 'kms:Decrypt', NotResource: key }),
    { name: 'a trust policy is misplaced-element\'s', text: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*', NotResource: '*' }) },
  ],
  invalid: [
    {
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "NotResource": "${key}"}]}`,
      ranges: ['"NotResource"'],
      message: ['both Resource and NotResource'],
      fix: { title: 'Remove NotResource', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'keep NotResource',
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*", "NotResource": "${key}"}]}`,
      fix: { title: 'Remove Resource', output: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "kms:Decrypt", "NotResource": "${key}"}]}` },
    },
  ],
});

test('resource-and-not-resource: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('resource-and-not-resource', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": }]}'), []);
});

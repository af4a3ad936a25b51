import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
checkCases('missing-resource-element', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', Action: 'kms:Decrypt', NotResource: 'arn:aws:kms:us-east-1:111122223333:key/a' }),
    { name: 'a trust policy takes no Resource', text: trust },
    { name: 'a misspelt Resource is unknown-element\'s', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resources: '*' }) },
  ],
  invalid: [
    {
      name: 'an identity policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt"}]}',
      ranges: ['{'],
      message: ['Statement 1 has no Resource', 'ARNs'],
    },
    {
      name: 'a key policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Condition": {}}]}',
      ranges: ['{'],
      message: ['"*" means this KMS key'],
      fix: { title: 'Add "Resource": "*" (this key)', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*", "Condition": {}}]}' },
    },
  ],
});

test('missing-resource-element: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('missing-resource-element', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": }]}'), []);
});

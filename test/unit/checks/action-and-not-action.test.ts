import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

checkCases('action-and-not-action', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', NotAction: 'kms:Decrypt', Resource: '*' }),
  ],
  invalid: [
    {
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "NotAction": "kms:Encrypt", "Resource": "*"}]}',
      ranges: ['"NotAction"'],
      message: ['both Action and NotAction', 'Keep one'],
      fix: { title: 'Remove NotAction', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'NotAction first (an Allow only loses NotAction: losing Action would allow everything else)',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "kms:Encrypt", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"Action"'],
      fix: { title: 'Remove NotAction', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'a Deny may lose either',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "kms:Encrypt", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"Action"'],
      fix: { title: 'Remove Action', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "kms:Encrypt", "Resource": "*"}]}' },
    },
  ],
});

test('action-and-not-action: half-typed documents', () => {
  assert.equal(runCheckOnTree('action-and-not-action', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "NotAction": }]}').length, 1);
  assert.deepEqual(runCheckOnTree('action-and-not-action', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": }]}'), []);
});

test('action-and-not-action: no removal fix for a key that is repeated (duplicate-key comes first)', () => {
  const [f] = findings('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "a:b", "NotAction": "a:b", "Action": "c:d", "Resource": "*"}]}', {}, 'action-and-not-action');
  // Removing the Action would leave an Allow with NotAction; the repeated NotAction is duplicate-key's.
  assert.deepEqual(f.fixes?.map((x) => x.title) ?? [], []);
});

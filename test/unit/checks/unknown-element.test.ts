import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

const ok = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
checkCases('unknown-element', {
  valid: [
    policy(ok),
    { name: 'every element', text: JSON.stringify({ Version: '2012-10-17', Id: 'key-policy', Statement: [{ Sid: 'A', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, NotAction: 'kms:ScheduleKeyDeletion', NotResource: 'arn:aws:kms:us-east-1:111122223333:key/x', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }) },
    { name: 'a misplaced element is misplaced-element\'s', text: policy({ ...ok, Version: '2012-10-17' }) },
  ],
  invalid: [
    {
      name: 'lower-case key',
      text: '{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"effect"'],
      message: ['"effect" is not a policy element', 'case-sensitive', '"Effect"'],
      fix: { title: 'Rename to "Effect"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'plural',
      text: policy({ Effect: 'Allow', Actions: ['kms:Decrypt'], Resource: '*' }),
      ranges: ['"Actions"'],
      message: ['Did you mean "Action"?'],
      fix: { title: 'Rename to "Action"' },
    },
    {
      name: 'at the top level',
      text: '{"version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"version"'],
      fix: { title: 'Rename to "Version"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'no likely element',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Comment": "for the app"}]}',
      ranges: ['"Comment"'],
      message: ['A statement can contain only Sid, Effect'],
      fix: { title: 'Remove "Comment"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'a statement element misspelt at the top level',
      text: '{"Version": "2012-10-17", "Statement": [], "effect": "Allow"}',
      ranges: ['"effect"'],
      message: ['Did you mean "Effect"? It belongs inside a statement.'],
      fix: { title: 'Remove "effect"' },
    },
    {
      name: 'the right spelling is also present',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"effect"'],
      message: ['already has "Effect"'],
      fix: { title: 'Remove "effect"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'two in one statement',
      text: policy({ Effect: 'Allow', action: 'kms:Decrypt', resources: '*' }),
      count: 2,
      ranges: ['"action"', '"resources"'],
    },
  ],
});

test('unknown-element: only a case-only rename is safe', () => {
  const [caseOnly] = findings(policy({ Effect: 'Allow', action: 'kms:Decrypt', Resource: '*' }), {}, 'unknown-element');
  const [typo] = findings(policy({ Effect: 'Allow', Actions: 'kms:Decrypt', Resource: '*' }), {}, 'unknown-element');
  assert.equal(caseOnly.fixes?.find((f) => f.title === 'Rename to "Action"')?.safe, true);
  assert.equal(typo.fixes?.find((f) => f.title === 'Rename to "Action"')?.safe, false);
});

test('unknown-element: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('unknown-element', '{"Version": "2012-10-17", "Statement": [{"Effect": , "Action": }]}'), []);
  // A key being typed with no value yet is still reported, with the usual suggestion.
  const r = runCheckOnTree('unknown-element', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actio": }]}');
  assert.equal(r.length, 1);
  assert.match(r[0].message, /Did you mean "Action"\?/);
});

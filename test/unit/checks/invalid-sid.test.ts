import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';
import { applyEdits } from '../../../server/src/analysis/edits';

const stmt = (sid: string, action = 'kms:Decrypt') => ({ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' });
const keyStmt = (sid: string) => ({ Sid: sid, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' });
checkCases('invalid-sid', {
  valid: [
    policy(stmt('AllowDecrypt1')),
    { name: 'spaces in a key policy', text: policy(keyStmt('Enable IAM User Permissions')) },
    { name: 'no Sid', text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) },
    { name: 'a non-string Sid is invalid-value-type\'s', text: '{"Version": "2012-10-17", "Statement": [{"Sid": 1, "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
  ],
  invalid: [
    {
      name: 'hyphens in an identity policy',
      text: policy(stmt('allow-kms-decrypt')),
      ranges: ['"allow-kms-decrypt"'],
      message: ['contains "-"', 'IAM accepts only ASCII letters and digits'],
      fix: { title: 'Change Sid to "allowKmsDecrypt"', output: policy(stmt('allowKmsDecrypt')) },
    },
    {
      name: 'the KMS console Sid in an identity policy',
      text: policy(stmt('Enable IAM User Permissions')),
      message: ['contains space'],
      fix: { title: 'Change Sid to "EnableIAMUserPermissions"' },
    },
    {
      name: 'spaces in a trust policy',
      text: policy({ Sid: 'Trust EC2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      fix: { title: 'Change Sid to "TrustEC2"' },
    },
    {
      name: 'other characters in a key policy',
      text: policy(keyStmt('Allow use_of the key')),
      message: ['contains "_"', 'key policy Sids are letters, digits and spaces'],
      fix: { title: 'Change Sid to "Allow useOf the key"' },
    },
    {
      name: 'the cleaned Sid is taken',
      text: policy(stmt('ab'), stmt('a-b', 'kms:Encrypt')),
      ranges: ['"a-b"'],
      fix: { title: 'Change Sid to "aB"' },
    },
    {
      name: 'nothing left after cleaning',
      text: policy(stmt('---')),
      fix: { title: 'Change Sid to "Statement1"' },
    },
  ],
});

test('invalid-sid: fixes never produce duplicate Sids, even applied together', () => {
  const text = policy(stmt('a_b'), stmt('a-b', 'kms:Encrypt'), stmt('aB', 'kms:DescribeKey'), stmt('a b', 'kms:GenerateDataKey'));
  const got = findings(text, {}, 'invalid-sid');
  assert.equal(got.length, 3);
  assert.ok(got.every((f) => f.fixes?.[0].safe === true));
  const out = applyEdits(text, got.flatMap((f) => f.fixes![0].edits));
  const sids = (JSON.parse(out).Statement as Array<{ Sid: string }>).map((s) => s.Sid);
  assert.deepEqual(sids, ['aB2', 'aB3', 'aB', 'aB4']);
  assert.deepEqual(findings(out, {}, 'duplicate-sid'), []);
});

test('invalid-sid: key policies warn on characters KMS does not document, identity policies error', () => {
  assert.equal(findings(policy(keyStmt('a-b')), {}, 'invalid-sid')[0].severity, 'warning');
  assert.equal(findings(policy(stmt('a-b')), {}, 'invalid-sid')[0].severity, 'error');
});

test('invalid-sid: an empty Sid is information, removed by a safe fix', () => {
  const text = policy(stmt(''));
  const [f] = findings(text, {}, 'invalid-sid');
  assert.equal(f.severity, 'information');
  assert.equal(applyEdits(text, f.fixes![0].edits), policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }));
});

test('invalid-sid: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('invalid-sid', '{"Version": "2012-10-17", "Statement": [{"Sid": , "Effect": "Allow"}]}'), []);
});

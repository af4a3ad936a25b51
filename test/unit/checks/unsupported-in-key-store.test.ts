import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, run } from '../../helpers';
import { example } from './_role-fixtures';

const user = example('key-user');
const keyPolicy = example('key-policy');
/** The key policy with a statement granting kms:Sign to a principal no class is inferred for. */
const withOther = keyPolicy.replace(/\n  \]\n\}\s*$/, `,
    {
      "Sid": "Reports",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/Reports" },
      "Action": ["kms:Sign", "kms:DescribeKey"],
      "Resource": "*"
    }
  ]
}
`);
const known = { kind: 'resource' as const, keyStoreKey: 'custom_key_store_id' };

checkCases('unsupported-in-key-store', {
  valid: [
    user, keyPolicy, { name: 'a wildcard that also matches supported actions', text: user.replace('"kms:GenerateDataKey",', '"kms:GenerateDataKey*",') },
    { name: 'the key store key\'s own key policy, nothing unsupported in it', text: keyPolicy, options: known },
    { name: 'a principal of no class, when it is not known that the key is in a key store', text: withOther },
    { name: 'keyStoreKey says nothing about an identity policy', text: user.replace('"kms:DescribeKey"', '"kms:DescribeKey",\n        "kms:Sign"'), options: { kind: 'identity', keyStoreKey: 'custom_key_store_id', role: 'cluster-manager' } },
  ],
  invalid: [
    { name: 'Sign for a key user', text: user.replace('"kms:DescribeKey"', '"kms:DescribeKey",\n        "kms:Sign"'), ranges: ['"kms:Sign"'], actions: ['kms:Sign'], fix: { title: 'Remove kms:Sign', output: user } },
    { name: 'rotation for a key manager', text: example('key-manager').replace('"kms:UpdateKeyDescription"', '"kms:UpdateKeyDescription",\n        "kms:EnableKeyRotation"'), ranges: ['"kms:EnableKeyRotation"'], message: ['No automatic rotation'] },
    { name: 'a key known to be in a key store: any principal granted Sign', text: withOther, options: known, ranges: ['"kms:Sign"'], message: ['This key is in a CloudHSM key store (custom_key_store_id): kms:Sign has no effect on it.'], fix: { title: 'Remove kms:Sign' } },
    { name: 'a key known to be in a key store: rotation for its administrators', text: keyPolicy.replace('"kms:CancelKeyDeletion"', '"kms:CancelKeyDeletion",\n        "kms:EnableKeyRotation"'), options: known, ranges: ['"kms:EnableKeyRotation"'], message: ['(custom_key_store_id)', 'No automatic rotation'] },
  ],
});

test('unsupported-in-key-store: a warning when the key is known to be in a key store, information (a hedge) when it is not', () => {
  const text = keyPolicy.replace('"kms:DescribeKey"\n', '"kms:DescribeKey",\n        "kms:Sign"\n');
  const plain = findings(text, {}, 'unsupported-in-key-store');
  assert.deepEqual(plain.map((f) => [f.severity, f.message.startsWith('kms:Sign has no effect on keys in a CloudHSM key store')]), [['information', true]]);
  const certain = findings(text, known, 'unsupported-in-key-store');
  assert.deepEqual(certain.map((f) => [f.severity, f.message.startsWith('This key is in a CloudHSM key store (custom_key_store_id)')]), [['warning', true]]);
  assert.deepEqual(findings(text, { ...known, severity: { 'unsupported-in-key-store': 'hint' } }, 'unsupported-in-key-store').map((f) => f.severity), ['hint'], 'a severity setting still wins');
});

test('verdicts of a key known to be in a key store say so', () => {
  const r = run(keyPolicy, known);
  assert.ok(r.roles.length >= 2);
  for (const v of r.roles) {
    assert.equal(v.keyStoreKey, 'custom_key_store_id');
    assert.match(v.reason, /^Key policy of a key in a CloudHSM key store \(custom_key_store_id\)\. \S/);
  }
  assert.ok(run(keyPolicy).roles.every((v) => v.keyStoreKey === undefined && !v.reason.includes('custom_key_store_id')));
});

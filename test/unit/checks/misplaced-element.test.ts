import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

const trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
checkCases('misplaced-element', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy(trust),
    { name: 'a key policy with Principal and Resource', text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) },
    { name: 'without Statement, missing-statement reports top-level statement elements', text: '{"Version": "2012-10-17", "Effect": "Allow"}', options: { force: true } },
  ],
  invalid: [
    {
      name: 'Resource in a trust policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}',
      ranges: ['"Resource"'],
      message: ['A role trust policy cannot have Resource', 'Remove Resource'],
      fix: { title: 'Remove Resource', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
    },
    {
      name: 'Principal in an identity policy',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}',
      options: { kind: 'identity' },
      ranges: ['"Principal"'],
      message: ['An identity policy cannot have Principal'],
      fix: { title: 'Remove Principal', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'Version inside the statement',
      text: '{\n  "Statement": [\n    {\n      "Version": "2012-10-17",\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*"\n    }\n  ]\n}',
      ranges: ['"Version"'],
      message: ['Version belongs at the top level', 'Move it'],
      fix: { title: 'Move Version to the top of the policy', output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*"\n    }\n  ]\n}' },
    },
    {
      name: 'Version repeated inside the statement',
      text: '{"Version": "2012-10-17", "Statement": [{"Version": "2012-10-17", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}',
      message: ['already has the same value'],
      fix: { title: 'Remove Version', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'a nested Statement',
      text: '{"Version": "2012-10-17", "Statement": [{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}]}',
      ranges: ['"Statement"'],
      message: ['cannot be nested'],
    },
    {
      name: 'Condition at the top level next to Statement',
      text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*"\n    }\n  ],\n  "Condition": {\n    "Bool": {\n      "aws:SecureTransport": "true"\n    }\n  }\n}',
      ranges: ['"Condition"'],
      message: ['Condition is a statement element'],
      fix: {
        title: 'Move Condition into the statement',
        output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*",\n      "Condition": {\n        "Bool": {\n          "aws:SecureTransport": "true"\n        }\n      }\n    }\n  ]\n}',
      },
    },
    {
      name: 'two statements: only removal',
      text: '{"Version": "2012-10-17", "Effect": "Allow", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}',
      ranges: ['"Effect"'],
      fix: { title: 'Remove Effect', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}' },
    },
  ],
});

test('misplaced-element: removing Resource from a trust policy is safe; removing Principal from an identity policy is not', () => {
  const [r] = findings(policy({ ...trust, Resource: '*' }), {}, 'misplaced-element');
  assert.equal(r.fixes?.[0].safe, true);
  const [p] = findings(policy({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }), { kind: 'identity' }, 'misplaced-element');
  assert.ok(!p.fixes?.[0].safe);
});

test('misplaced-element: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('misplaced-element', '{"Statement": [{"Version": , "Effect": "Allow"}]}').map((r) => r.fixes?.map((f) => f.title)), [['Remove Version']]);
  assert.deepEqual(runCheckOnTree('misplaced-element', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}], "Action": }').map((r) => r.fixes?.map((f) => f.title)), [['Remove Action']]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

checkCases('duplicate-key', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' }, StringLike: { 'kms:CallerAccount': '1111*' } } }),
    { name: 'the same key in different objects', text: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}' },
    { name: 'element names differing in case are unknown-element\'s', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
  ],
  invalid: [
    {
      name: 'the same value twice',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Action": "kms:Decrypt"}]}',
      ranges: ['"Action"'],
      message: ['"Action" appears more than once', 'remove this one'],
      fix: { title: 'Remove the repeated "Action"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'two action lists',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt"], "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}]}',
      ranges: ['"Action"'],
      message: ['Merge the values'],
      fix: { title: 'Merge into the first "Action"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}]}' },
    },
    {
      name: 'keep the first',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Action": "kms:Encrypt", "Resource": "*"}]}',
      fix: { title: 'Remove this "Action"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    {
      name: 'keep the second',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Action": "kms:Encrypt", "Resource": "*"}]}',
      fix: { title: 'Remove the first "Action"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}' },
    },
    {
      name: 'two blocks of one condition operator',
      text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "kms:CallerAccount": "111122223333"\n        },\n        "StringEquals": {\n          "kms:ViaService": "s3.us-east-1.amazonaws.com"\n        }\n      }\n    }\n  ]\n}',
      ranges: ['"StringEquals"'],
      fix: {
        title: 'Merge into the first "StringEquals"',
        output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "kms:CallerAccount": "111122223333",\n          "kms:ViaService": "s3.us-east-1.amazonaws.com"\n        }\n      }\n    }\n  ]\n}',
      },
    },
    {
      name: 'condition keys differing only in case',
      text: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:calleraccount': '444455556666' } } }),
      ranges: ['"kms:calleraccount"'],
      message: ['repeats "kms:CallerAccount"', 'not case-sensitive'],
      fix: { title: 'Merge into the first "kms:CallerAccount"' },
    },
    {
      name: 'two Statement arrays',
      text: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}], "Statement": [{"Sid": "B", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}',
      ranges: ['"Statement"'],
      fix: { title: 'Merge into the first "Statement"', output: '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}' },
    },
    {
      name: 'a principal type twice',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root", "AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['"AWS"'],
      fix: { title: 'Merge into the first "AWS"', output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": [\n  "arn:aws:iam::111122223333:root",\n  "arn:aws:iam::444455556666:root"\n]}, "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    { name: 'three times', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Allow", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}]}', count: 2, ranges: ['"Effect"', '"Effect"'] },
  ],
});

test('duplicate-key: only removing an identical duplicate is safe', () => {
  const [same] = findings('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["a:B", "c:D"], "Action": ["c:D", "a:B"], "Resource": "*"}]}', {}, 'duplicate-key');
  assert.deepEqual(same.fixes?.map((f) => [f.title, f.safe]), [['Remove the repeated "Action"', true]]);
  const [different] = findings('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:B", "Action": "c:D", "Resource": "*"}]}', {}, 'duplicate-key');
  assert.ok(different.fixes?.every((f) => !f.safe));
});

test('duplicate-key: blocks sharing a key are not merged', () => {
  const [f] = findings(policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }).replace('"Resource": "*"', '"Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "1"}, "StringEquals": {"kms:calleraccount": "2"}}'), {}, 'duplicate-key');
  assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove this "StringEquals"', 'Remove the first "StringEquals"']);
});

test('duplicate-key: half-typed documents', () => {
  const r = runCheckOnTree('duplicate-key', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Action": }]}');
  assert.equal(r.length, 1);
  assert.deepEqual(r[0].fixes?.map((f) => f.title), ['Remove this "Action"', 'Remove the first "Action"']);
});

/**
 * The Terraform writers: each structural edit is applied to the host text, the result is read again,
 * and its projection must be the old projection changed exactly as intended (every other policy of
 * the file unchanged); the written HCL keeps the author's style.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readTerraform } from '../../server/src/analysis/host/terraform/reader';
import type { EmbeddedPolicy, HostArray, HostObject, HostValue, StructuralEdit } from '../../server/src/analysis/host/types';
import { ROOT } from '../helpers';
import { applyEdits, plain, terraformParser } from '../terraform';

/** The changed region of the last edit ± some context, for failure messages. */
let lastBase = '';
function changed(out: string): string {
  let a = 0;
  while (a < out.length && out[a] === lastBase[a]) a++;
  let b = 0;
  while (b < out.length - a && out[out.length - 1 - b] === lastBase[lastBase.length - 1 - b]) b++;
  return out.slice(Math.max(0, a - 150), out.length - b + 150);
}

const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/terraform', name), 'utf8');

type Json = Record<string, any>;
const obj = (v: HostValue): HostObject => { assert.equal(v.type, 'object'); return v as HostObject; };
const arr = (v: HostValue): HostArray => { assert.equal(v.type, 'array'); return v as HostArray; };
const prop = (v: HostValue, key: string) => { const p = obj(v).props.find((x) => x.key === key); assert.ok(p, `no ${key}`); return p; };
const statement = (policy: EmbeddedPolicy, i: number) => obj(arr(prop(policy.value, 'Statement').value).items[i]);

/** Applies the writer's edits for `changes` to `locator`'s policy; checks the re-read projection is `expected(old)`. */
async function roundTrip(text: string, locator: string, changes: (p: EmbeddedPolicy) => StructuralEdit[], expected: (json: Json) => void): Promise<string> {
  const parser = await terraformParser();
  const before = readTerraform(parser, text);
  const policy = before.policies.find((p) => p.locator === locator);
  assert.ok(policy?.writer, `${locator} has a writer`);
  const edits = policy.writer.write(text, changes(policy));
  assert.ok(edits, 'the writer can express the change');
  const out = applyEdits(text, edits);
  lastBase = text;
  const after = readTerraform(parser, out);
  assert.deepEqual(after.policies.map((p) => p.locator), before.policies.map((p) => p.locator), 'the same policies');
  for (const [i, p] of after.policies.entries()) {
    const want = plain(before.policies[i].value) as Json;
    if (p.locator === locator) expected(want);
    assert.deepEqual(plain(p.value), want, `${p.locator} after the edit:\n${changed(out)}`);
  }
  return out;
}

test('hcl-object: replace a string, remove and insert list items (middle, last, only, empty, inline, trailing comma)', async () => {
  const text = fixture('keystore-jsonencode.tf');
  const loc = 'aws_iam_policy.key_store_admin';
  // replace an action
  await roundTrip(text, loc, (p) => [{ op: 'replace', target: arr(prop(statement(p, 0), 'Action').value).items[1], value: 'kms:ConnectCustomKeyStore*' }],
    (j) => { j.Statement[0].Action[1] = 'kms:ConnectCustomKeyStore*'; });
  // remove the middle, the last (a trailing comma follows it), every item
  let out = await roundTrip(text, loc, (p) => [{ op: 'remove-item', array: arr(prop(statement(p, 0), 'Action').value), index: 1 }],
    (j) => { j.Statement[0].Action.splice(1, 1); });
  assert.ok(out.includes('"kms:CreateCustomKeyStore",\n          "kms:DescribeCustomKeyStores",'), changed(out));
  out = await roundTrip(text, loc, (p) => [{ op: 'remove-item', array: arr(prop(statement(p, 0), 'Action').value), index: 3 }],
    (j) => { j.Statement[0].Action.splice(3, 1); });
  assert.ok(out.includes('"kms:DescribeCustomKeyStores",\n        ]'), changed(out));
  // insert in the middle, append after a trailing comma, into an inline list
  out = await roundTrip(text, loc, (p) => [{ op: 'insert-items', array: arr(prop(statement(p, 1), 'Action').value), index: 3, values: ['kms:DescribeCustomKeyStores'] }],
    (j) => { j.Statement[1].Action.push('kms:DescribeCustomKeyStores'); });
  assert.ok(out.includes('"kms:DeleteCustomKeyStore",\n          "kms:DescribeCustomKeyStores",\n        ]'), changed(out));
  out = await roundTrip(text, 'aws_iam_policy.cluster_admin', (p) => [
    { op: 'insert-items', array: arr(prop(statement(p, 0), 'Action').value), index: 0, values: ['cloudhsm:ListTags'] },
    { op: 'insert-items', array: arr(prop(statement(p, 1), 'Action').value), index: 2, values: ['cloudhsm:DescribeBackups'] },
  ], (j) => { j.Statement[0].Action.unshift('cloudhsm:ListTags'); j.Statement[1].Action.push('cloudhsm:DescribeBackups'); });
  assert.ok(out.includes('"Action": ["cloudhsm:ListTags", "cloudhsm:CreateCluster", "cloudhsm:DescribeClusters"],'), changed(out));
  // an empty list, and a list emptied
  const small = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Action = [], Resource = ["*"] }]\n  })\n}\n';
  out = await roundTrip(small, 'aws_iam_policy.p', (p) => [
    { op: 'insert-items', array: arr(prop(statement(p, 0), 'Action').value), index: 0, values: ['s3:GetObject', 's3:PutObject'] },
    { op: 'remove-item', array: arr(prop(statement(p, 0), 'Resource').value), index: 0 },
  ], (j) => { j.Statement[0].Action = ['s3:GetObject', 's3:PutObject']; j.Statement[0].Resource = []; });
  assert.ok(out.includes('Action = ["s3:GetObject", "s3:PutObject"], Resource = []'), changed(out));
});

test('hcl-object: insert and remove properties in the author\'s style ("=" bare keys, ":" quoted keys, commas)', async () => {
  const text = fixture('keystore-jsonencode.tf');
  // "=" with bare keys, one per line, no commas
  let out = await roundTrip(text, 'aws_iam_policy.key_store_admin', (p) => [
    { op: 'insert-prop', object: statement(p, 0), index: statement(p, 0).props.length, key: 'Condition', value: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
  ], (j) => { j.Statement[0].Condition = { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }; });
  assert.ok(out.includes('        Resource = "*"\n        Condition = {\n          StringEquals = {\n            "aws:RequestedRegion" = "us-east-1"\n          }\n        }\n      },'), changed(out));
  // ":" with quoted keys and commas
  out = await roundTrip(text, 'aws_iam_policy.cluster_admin', (p) => [
    { op: 'insert-prop', object: statement(p, 0), index: 2, key: 'NotAction', value: 'cloudhsm:DeleteCluster' },
  ], (j) => {
    const s = j.Statement[0];
    j.Statement[0] = { Sid: s.Sid, Effect: s.Effect, NotAction: 'cloudhsm:DeleteCluster', Action: s.Action, Resource: s.Resource };
  });
  assert.ok(out.includes('"Effect": "Allow",\n        "NotAction": "cloudhsm:DeleteCluster",\n        "Action"'), changed(out));
  // remove a property: the last one, a middle one
  await roundTrip(text, 'aws_iam_policy.key_store_admin', (p) => [{ op: 'remove-prop', object: statement(p, 1), prop: prop(statement(p, 1), 'Condition') }],
    (j) => { delete j.Statement[1].Condition; });
  out = await roundTrip(text, 'aws_iam_policy.cluster_admin', (p) => [{ op: 'remove-prop', object: statement(p, 0), prop: prop(statement(p, 0), 'Sid') }],
    (j) => { delete j.Statement[0].Sid; });
  assert.ok(out.includes('{\n        "Effect": "Allow",\n        "Action": ["cloudhsm:CreateCluster"'), changed(out));
  // a whole statement appended to a list of objects
  out = await roundTrip(text, 'aws_iam_policy.key_store_admin', (p) => [
    { op: 'insert-items', array: arr(prop(p.value, 'Statement').value), index: 3, values: [{ Sid: 'Tags', Effect: 'Allow', Action: ['kms:ListResourceTags'], Resource: '*' }] },
  ], (j) => { j.Statement.push({ Sid: 'Tags', Effect: 'Allow', Action: ['kms:ListResourceTags'], Resource: '*' }); });
  assert.ok(out.includes('      {\n        Sid = "Tags"\n        Effect = "Allow"\n        Action = ["kms:ListResourceTags"]\n        Resource = "*"\n      },\n    ]'), changed(out));
  // strings that would interpolate are escaped
  await roundTrip(text, 'aws_iam_policy.key_store_admin', (p) => [{ op: 'replace', target: prop(statement(p, 0), 'Resource').value, value: 'arn:aws:s3:::b/${aws:username}/%{x}"\\' }],
    (j) => { j.Statement[0].Resource = 'arn:aws:s3:::b/${aws:username}/%{x}"\\'; });
});

test('hcl-policy-document: list items, a default effect, new statements and condition blocks, removals', async () => {
  const text = fixture('keystore-policy-document.tf');
  const loc = 'data.aws_iam_policy_document.key_store_admin';
  await roundTrip(text, loc, (p) => [{ op: 'remove-item', array: arr(prop(statement(p, 0), 'Action').value), index: 3 }],
    (j) => { j.Statement[0].Action.splice(3, 1); });
  await roundTrip(text, loc, (p) => [{ op: 'insert-items', array: arr(prop(statement(p, 1), 'Action').value), index: 3, values: ['kms:DescribeCustomKeyStores'] }],
    (j) => { j.Statement[1].Action.push('kms:DescribeCustomKeyStores'); });
  // Action given as a single string is still an HCL list
  let out = await roundTrip(text, loc, (p) => [{ op: 'replace', target: prop(statement(p, 2), 'Action').value, value: 'iam:CreateServiceLinkedRole' }],
    (j) => { j.Statement[2].Action = ['iam:CreateServiceLinkedRole']; });
  // the default effect is written as an attribute
  out = await roundTrip(text, loc, (p) => [{ op: 'replace', target: prop(statement(p, 0), 'Effect').value, value: 'Deny' }],
    (j) => { j.Statement[0].Effect = 'Deny'; });
  assert.ok(out.includes('    resources = ["*"]\n    effect = "Deny"\n  }'), changed(out));
  // an added Condition is a condition block
  out = await roundTrip(text, loc, (p) => [{ op: 'insert-prop', object: statement(p, 0), index: 4, key: 'Condition', value: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }],
    (j) => { j.Statement[0].Condition = { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } }; });
  assert.ok(out.includes('    resources = ["*"]\n    condition {\n      test     = "StringEquals"\n      variable = "aws:RequestedRegion"\n      values   = ["us-east-1"]\n    }\n  }'), changed(out));
  // a second variable of an existing test, and a new test, in existing conditions
  await roundTrip(text, loc, (p) => [{ op: 'insert-prop', object: obj(prop(prop(statement(p, 2), 'Condition').value, 'StringEquals').value), index: 1, key: 'aws:RequestedRegion', value: 'us-east-1' }],
    (j) => { j.Statement[2].Condition.StringEquals['aws:RequestedRegion'] = ['us-east-1']; });
  await roundTrip(text, loc, (p) => [{ op: 'insert-prop', object: obj(prop(statement(p, 2), 'Condition').value), index: 1, key: 'Bool', value: { 'aws:MultiFactorAuthPresent': true } }],
    (j) => { j.Statement[2].Condition.Bool = { 'aws:MultiFactorAuthPresent': ['true'] }; });
  // a new statement is a statement block; removing one removes its block
  out = await roundTrip(text, loc, (p) => [{ op: 'insert-items', array: arr(prop(p.value, 'Statement').value), index: 3, values: [{ Sid: 'Tags', Effect: 'Allow', Action: 'kms:ListResourceTags', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }],
    (j) => { j.Statement.push({ Sid: 'Tags', Effect: 'Allow', Action: ['kms:ListResourceTags'], Resource: ['*'], Condition: { Bool: { 'aws:SecureTransport': ['true'] } } }); });
  assert.ok(out.includes('\n\n  statement {\n    sid = "Tags"\n    effect = "Allow"\n    actions = ["kms:ListResourceTags"]\n    resources = ["*"]\n    condition {\n'), changed(out));
  await roundTrip(text, loc, (p) => [{ op: 'remove-item', array: arr(prop(p.value, 'Statement').value), index: 1 }],
    (j) => { j.Statement.splice(1, 1); });
  await roundTrip(text, loc, (p) => [{ op: 'remove-prop', object: statement(p, 1), prop: prop(statement(p, 1), 'Condition') }],
    (j) => { delete j.Statement[1].Condition; });
  await roundTrip(text, loc, (p) => [{ op: 'remove-prop', object: statement(p, 1), prop: prop(statement(p, 1), 'Sid') }],
    (j) => { delete j.Statement[1].Sid; });
  // principals: a new statement with a principal, in a key policy
  await roundTrip(text, 'data.aws_iam_policy_document.key_policy', (p) => [{ op: 'insert-items', array: arr(prop(p.value, 'Statement').value), index: 4, values: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }],
    (j) => { j.Statement.push({ Effect: 'Deny', Principal: '*', Action: ['kms:*'], Resource: ['*'], Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }); });
});

test('writers decline what they cannot express', async () => {
  const text = fixture('keystore-policy-document.tf');
  const r = readTerraform(await terraformParser(), text);
  const p = r.policies.find((x) => x.locator === 'data.aws_iam_policy_document.key_store_admin')!;
  // removing a default Effect, an unknown element, a statement element that is not a policy document attribute
  assert.equal(p.writer!.write(text, [{ op: 'remove-prop', object: statement(p, 0), prop: prop(statement(p, 0), 'Effect') }]), undefined);
  assert.equal(p.writer!.write(text, [{ op: 'insert-prop', object: statement(p, 0), index: 0, key: 'Foo', value: 'x' }]), undefined);
  assert.equal(p.writer!.write(text, [{ op: 'insert-prop', object: statement(p, 0), index: 0, key: 'Action', value: { a: 1 } }]), undefined);
});

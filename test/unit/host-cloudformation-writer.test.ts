/**
 * The 'yaml' writer: every structural edit applied to a template, the template read again, and the
 * policy compared with the intended one; the author's indentation and quoting kept; computed values
 * (intrinsics, aliases, Fn::If branches, SAM templates) never rewritten.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/analysis/edits';
import { readCloudFormation, yamlWriter } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import type { EmbeddedPolicy, HostArray, HostObject, HostValue, StructuralEdit } from '../../server/src/analysis/host/types';
import { ROOT } from '../helpers';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cloudformation');
const fixture = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

function policy(text: string, locator: string, variant?: string): EmbeddedPolicy {
  const p = readCloudFormation(text).policies.find((q) => q.locator === locator && (variant === undefined || q.variant === variant));
  assert.ok(p, `no ${locator}`);
  return p;
}
const obj = (v: HostValue) => { assert.equal(v.type, 'object'); return v as HostObject; };
const arr = (v: HostValue) => { assert.equal(v.type, 'array'); return v as HostArray; };
const get = (v: HostValue, key: string) => obj(v).props.find((p) => p.key === key)!.value;
const statement = (p: EmbeddedPolicy, i: number) => obj(arr(get(p.value, 'Statement')).items[i]);

/**
 * Applies the changes `make` builds on the policy at `locator`, reads the template again, and checks
 * that the policy is now `expected` and every other policy of the template is unchanged. Returns the new text.
 */
function applyAndReread(text: string, locator: string, make: (p: EmbeddedPolicy) => StructuralEdit[], expected: (before: unknown) => unknown): string {
  const p = policy(text, locator);
  const edits = yamlWriter.write(text, make(p));
  assert.ok(edits, 'the writer expresses the change');
  const out = applyEdits(text, edits);
  const before = readCloudFormation(text).policies;
  const after = readCloudFormation(out);
  assert.deepEqual(after.problems, [], out);
  assert.equal(after.policies.length, before.length, out);
  for (let i = 0; i < before.length; i++) {
    const want = before[i].locator === locator ? expected(plain(before[i].value)) : plain(before[i].value);
    assert.deepEqual(plain(after.policies[i].value), want, `${before[i].locator}\n${out}`);
  }
  return out;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
type Doc = { Statement: Array<Record<string, unknown>> } & Record<string, unknown>;

const KS = fixture('key-store-automation.yaml');
const KS_POLICY = 'Resources.KeyStoreLambdaRole.Policies[0]';

test('block sequence: remove an item, insert items before, append; indentation kept', () => {
  const out1 = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'remove-item', array: arr(get(statement(p, 0), 'Action')), index: 1 }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).splice(1, 1); return d;
  });
  assert.ok(!out1.includes('kms:ConnectCustomKeyStore'));
  assert.ok(out1.includes('                  - kms:CreateCustomKeyStore\n                  - kms:DescribeCustomKeyStores\n'));
  const out2 = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'insert-items', array: arr(get(statement(p, 0), 'Action')), index: 0, values: ['kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore'] }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).unshift('kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore'); return d;
  });
  assert.ok(out2.includes('                Action:\n                  - kms:DisconnectCustomKeyStore\n                  - kms:UpdateCustomKeyStore\n                  - kms:CreateCustomKeyStore\n'));
  applyAndReread(KS, KS_POLICY, (p) => { const a = arr(get(statement(p, 0), 'Action')); return [{ op: 'insert-items', array: a, index: a.items.length, values: ['kms:DeleteCustomKeyStore'] }]; }, (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).push('kms:DeleteCustomKeyStore'); return d;
  });
});

test('flow sequence: remove the first, a middle and the last item; insert and append', () => {
  const loc = 'Resources.ClusterLambdaRole.Policies[1]';
  const action = (p: EmbeddedPolicy) => arr(get(statement(p, 0), 'Action'));
  for (const index of [0, 1, 2]) {
    const out = applyAndReread(KS, loc, (p) => [{ op: 'remove-item', array: action(p), index }], (b) => {
      const d = clone(b) as Doc; (d.Statement[0].Action as string[]).splice(index, 1); return d;
    });
    assert.match(out, /Action: \[[a-z:A-Z]+, [a-z:A-Z]+\]\n/);
  }
  const out = applyAndReread(KS, loc, (p) => [{ op: 'insert-items', array: action(p), index: 1, values: ['logs:DescribeLogGroups'] }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).splice(1, 0, 'logs:DescribeLogGroups'); return d;
  });
  assert.ok(out.includes('Action: [logs:CreateLogGroup, logs:DescribeLogGroups, logs:CreateLogStream, logs:PutLogEvents]'));
  applyAndReread(KS, loc, (p) => [{ op: 'insert-items', array: action(p), index: 3, values: ['logs:DescribeLogStreams'] }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).push('logs:DescribeLogStreams'); return d;
  });
});

test('replace a scalar keeping its quotes: plain, single, double; a value that needs quotes gets them', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource: 'arn:aws:kms:us-east-1:111122223333:key/abc'
            Sid: "Old"
`;
  const loc = 'Resources.P.PolicyDocument';
  const out = applyAndReread(text, loc, (p) => [
    { op: 'replace', target: get(statement(p, 0), 'Action'), value: 'kms:Encrypt' },
    { op: 'replace', target: get(statement(p, 0), 'Resource'), value: "arn:aws:kms:*:111122223333:key/it's" },
    { op: 'replace', target: get(statement(p, 0), 'Sid'), value: 'New "one"' },
  ], (b) => {
    const d = clone(b) as Doc; Object.assign(d.Statement[0], { Action: 'kms:Encrypt', Resource: "arn:aws:kms:*:111122223333:key/it's", Sid: 'New "one"' }); return d;
  });
  assert.ok(out.includes("            Action: kms:Encrypt\n            Resource: 'arn:aws:kms:*:111122223333:key/it''s'\n            Sid: \"New \\\"one\\\"\"\n"), out);
  const star = applyAndReread(text, loc, (p) => [{ op: 'replace', target: get(statement(p, 0), 'Action'), value: '*' }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Action = '*'; return d;
  });
  assert.ok(star.includes("Action: '*'"), 'a plain * would be an alias');
  applyAndReread(text, loc, (p) => [{ op: 'replace', target: get(statement(p, 0), 'Action'), value: ['kms:Encrypt', 'kms:Decrypt'] }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Action = ['kms:Encrypt', 'kms:Decrypt']; return d;
  });
  applyAndReread(text, loc, (p) => [{ op: 'replace', target: get(p.value, 'Version'), value: 'yes' }], (b) => ({ ...(b as Doc), Version: 'yes' }));
});

test('replace a block sequence and a block mapping with block values at their indentation', () => {
  const out = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'replace', target: get(statement(p, 0), 'Action'), value: ['kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters'] }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Action = ['kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters']; return d;
  });
  assert.ok(out.includes('                Action:\n                  - kms:DescribeCustomKeyStores\n                  - cloudhsm:DescribeClusters\n                Resource: "*"\n'), out);
  applyAndReread(KS, 'Resources.KeyStoreSlrPolicy.PolicyDocument', (p) => [{ op: 'replace', target: get(statement(p, 0), 'Condition'), value: { StringEquals: { 'iam:AWSServiceName': ['cks.kms.amazonaws.com'] }, Bool: { 'aws:SecureTransport': 'true' } } }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Condition = { StringEquals: { 'iam:AWSServiceName': ['cks.kms.amazonaws.com'] }, Bool: { 'aws:SecureTransport': 'true' } }; return d;
  });
});

test('insert a mapping key (block, after the first key of a `- ` item, flow) and remove one', () => {
  applyAndReread(KS, KS_POLICY, (p) => [{ op: 'insert-prop', object: statement(p, 0), index: 4, key: 'Condition', value: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }; return d;
  });
  const first = applyAndReread(KS, KS_POLICY, (p) => [
    { op: 'insert-prop', object: statement(p, 0), index: 0, key: 'NotResource', value: 'arn:aws:kms:*:*:key/x' },
    { op: 'insert-prop', object: statement(p, 0), index: 0, key: 'NotAction', value: [] },
  ], (b) => {
    const d = clone(b) as Doc; Object.assign(d.Statement[0], { NotResource: 'arn:aws:kms:*:*:key/x', NotAction: [] }); return d;
  });
  assert.ok(first.includes('              - Sid: CreateConnectAndDescribeKeyStores\n                NotResource: arn:aws:kms:*:*:key/x\n                NotAction: []\n                Effect: Allow\n'), first);
  applyAndReread(KS, 'Resources.KeyStoreLambdaRole.AssumeRolePolicyDocument', (p) => [{ op: 'insert-prop', object: obj(get(statement(p, 0), 'Principal')), index: 1, key: 'AWS', value: 'arn:aws:iam::111122223333:root' }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Principal as Record<string, unknown>).AWS = 'arn:aws:iam::111122223333:root'; return d;
  });
  const removedSid = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'remove-prop', object: statement(p, 0), prop: statement(p, 0).props[0] }], (b) => {
    const d = clone(b) as Doc; delete d.Statement[0].Sid; return d;
  });
  assert.ok(removedSid.includes('            Statement:\n              - Effect: Allow\n                Action:\n'), 'the next key moves onto the dash line');
  applyAndReread(KS, KS_POLICY, (p) => [{ op: 'remove-prop', object: statement(p, 0), prop: statement(p, 0).props[3] }], (b) => {
    const d = clone(b) as Doc; delete d.Statement[0].Resource; return d;
  });
  applyAndReread(KS, 'Resources.KeyStoreLambdaRole.AssumeRolePolicyDocument', (p) => [{ op: 'remove-prop', object: obj(get(statement(p, 0), 'Principal')), prop: obj(get(statement(p, 0), 'Principal')).props[0] }], (b) => {
    const d = clone(b) as Doc; d.Statement[0].Principal = {}; return d;
  });
});

test('a new statement is a block mapping at the right indent; removing a statement removes its lines', () => {
  const stmt = { Sid: 'DisconnectWithMfa', Effect: 'Allow', Action: ['kms:DisconnectCustomKeyStore', 'kms:DeleteCustomKeyStore'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
  const out = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'insert-items', array: arr(get(p.value, 'Statement')), index: 1, values: [stmt] }], (b) => {
    const d = clone(b) as Doc; d.Statement.push(stmt); return d;
  });
  assert.ok(out.includes(`                Resource: "*"
              - Sid: DisconnectWithMfa
                Effect: Allow
                Action:
                  - kms:DisconnectCustomKeyStore
                  - kms:DeleteCustomKeyStore
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'
`), out);
  const removed = applyAndReread(KS, 'Resources.ClusterLambdaRole.Policies[0]', (p) => [{ op: 'remove-item', array: arr(get(p.value, 'Statement')), index: 1 }], (b) => {
    const d = clone(b) as Doc; d.Statement.splice(1, 1); return d;
  });
  assert.ok(!removed.includes('ClusterNetwork') && !removed.includes('ec2:'));
  const only = applyAndReread(KS, KS_POLICY, (p) => [{ op: 'remove-item', array: arr(get(p.value, 'Statement')), index: 0 }], (b) => ({ ...(b as Doc), Statement: [] }));
  assert.ok(only.includes('            Statement:\n              []\n'), only);
});

test('several edits at once (the shape of a class fix): remove two actions, add a statement', () => {
  applyAndReread(KS, 'Resources.ClusterLambdaRole.Policies[0]', (p) => {
    const actions = arr(get(statement(p, 1), 'Action'));
    return [
      { op: 'remove-item', array: actions, index: 4 },
      { op: 'remove-item', array: actions, index: 8 },
      { op: 'insert-items', array: arr(get(p.value, 'Statement')), index: 2, values: [{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM' }] },
    ];
  }, (b) => {
    const d = clone(b) as Doc;
    const a = d.Statement[1].Action as string[];
    a.splice(8, 1); a.splice(4, 1);
    d.Statement.push({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM' });
    return d;
  });
});

test('computed values are not rewritten: !Sub, an alias, a Fn::If branch, a SAM policy template', () => {
  const logs = policy(KS, 'Resources.ClusterLambdaRole.Policies[1]');
  assert.equal(yamlWriter.write(KS, [{ op: 'replace', target: get(statement(logs, 0), 'Resource'), value: '*' }]), undefined);
  const ifp = policy(fixture('if-policy.yaml'), 'Resources.AppRole.Policies[0]', 'IsProduction=false, HasKey=false');
  assert.equal(yamlWriter.write(fixture('if-policy.yaml'), [{ op: 'remove-item', array: arr(get(statement(ifp, 0), 'Action')), index: 1 }]), undefined, 'kms:Encrypt is a branch of !If');
  assert.equal(yamlWriter.write(fixture('if-policy.yaml'), [{ op: 'replace', target: get(statement(ifp, 0), 'Resource'), value: '*' }]), undefined);
  // Removing the item that is not conditional keeps the !If item in place.
  applyAndReread(fixture('if-policy.yaml').replace('Action:\n                  - kms:Decrypt\n', 'Action:\n                  - kms:Decrypt\n                  - kms:ReEncryptFrom\n'), 'Resources.AppRole.Policies[0]', (p) => [{ op: 'remove-item', array: arr(get(statement(p, 0), 'Action')), index: 1 }], (b) => {
    const d = clone(b) as Doc; (d.Statement[0].Action as string[]).splice(1, 1); return d;
  });
  const aliased = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: &a [kms:Decrypt]
            Resource: '*'
          - Effect: Deny
            Action: *a
            Resource: '*'
`;
  const ap = policy(aliased, 'Resources.P.PolicyDocument');
  assert.equal(yamlWriter.write(aliased, [{ op: 'insert-items', array: arr(get(statement(ap, 1), 'Action')), index: 0, values: ['kms:Encrypt'] }]), undefined);
  const sam = readCloudFormation(fixture('sam-decrypt.yaml')).policies.find((p) => p.locator === 'Resources.DecryptFunction.Policies[1]')!;
  assert.equal(sam.writer, undefined, 'an expanded SAM policy template has no writer');
});

test('JSON templates have no YAML writer (the json writer of the host layer writes them)', () => {
  for (const p of readCloudFormation(fixture('key-store-automation.json')).policies) assert.equal(p.writer, undefined);
});

/**
 * The incremental re-read of an open YAML template (server/src/analysis/host/cloudformation/document.ts):
 * after any edit, what the document reads is exactly what a full read of the new text gives
 * (policies, values, every range, problems, and the findings with their fixes), whether the edit
 * fell inside one resource (re-parsed alone), across resources, at top level, or broke the YAML.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/analysis';
import { HostAnalyzer, type HostReader } from '../../server/src/analysis/host';
import { CloudFormationDocument } from '../../server/src/analysis/host/cloudformation';
import { SAM_TEMPLATES } from '../../server/src/policyData';
import { readCloudFormation } from '../cloudformation';
import { prng } from '../fuzz/arbitraries';
import { getCatalog, getData, ROOT } from '../helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cloudFormationTemplate } = require('../../bench/hosts.js') as { cloudFormationTemplate: (lines?: number, roles?: number) => string };

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cloudformation');
const fixture = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

/** Comments at every indentation, block scalars last in a resource, flow collections, quoted keys, Outputs after Resources. */
const MIXED = `# A template with what an edit can run into
AWSTemplateFormatVersion: "2010-09-09"
Description: >
  Mixed styles
Resources:
# a comment at column 0
  KeyRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: "sts:AssumeRole" }] }
      Policies:
        - PolicyName: use
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: [kms:Decrypt, "kms:Encrypt", 'kms:DescribeKey']
                Resource: !Sub "arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/\\u002A"
      Description: |
        text that ends the resource
        # not a comment

  "QuotedPolicy":
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref KeyRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          # a comment inside
          - Effect: Allow
            Action:
              - kms:CreateCustomKeyStore
              - cloudhsm:DescribeClusters
            Resource: "*"
          - Fn::Transform:
              Name: AWS::Include
              Parameters: { Location: "s3://bucket/statement.yaml" }
  StringPolicy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref KeyRole]
      PolicyDocument: !Sub |
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrpyt"],
           "Resource": "arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/*"}]}
  QuotedStringPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}'
  Key:
    Type: AWS::KMS::Key
    Properties:
      Origin: AWS_CLOUDHSM
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt KeyRole.Arn }
            Action: kms:*
            Resource: "*"
Outputs:
  RoleArn:
    Value: !GetAtt KeyRole.Arn
`;

const TEXTS: Array<[string, string]> = [
  ['key-store-automation.yaml', fixture('key-store-automation.yaml')],
  ['sam-decrypt.yaml', fixture('sam-decrypt.yaml')],
  ['key-policy-sub.yaml', fixture('key-policy-sub.yaml')],
  ['if-policy.yaml', fixture('if-policy.yaml')],
  ['mixed', MIXED],
  ['bench template (150 lines)', cloudFormationTemplate(150, 4)],
];

const PIECES = ['a', 'Z', '0', ' ', '  ', '\n', '\n  ', '\n      ', ':', ': ', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '!Sub ', '|', '\t', 'kms:', '\n  Extra:\n    Type: AWS::SNS::Topic\n', 'Outputs:\n'];

/** A random edit: mostly one character inside a word (what typing does), else anything anywhere. */
function randomEdit(text: string, r: () => number): { offset: number; length: number; newText: string } {
  let offset = Math.floor(r() * (text.length + 1));
  const x = r();
  if (x < 0.5) {
    // Typing inside a word.
    while (offset < text.length && !/\w\w/.test(text.slice(offset - 1, offset + 1))) offset++;
    return { offset, length: 0, newText: 'abcxyz0'[Math.floor(r() * 7)] };
  }
  if (x < 0.6) return { offset, length: Math.min(text.length - offset, 1 + Math.floor(r() * 3)), newText: '' };
  if (x < 0.9) return { offset, length: r() < 0.3 ? Math.min(text.length - offset, Math.floor(r() * 20)) : 0, newText: PIECES[Math.floor(r() * PIECES.length)] };
  // Whole lines: cut one line out, or duplicate one.
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  const le = text.indexOf('\n', offset);
  const end = le < 0 ? text.length : le + 1;
  return r() < 0.5 ? { offset: ls, length: end - ls, newText: '' } : { offset: ls, length: 0, newText: text.slice(ls, end) };
}

const apply = (t: string, e: { offset: number; length: number; newText: string }) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length);

test('incremental re-read = full read: random edits inside resources, across them and at top level (policies, values, ranges, problems)', (t) => {
  let incremental = 0;
  let scalar = 0;
  let full = 0;
  let steps = 0;
  for (const [name, base] of TEXTS) {
    const r = prng(name.length * 7919 + 11);
    for (let run = 0; run < 6; run++) {
      const doc = new CloudFormationDocument(undefined, SAM_TEMPLATES);
      let text = base;
      assert.deepStrictEqual(doc.update(text), readCloudFormation(text), `${name}: first read`);
      for (let k = 0; k < 25; k++) {
        text = r() < 0.2 ? base : apply(text, randomEdit(text, r));
        const got = doc.update(text);
        const want = readCloudFormation(text);
        steps++;
        if (doc.lastMode === 'incremental') incremental++; else if (doc.lastMode === 'scalar') scalar++; else full++;
        assert.deepStrictEqual(got, want, `${name}, run ${run}, step ${k} (${doc.lastMode}):\n${text}`);
      }
    }
  }
  t.diagnostic(`scalar edits ${scalar}, resources re-parsed ${incremental}, full reads ${full}, of ${steps}`);
  // The test must exercise every path.
  assert.ok(incremental > steps / 10, `resources re-parsed: ${incremental} of ${steps}`);
  assert.ok(scalar > steps / 10, `scalar edits: ${scalar} of ${steps}`);
  assert.ok(full > steps / 10, `full reads: ${full} of ${steps}`);
});

test('incremental re-read = full read: findings and fixes of the host analysis after typing in a policy, on a 1,500-line template', () => {
  const analyzer = createAnalyzer(getCatalog(), getData());
  const doc = new CloudFormationDocument(undefined, SAM_TEMPLATES);
  const incrementalReader: HostReader = { format: 'cloudformation', accepts: () => true, read: (t) => doc.update(t) };
  const fullReader: HostReader = { format: 'cloudformation', accepts: () => true, read: (t) => readCloudFormation(t) };
  const a = new HostAnalyzer(analyzer, [incrementalReader]);
  const b = new HostAnalyzer(analyzer, [fullReader]);
  let text = cloudFormationTemplate();
  const r = prng(5);
  assert.deepStrictEqual(a.analyze(text, 'stack.yaml'), b.analyze(text, 'stack.yaml'));
  let incremental = 0;
  for (let k = 0; k < 30; k++) {
    // Type into an action name of a random role's policy, or delete a character of it.
    const role = Math.floor(r() * 50);
    const from = text.indexOf(`  Role${role}:\n`);
    const at = text.indexOf('                  - ', text.indexOf('Action:\n', from)) + 20 + Math.floor(r() * 5);
    text = r() < 0.7 ? apply(text, { offset: at, length: 0, newText: 'xs:'[k % 3] }) : apply(text, { offset: at, length: 1, newText: '' });
    assert.deepStrictEqual(a.analyze(text, 'stack.yaml'), b.analyze(text, 'stack.yaml'), `step ${k}`);
    if (doc.lastMode !== 'full') incremental++;
  }
  assert.ok(incremental >= 20, `incremental reads: ${incremental} of 30`);
});

test('the full parse is kept out of the way only when safe: anchors, directives, flow Resources, tabs, a new resource, an edit at top level', () => {
  const base = cloudFormationTemplate(120, 3);
  const modeAfter = (first: string, second: string) => {
    const d = new CloudFormationDocument(undefined, SAM_TEMPLATES);
    d.update(first);
    const got = d.update(second);
    assert.deepStrictEqual(got, readCloudFormation(second));
    return d.lastMode;
  };
  const inPolicy = base.indexOf('kms:Describe') + 3;
  assert.equal(modeAfter(base, apply(base, { offset: inPolicy, length: 0, newText: 'x' })), 'scalar');
  // A character that changes the structure (a new list item) re-parses the resource.
  assert.equal(modeAfter(base, apply(base, { offset: base.indexOf('\n', inPolicy), length: 0, newText: '\n                  - kms:Decrypt' })), 'incremental');
  // A scalar that would read as another type, or gain an indicator, is parsed again too.
  assert.equal(modeAfter(base, apply(base, { offset: inPolicy, length: 0, newText: ': ' })), 'incremental');
  assert.equal(modeAfter(base, apply(base, { offset: base.indexOf('value-0'), length: 6, newText: '' })), 'incremental');
  assert.equal(modeAfter(base, apply(base, { offset: base.indexOf('value-0') + 6, length: 1, newText: '' })), 'scalar');
  // A typed character inside the second role's policy after a first edit also stays incremental (the kept state moves with the text).
  const withAnchor = base.replace('Description: Key store automation (benchmark)', 'Description: &d Key store automation (benchmark)');
  assert.equal(modeAfter(withAnchor, apply(withAnchor, { offset: withAnchor.indexOf('kms:Describe') + 3, length: 0, newText: 'x' })), 'full');
  const directive = '%YAML 1.2\n---\n' + base;
  assert.equal(modeAfter(directive, apply(directive, { offset: directive.indexOf('kms:Describe') + 3, length: 0, newText: 'x' })), 'full');
  const tab = apply(base, { offset: inPolicy, length: 0, newText: '\t' });
  assert.equal(modeAfter(base, tab), 'full');
  // A new resource typed at the resources' indentation inside a resource's slice.
  const at = base.indexOf('  Role1:');
  assert.equal(modeAfter(base, apply(base, { offset: at, length: 0, newText: '  New:\n    Type: AWS::SNS::Topic\n' })), 'full');
  // Top level.
  assert.equal(modeAfter(base, apply(base, { offset: base.indexOf('Description'), length: 0, newText: 'x' })), 'full');
  const flow = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: { T: { Type: AWS::SNS::Topic } }\n';
  assert.equal(modeAfter(flow, apply(flow, { offset: flow.indexOf('SNS'), length: 0, newText: 'x' })), 'full');
});

test('a keystroke in one policy re-analyses that policy and its subject\'s union only; an edit outside policies re-analyses none', () => {
  const analyzer = createAnalyzer(getCatalog(), getData());
  let calls = 0;
  const counting = { ...analyzer, analyze: (t: string, o?: Parameters<typeof analyzer.analyze>[1]) => { calls++; return analyzer.analyze(t, o); } };
  const doc = new CloudFormationDocument(undefined, SAM_TEMPLATES);
  const h = new HostAnalyzer(counting, [{ format: 'cloudformation', accepts: () => true, read: (t) => doc.update(t) }]);
  // Role1 has two inline policies (judged together); the bench roles one each.
  const two = `  Role1:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: a
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: kms:CreateCustomKeyStore
                Resource: "*"
        - PolicyName: b
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: cloudhsm:DescribeClusters
                Resource: "*"
`;
  let text = cloudFormationTemplate(300, 8).replace('Resources:\n', 'Resources:\n' + two);
  h.analyze(text, 'stack.yaml');
  const keystroke = (at: number, ch: string) => {
    text = apply(text, { offset: at, length: 0, newText: ch });
    calls = 0;
    const r = h.analyze(text, 'stack.yaml')!;
    assert.notEqual(doc.lastMode, 'full');
    return r;
  };
  keystroke(text.indexOf('kms:Describe', text.indexOf('  Role5:')) + 5, 'x');
  assert.equal(calls, 1, 'the touched policy alone');
  keystroke(text.indexOf('kms:CreateCustomKeyStore') + 6, 'x');
  assert.equal(calls, 2, 'the touched policy and its role\'s union');
  keystroke(text.indexOf('Value: value-1') + 8, 'x');
  assert.equal(calls, 0, 'an edit outside every policy');
});

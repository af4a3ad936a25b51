/**
 * `Fn::Transform` in a template (AWS::Include of an S3 object, or any other macro): what it returns
 * cannot be read offline, so the policy or statement it fills is known-but-opaque. The subject's
 * class verdict is partly unknown, the reader says why, no missing action is reported because of
 * it, and no fix is offered for a policy that holds one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/analysis';
import { HostAnalyzer, type HostAnalysis } from '../../server/src/analysis/host';
import { readCloudFormation } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import { UNKNOWN } from '../../server/src/analysis/host/types';
import { getCatalog, getData } from '../helpers';

const hosts = new HostAnalyzer(createAnalyzer(getCatalog(), getData()), []);
const analyze = (text: string): HostAnalysis => hosts.analyzeRead(text, readCloudFormation(text));
const tpl = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
/** Six of the eight key store manager actions: alone, `missing-action` (cloudhsm:DescribeClusters ...). */
const ACTIONS = '[kms:CreateCustomKeyStore, kms:ConnectCustomKeyStore, kms:DisconnectCustomKeyStore, kms:UpdateCustomKeyStore, kms:DeleteCustomKeyStore, kms:DescribeCustomKeyStores]';
const include = (indent: number, name = 'AWS::Include') => {
  const p = ' '.repeat(indent);
  return `${p}Fn::Transform:\n${p}  Name: ${name}\n${p}  Parameters:\n${p}    Location: s3://templates-bucket/key-store-policy.yaml\n`;
};
const knownPolicy = `        - PolicyName: known
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${ACTIONS}
                Resource: "*"
`;
const role = (policies: string) => `  Manager:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n${policies}`;

function verdicts(a: HostAnalysis) {
  return a.policies.flatMap((p) => p.roles.map((v) => ({ locator: p.locator, role: v.role, partlyUnknown: !!v.partlyUnknown, reason: v.reason })));
}

test('control: the known policy alone lacks actions (missing-action, a verdict that is not partly unknown)', () => {
  const a = analyze(tpl(role(knownPolicy)));
  assert.ok(a.findings.some((f) => f.code === 'missing-action'));
  assert.deepEqual(verdicts(a).map((v) => [v.role, v.partlyUnknown]), [['key-store-manager', false]]);
});

test('a PolicyDocument that is AWS::Include: opaque; the role\'s verdict is partly unknown and says why; no missing action', () => {
  const text = tpl(role(knownPolicy + `        - PolicyName: included\n          PolicyDocument:\n${include(12)}`));
  const r = readCloudFormation(text);
  assert.deepEqual(r.policies.map((p) => p.locator), ['Resources.Manager.Policies[0]', 'Resources.Manager.Policies[1]']);
  for (const p of r.policies) assert.match(p.partlyUnknown ?? '', /Manager has in Resources\.Manager\.Policies\[1\] content included by AWS::Include from s3:\/\/templates-bucket\/key-store-policy\.yaml, which an offline check cannot read/);
  const opaque = r.policies[1];
  assert.deepEqual(plain(opaque.value), { Version: '2012-10-17', Statement: [{ Effect: UNKNOWN, Action: UNKNOWN, Resource: UNKNOWN }] });
  assert.equal(opaque.writer, undefined);
  assert.ok(r.policies[0].writer, 'the known policy keeps its fixes');
  const a = analyze(text);
  assert.deepEqual(a.findings.map((f) => f.code).filter((c) => c === 'missing-action'), []);
  const v = verdicts(a);
  assert.ok(v.length > 0 && v.every((x) => x.partlyUnknown && /Partly unknown/.test(x.reason)), JSON.stringify(v));
  assert.ok(a.policies.every((p) => /AWS::Include/.test(p.partlyUnknown ?? '')));
});

test('a Policies list that is an Fn::Transform, with a policy attached to the role elsewhere in the template', () => {
  const text = tpl(`  Manager:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n${include(8)}` +
    `  Attached:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref Manager]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${ACTIONS}\n            Resource: "*"\n`);
  const r = readCloudFormation(text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.subject]), [['Resources.Manager.Policies', 'Manager'], ['Resources.Attached.PolicyDocument', 'Manager']]);
  const a = analyze(text);
  assert.ok(!a.findings.some((f) => f.code === 'missing-action'));
  assert.ok(verdicts(a).every((v) => v.partlyUnknown));
});

test('Properties merged from an Fn::Transform may hold the role\'s policies: an attached policy is judged partly unknown', () => {
  const text = tpl(`  Manager:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: manager\n${include(6)}` +
    `  Attached:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref Manager]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ${ACTIONS}\n            Resource: "*"\n`);
  const a = analyze(text);
  assert.deepEqual(a.policies.map((p) => p.locator), ['Resources.Manager.Properties', 'Resources.Attached.PolicyDocument']);
  assert.ok(!a.findings.some((f) => f.code === 'missing-action'));
  assert.ok(verdicts(a).length > 0 && verdicts(a).every((v) => v.partlyUnknown));
});

test('a statement that is an Fn::Transform, and keys merged into a statement: the rest is read, an opaque statement stands for the content', () => {
  const text = tpl(role(`        - PolicyName: mixed
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${ACTIONS}
                Resource: "*"
              - Fn::Transform:
                  Name: AWS::Include
                  Parameters: { Location: s3://b/statement.yaml }
              - Effect: Allow
                Action: kms:DescribeKey
                Resource: "*"
${include(16)}`));
  const r = readCloudFormation(text);
  assert.equal(r.policies.length, 1);
  const doc = plain(r.policies[0].value) as { Statement: unknown[] };
  const opaque = { Effect: UNKNOWN, Action: UNKNOWN, Resource: UNKNOWN };
  // The listed statement (an unknown item), the statement without its merged keys, and one opaque statement per transform.
  assert.deepEqual(doc.Statement, [{ Effect: 'Allow', Action: ACTIONS.slice(1, -1).split(', '), Resource: '*' }, UNKNOWN, { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }, opaque, opaque]);
  assert.equal(r.policies[0].writer, undefined);
  assert.match(r.policies[0].partlyUnknown ?? '', /2 Fn::Transform, among them content included by AWS::Include from s3:\/\/b\/statement\.yaml/);
  const a = analyze(text);
  assert.deepEqual(a.findings.map((f) => f.code).filter((c) => c === 'missing-action' || c.startsWith('unknown') || c.includes('grammar')), []);
  assert.ok(verdicts(a).every((v) => v.partlyUnknown));
});

test('any other macro (long form and the !Transform tag) is opaque too, and said by its name', () => {
  const text = tpl(role(knownPolicy + `        - PolicyName: generated\n          PolicyDocument: !Transform { Name: KeyStorePolicyMacro, Parameters: { Stage: prod } }\n`));
  const r = readCloudFormation(text);
  assert.equal(r.policies.length, 2);
  assert.match(r.policies[1].partlyUnknown ?? '', /content generated by the macro KeyStorePolicyMacro \(Fn::Transform\)/);
  const a = analyze(text);
  assert.ok(!a.findings.some((f) => f.code === 'missing-action'));
  assert.ok(verdicts(a).every((v) => v.partlyUnknown));
});

test('SAM: a Policies item that is AWS::Include; a key policy with an included statement (its principal unknown, never judged)', () => {
  const sam = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: ${ACTIONS}\n              Resource: "*"\n        -\n${include(10)}`;
  const r = readCloudFormation(sam);
  assert.deepEqual(r.policies.map((p) => p.locator), ['Resources.Fn.Policies[0]', 'Resources.Fn.Policies[1]']);
  const a = analyze(sam);
  assert.ok(!a.findings.some((f) => f.code === 'missing-action'));
  assert.ok(verdicts(a).every((v) => v.partlyUnknown));
  const key = tpl(`  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: Root\n            Effect: Allow\n            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }\n            Action: kms:*\n            Resource: "*"\n          -\n${include(12)}`);
  const k = readCloudFormation(key);
  const doc = plain(k.policies[0].value) as { Statement: unknown[] };
  assert.deepEqual(doc.Statement[2], { Effect: UNKNOWN, Principal: UNKNOWN, Action: UNKNOWN, Resource: UNKNOWN });
  assert.match(k.policies[0].partlyUnknown ?? '', /AWS::Include/);
  assert.deepEqual(analyze(key).findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
});

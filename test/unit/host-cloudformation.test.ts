/**
 * The CloudFormation / SAM reader (server/src/analysis/host/cloudformation): recognition by content,
 * where the policies are (locators, kinds, subjects, key store keys), CloudFormation's reading of YAML
 * scalars, intrinsic functions as symbolic values with exact host ranges, Fn::If variants, SAM policy
 * templates, and bad input (prefixes, tabs, aliases and an alias bomb, duplicate keys, 5 MB).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_VARIANTS, readCloudFormation, samTemplateNames } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import { UNKNOWN, type EmbeddedPolicy, type HostReadResult, type HostValue } from '../../server/src/analysis/host/types';
import { getCatalog, ROOT, run } from '../helpers';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cloudformation');
const fixture = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');
const U = UNKNOWN;

function read(text: string): HostReadResult { return readCloudFormation(text); }
function policyAt(r: HostReadResult, locator: string, variant?: string): EmbeddedPolicy {
  const p = r.policies.find((q) => q.locator === locator && (variant === undefined || q.variant === variant));
  assert.ok(p, `no policy at ${locator}${variant ? ` (${variant})` : ''}: ${r.policies.map((q) => q.locator).join(', ')}`);
  return p;
}
const json = (p: EmbeddedPolicy) => plain(p.value);
const tpl = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;

/** Every range of the tree lies in the text; every exact text part is the host text verbatim; keys are where they say. */
function checkRanges(text: string, v: HostValue): void {
  assert.ok(v.offset >= 0 && v.offset + v.length <= text.length, `range ${v.offset}+${v.length}`);
  if (v.type === 'string') {
    for (const p of v.parts) {
      assert.ok(p.offset >= 0 && p.offset + p.length <= text.length);
      if (p.kind === 'text' && p.exact) assert.equal(text.slice(p.offset, p.offset + p.length), p.text);
    }
  } else if (v.type === 'object') {
    for (const p of v.props) {
      const ro = (p.value.meta as { readonly?: boolean } | undefined)?.readonly;
      const src = text.slice(p.keyOffset, p.keyOffset + p.keyLength);
      assert.ok(p.keyOffset >= 0 && p.keyOffset + p.keyLength <= text.length);
      if (!ro && !/[\n'"]/.test(src)) assert.ok(src.includes(p.key), `key ${p.key}`);
      checkRanges(text, p.value);
    }
  } else if (v.type === 'array') v.items.forEach((x) => checkRanges(text, x));
}

// -- recognition ------------------------------------------------------------------------------------

test('templates are recognised by content: AWSTemplateFormatVersion, a SAM Transform, or an AWS:: resource type', () => {
  assert.equal(read(tpl('  B:\n    Type: AWS::S3::Bucket\n')).format, 'cloudformation');
  assert.equal(read('Transform: AWS::Serverless-2016-10-31\nResources: {}\n').format, 'cloudformation');
  assert.equal(read('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n').format, 'cloudformation');
  assert.equal(read('Resources:\n  R:\n    Type: AWS::IAM::Role\n').format, 'cloudformation');
  assert.equal(read('{"Resources": {"R": {"Type": "AWS::IAM::Role"}}}').format, 'cloudformation');
});

test('not templates: a policy, Kubernetes and Compose files, a mention of AWS:: in a comment, a custom-only Resources map', () => {
  for (const text of [
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}',
    'apiVersion: v1\nkind: ConfigMap\ndata:\n  Type: AWS::IAM::Role\n',
    'services:\n  web:\n    image: nginx # AWS::Lambda someday\n',
    'Resources:\n  R:\n    Type: Custom::Thing\n    Properties: { ServiceToken: AWS::X }\n',
    '', 'AWS::', '- AWS::IAM::Role\n',
  ]) assert.equal(read(text).format, null, text);
});

// -- where the policies are ------------------------------------------------------------------------------

test('key store automation stack: every policy with its locator, kind and subject; an attached policy joins its role', () => {
  const text = fixture('key-store-automation.yaml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.subject ?? null]), [
    ['Resources.ClusterLambdaRole.AssumeRolePolicyDocument', 'trust', null],
    ['Resources.ClusterLambdaRole.Policies[0]', 'identity', 'ClusterLambdaRole'],
    ['Resources.ClusterLambdaRole.Policies[1]', 'identity', 'ClusterLambdaRole'],
    ['Resources.KeyStoreLambdaRole.AssumeRolePolicyDocument', 'trust', null],
    ['Resources.KeyStoreLambdaRole.Policies[0]', 'identity', 'KeyStoreLambdaRole'],
    ['Resources.KeyStoreSlrPolicy.PolicyDocument', 'identity', 'KeyStoreLambdaRole'],
  ]);
  for (const p of r.policies) {
    assert.equal(p.syntax, 'yaml');
    assert.ok(p.writer, 'YAML policies are writable');
    checkRanges(text, p.value);
    assert.ok(p.range.offset <= p.value.offset && p.value.offset + p.value.length <= p.range.offset + p.range.length);
  }
  const ks = policyAt(r, 'Resources.KeyStoreLambdaRole.Policies[0]');
  assert.deepEqual(json(ks), {
    Version: '2012-10-17',
    Statement: [{ Sid: 'CreateConnectAndDescribeKeyStores', Effect: 'Allow', Action: ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters'], Resource: '*' }],
  });
  assert.match(ks.partlyUnknown ?? '', /KeyStoreLambdaRole also has 1 managed policy \(ManagedPolicyArns\)/);
  assert.match(policyAt(r, 'Resources.KeyStoreSlrPolicy.PolicyDocument').partlyUnknown ?? '', /ManagedPolicyArns/, 'the attached policy shares the role\'s verdict notes');
  assert.equal(policyAt(r, 'Resources.ClusterLambdaRole.Policies[0]').partlyUnknown, undefined);
  const logs = json(policyAt(r, 'Resources.ClusterLambdaRole.Policies[1]')) as { Statement: Array<{ Action: string[]; Resource: string }> };
  assert.deepEqual(logs.Statement[0].Action, ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], 'a flow sequence of plain scalars');
  assert.equal(logs.Statement[0].Resource, `arn:${U}:logs:${U}:${U}:log-group:/aws/lambda/*`);
  const slr = json(policyAt(r, 'Resources.KeyStoreSlrPolicy.PolicyDocument')) as { Statement: Array<{ Resource: string }> };
  assert.equal(slr.Statement[0].Resource, `arn:${U}:iam::${U}:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`);
  assert.ok(!text.includes('not a policy') || !r.policies.some((p) => JSON.stringify(json(p)).includes('not a policy')), 'a Lambda ZipFile is not a policy');
});

test('the JSON template reads into the same policies, with syntax json and host ranges into the JSON text', () => {
  const text = fixture('key-store-automation.json');
  const r = read(text);
  assert.equal(r.format, 'cloudformation');
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.subject ?? null, p.syntax]), [
    ['Resources.KeyStoreLambdaRole.AssumeRolePolicyDocument', 'trust', null, 'json'],
    ['Resources.KeyStoreLambdaRole.Policies[0]', 'identity', 'KeyStoreLambdaRole', 'json'],
    ['Resources.KeyStoreSlrPolicy.PolicyDocument', 'identity', 'KeyStoreLambdaRole', 'json'],
  ]);
  for (const p of r.policies) checkRanges(text, p.value);
  const yamlRole = json(policyAt(read(fixture('key-store-automation.yaml')), 'Resources.KeyStoreLambdaRole.Policies[0]')) as { Statement: unknown[] };
  const jsonRole = json(policyAt(r, 'Resources.KeyStoreLambdaRole.Policies[0]')) as { Statement: unknown[] };
  assert.deepEqual(jsonRole.Statement[0], yamlRole.Statement[0]);
  const slr = json(policyAt(r, 'Resources.KeyStoreSlrPolicy.PolicyDocument')) as { Statement: Array<{ Resource: string }> };
  assert.equal(slr.Statement[0].Resource, `arn:${U}:iam::${U}:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`, 'Fn::Join keeps its literal items');
  const exact = policyAt(r, 'Resources.KeyStoreLambdaRole.Policies[0]').value;
  const s0 = (exact as Extract<HostValue, { type: 'object' }>).props.find((p) => p.key === 'Statement')!.value;
  const sid = ((s0 as Extract<HostValue, { type: 'array' }>).items[0] as Extract<HostValue, { type: 'object' }>).props[0];
  assert.equal(text.slice(sid.value.offset, sid.value.offset + sid.value.length), '"CreateConnectAndDescribeKeyStores"');
});

test('every kind of resource: IAM users, groups, *Policy resources by name or Ref, keys, resource policies', () => {
  const text = tpl(`
  Admins:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument: { Version: 2012-10-17, Statement: [{ Effect: Allow, Action: kms:ListKeys, Resource: '*' }] }
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: p
          PolicyDocument: { Version: 2012-10-17, Statement: [{ Effect: Allow, Action: kms:ListAliases, Resource: '*' }] }
  Named:
    Type: AWS::IAM::Role
    Properties:
      RoleName: key-admin
      AssumeRolePolicyDocument: { Statement: [] }
  ByName:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [key-admin]
      PolicyDocument: { Statement: [] }
  ToUser:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: alice
      PolicyName: p
      PolicyDocument: { Statement: [] }
  ToGroup:
    Type: AWS::IAM::GroupPolicy
    Properties:
      GroupName: !Ref Admins
      PolicyName: p
      PolicyDocument: { Statement: [] }
  ToRole:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Named
      PolicyName: p
      PolicyDocument: { Statement: [] }
  TwoRoles:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref Named, !Ref Elsewhere]
      PolicyDocument: { Statement: [] }
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: !Ref PrimaryArn
      KeyPolicy: { Statement: [] }
  Bucket:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: b, PolicyDocument: { Statement: [] } }
  Queue:
    Type: AWS::SQS::QueuePolicy
    Properties: { Queues: [q], PolicyDocument: { Statement: [] } }
  Topic:
    Type: AWS::SNS::TopicPolicy
    Properties: { Topics: [t], PolicyDocument: { Statement: [] } }
  Secret:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties: { SecretId: s, ResourcePolicy: { Statement: [] } }
  NotAPolicy:
    Type: AWS::S3::Bucket
    Properties: { PolicyDocument: { Statement: [] } }
`);
  const r = read(text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.subject ?? null]), [
    ['Resources.Admins.Policies[0]', 'identity', 'Admins'],
    ['Resources.Alice.Policies[0]', 'identity', 'Alice'],
    ['Resources.Named.AssumeRolePolicyDocument', 'trust', null],
    ['Resources.ByName.PolicyDocument', 'identity', 'Named'],
    ['Resources.ToUser.PolicyDocument', 'identity', 'Alice'],
    ['Resources.ToGroup.PolicyDocument', 'identity', 'Admins'],
    ['Resources.ToRole.PolicyDocument', 'identity', 'Named'],
    ['Resources.TwoRoles.PolicyDocument', 'identity', 'Named'],
    ['Resources.Replica.KeyPolicy', 'resource', null],
    ['Resources.Bucket.PolicyDocument', 'resource', null],
    ['Resources.Queue.PolicyDocument', 'resource', null],
    ['Resources.Topic.PolicyDocument', 'resource', null],
    ['Resources.Secret.ResourcePolicy', 'resource', null],
  ]);
});

test('a key with a key policy of !Sub ARNs: key policy mode, a key store key, ARNs with unknown parts at exact ranges', () => {
  const text = fixture('key-policy-sub.yaml');
  const r = read(text);
  const p = policyAt(r, 'Resources.KeyStoreKey.KeyPolicy');
  assert.equal(p.kind, 'resource');
  assert.equal(p.keyStoreKey, true, 'Origin: AWS_CLOUDHSM');
  checkRanges(text, p.value);
  const doc = json(p) as { Statement: Array<{ Principal: { AWS: string | string[] }; Action: string | string[] }> };
  assert.equal(doc.Statement[0].Principal.AWS, `arn:${U}:iam::${U}:root`);
  assert.equal(doc.Statement[1].Principal.AWS, `arn:aws:iam::${U}:role/${U}`);
  assert.deepEqual(doc.Statement[2].Principal.AWS, [`arn:aws:iam::${U}:role/KeyUser`, `arn:aws:iam::${U}:role/OtherUser`], 'long-form Fn::Sub and !Join');
  assert.deepEqual(doc.Statement[2].Action, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
  // The literal parts of the !Sub string map to their characters in the template.
  const principal = (((p.value as Extract<HostValue, { type: 'object' }>).props[2].value as Extract<HostValue, { type: 'array' }>).items[1] as Extract<HostValue, { type: 'object' }>).props.find((x) => x.key === 'Principal')!.value as Extract<HostValue, { type: 'object' }>;
  const sub = principal.props[0].value as Extract<HostValue, { type: 'string' }>;
  assert.deepEqual(sub.parts.map((x) => (x.kind === 'text' ? x.text : `<${x.source}>`)), ['arn:aws:iam::', '<${AWS::AccountId}>', ':role/', '<${AdminRoleName}>']);
  for (const x of sub.parts) assert.equal(text.slice(x.offset, x.offset + x.length), x.kind === 'text' ? x.text : x.source);
  assert.equal(read(tpl('  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: { Statement: [] }\n')).policies[0].keyStoreKey, undefined);
});

// -- scalars as CloudFormation reads them ----------------------------------------------------------------

test('YAML scalars: dates, yes/no, leading zeros stay strings; true, numbers and null keep their type', () => {
  const r = read(tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Id: yes
        Statement:
          - Sid: 0123
            Effect: Allow
            Action: [on, 1e3, 12, 1.5, true, null, ~, 2001-12-14t21:59:43.10-05:00]
            Resource: "*"
            Condition: { Bool: { aws:SecureTransport: false }, NumericLessThan: { s3:max-keys: 10 } }
`));
  const doc = json(r.policies[0]) as { Version: unknown; Id: unknown; Statement: Array<Record<string, unknown>> };
  assert.equal(doc.Version, '2012-10-17');
  assert.equal(doc.Id, 'yes');
  assert.equal(doc.Statement[0].Sid, '0123');
  assert.deepEqual(doc.Statement[0].Action, ['on', '1e3', 12, 1.5, true, null, null, '2001-12-14t21:59:43.10-05:00']);
  assert.deepEqual(doc.Statement[0].Condition, { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } });
});

// -- intrinsic functions ----------------------------------------------------------------------------------

test('intrinsics: Sub (escapes, variable map, long form), Join, and every other function as an unknown value', () => {
  const text = tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource:
              - !Sub 'arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/*'
              - !Sub arn:aws:s3:::\${!Literal}/\${Bucket}
              - !Sub [ 'arn:aws:kms:\${Region}:\${Account}:alias/\${Name}', { Region: eu-west-1, Account: !Ref AWS::AccountId, Name: 12 } ]
              - Fn::Sub: arn:aws:kms:*:\${AWS::AccountId}:key/*
              - !Join [ ':', [ arn, aws, kms, '*', '111122223333', 'key/*' ] ]
              - Fn::Join: [ '', [ 'arn:aws:kms:*:', !Ref AWS::AccountId, ':key/*' ] ]
              - !Ref KeyArn
              - { Ref: KeyArn }
              - !GetAtt Key.Arn
              - Fn::GetAtt: [Key, Arn]
              - !ImportValue shared-key-arn
              - !FindInMap [Keys, !Ref AWS::Region, Arn]
              - !Select [0, !Ref KeyArns]
              - !Join [',', !Ref KeyArns]
              - !Base64 abc
              - !Sub "arn:aws:kms:us-east-1:111122223333:key/\\u0031"
`);
  const r = read(text);
  const res = (json(r.policies[0]) as { Statement: Array<{ Resource: string[] }> }).Statement[0].Resource;
  assert.deepEqual(res, [
    `arn:aws:kms:${U}:${U}:key/*`,
    `arn:aws:s3:::\${Literal}/${U}`,
    `arn:aws:kms:eu-west-1:${U}:alias/12`,
    `arn:aws:kms:*:${U}:key/*`,
    'arn:aws:kms:*:111122223333:key/*',
    `arn:aws:kms:*:${U}:key/*`,
    U, U, U, U, U, U, U, U, U,
    'arn:aws:kms:us-east-1:111122223333:key/1',
  ]);
  checkRanges(text, r.policies[0].value);
});

test('AWS::NoValue removes the array item or the property; an intrinsic policy document is not read', () => {
  const r = read(tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Sid: !Ref AWS::NoValue
            Effect: Allow
            Action: [kms:Decrypt, !Ref AWS::NoValue, { Ref: AWS::NoValue }]
            Resource: '*'
  Q:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !ImportValue shared-policy
`));
  assert.deepEqual(r.policies.map((p) => p.locator), ['Resources.P.PolicyDocument']);
  assert.deepEqual(json(r.policies[0]), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' }] });
});

test('Fn::If: both branches of each condition, one variant per combination, labelled; the same condition decides alike', () => {
  const text = fixture('if-policy.yaml');
  const r = read(text);
  const variants = r.policies.filter((p) => p.locator === 'Resources.AppRole.Policies[0]');
  assert.deepEqual(variants.map((p) => p.variant), ['IsProduction=true, HasKey=true', 'IsProduction=true, HasKey=false', 'IsProduction=false, HasKey=true', 'IsProduction=false, HasKey=false']);
  assert.deepEqual(json(variants[1]), {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'UseTheKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:aws:kms:${U}:${U}:key/*` },
      { Sid: 'ProductionAudit', Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
    ],
  });
  assert.deepEqual(json(variants[2]), { Version: '2012-10-17', Statement: [{ Sid: 'UseTheKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: U }] });
  for (const v of variants) { assert.equal(v.partlyUnknown, undefined); checkRanges(text, v.value); assert.deepEqual(v.range, variants[0].range); }
  assert.equal(policyAt(r, 'Resources.AppRole.AssumeRolePolicyDocument').variant, undefined);
});

test(`Fn::If is bounded: at most ${MAX_VARIANTS} variants, the rest said in partlyUnknown`, () => {
  const conds = ['A', 'B', 'C', 'D', 'E'];
  const r = read(tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action: [${conds.map((c) => `!If [${c}, 'kms:${c}1', 'kms:${c}2']`).join(', ')}]
            Resource: '*'
`));
  assert.equal(r.policies.length, MAX_VARIANTS);
  for (const p of r.policies) assert.match(p.partlyUnknown ?? '', /more than 8 combinations of its Fn::If conditions/);
  assert.equal(new Set(r.policies.map((p) => JSON.stringify(json(p)))).size, MAX_VARIANTS, 'distinct variants');
});

// -- SAM --------------------------------------------------------------------------------------------------

test('SAM: policy templates expanded from data, inline documents, managed policies and unknown templates said', () => {
  const text = fixture('sam-decrypt.yaml');
  const r = read(text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.subject ?? null, !!p.writer]), [
    ['Resources.DataKey.KeyPolicy', 'resource', null, true],
    ['Resources.DecryptFunction.Policies[1]', 'identity', 'DecryptFunction', false],
    ['Resources.DecryptFunction.Policies[3]', 'identity', 'DecryptFunction', true],
    ['Resources.EncryptFunction.Policies', 'identity', 'EncryptFunction', true],
  ]);
  const decrypt = policyAt(r, 'Resources.DecryptFunction.Policies[1]');
  assert.deepEqual(json(decrypt), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `arn:${U}:kms:${U}:${U}:key/${U}` }] });
  assert.equal(text.slice(decrypt.range.offset, decrypt.range.offset + 16), 'KMSDecryptPolicy');
  assert.match(decrypt.partlyUnknown ?? '', /the managed policy AWSLambdaBasicExecutionRole/);
  assert.match(decrypt.partlyUnknown ?? '', /the SAM policy template SSMParameterReadPolicy, which is not expanded/);
  assert.deepEqual(json(policyAt(r, 'Resources.DecryptFunction.Policies[3]')), {
    Statement: [{ Sid: 'DescribeTheKey', Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:GenerateDataKey'], Resource: U }],
  });
  assert.equal(policyAt(r, 'Resources.EncryptFunction.Policies').partlyUnknown, undefined);
  const literal = read(`Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - KMSEncryptPolicy: { KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab }\n        - S3ReadPolicy: { BucketName: !Sub '\${AWS::StackName}-data' }\n`);
  assert.deepEqual(literal.policies.map(json), [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt'], Resource: `arn:${U}:kms:${U}:${U}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }] },
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], Resource: [`arn:${U}:s3:::${U}-data`, `arn:${U}:s3:::${U}-data/*`] }] },
  ]);
});

test('SAM policy templates: KMSDecryptPolicy and KMSEncryptPolicy among them; every action is in the catalog', () => {
  const names = samTemplateNames();
  for (const n of ['KMSDecryptPolicy', 'KMSEncryptPolicy']) assert.ok(names.includes(n), n);
  assert.ok(names.length >= 10);
  const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'sam-policy-templates.json'), 'utf8')) as { templates: Record<string, { statements: Array<{ Action: string[] }> }> };
  const catalog = getCatalog();
  for (const [name, t] of Object.entries(data.templates)) {
    for (const s of t.statements) for (const a of s.Action) assert.ok(catalog.match(a).length > 0, `${name}: ${a}`);
  }
});

// -- bad input ------------------------------------------------------------------------------------------------

/** The prefixes a unit run reads (`npm run fuzz` reads every prefix of every fixture): each line end, every 5th character, all of the smallest fixture. */
function prefixEnds(text: string, all: boolean): number[] {
  const ends = new Set<number>([0, text.length]);
  for (let i = 0; i < text.length; i++) if (all || i % 5 === 0 || text[i] === '\n') ends.add(i);
  return [...ends].sort((a, b) => a - b);
}

function checkPrefixes(all: (f: string) => boolean): number {
  let reads = 0;
  for (const f of fs.readdirSync(FIXTURES)) {
    const text = fixture(f);
    for (const n of prefixEnds(text, all(f))) {
      const r = read(text.slice(0, n));
      reads++;
      for (const p of r.problems) assert.ok(r.policies.some((q) => p.offset >= q.range.offset && p.offset <= q.range.offset + q.range.length), `${f}[0..${n}]: ${p.message}`);
      for (const p of r.policies) checkRanges(text.slice(0, n), p.value);
    }
  }
  return reads;
}

test('prefixes of every fixture (every prefix of if-policy.yaml): no throw; problems only inside policies', () => {
  assert.ok(checkPrefixes((f) => f === 'if-policy.yaml') > 3000);
});

test('tabs, syntax errors outside policies: no problem reported; a syntax error inside a policy: reported there', () => {
  const tabs = 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n\tR:\n\t\tType: AWS::IAM::Role\n';
  assert.deepEqual(read(tabs).problems, []);
  const outside = tpl('  B:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: [unclosed\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: { Statement: [] }\n');
  assert.deepEqual(read(outside).problems, []);
  const inside = tpl('  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement: [ { Effect: Allow, Action: "kms:Decrypt } ]\n');
  const r = read(inside);
  assert.equal(r.format, 'cloudformation');
  assert.ok(r.problems.length >= 1 && r.problems.every((p) => p.offset >= r.policies[0]?.range.offset), JSON.stringify(r.problems));
});

test('anchors and aliases are read (read-only); an alias bomb is bounded', () => {
  const text = tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - &stmt
            Effect: Allow
            Action: &actions [kms:Decrypt, kms:Encrypt]
            Resource: '*'
          - Effect: Deny
            Action: *actions
            NotResource: *stmt
`);
  const r = read(text);
  const doc = json(r.policies[0]) as { Statement: Array<Record<string, unknown>> };
  assert.deepEqual(doc.Statement[1].Action, ['kms:Decrypt', 'kms:Encrypt']);
  assert.deepEqual(doc.Statement[1].NotResource, { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' });
  checkRanges(text, r.policies[0].value);
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const t0 = Date.now();
  const b = read(bomb + tpl(`  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: { Version: 2012-10-17, Statement: [{ Effect: Allow, Action: *a9, Resource: '*' }] }\n`).replace("AWSTemplateFormatVersion: '2010-09-09'\n", ''));
  assert.equal(b.policies.length, 0);
  assert.equal(b.problems.length, 1);
  assert.match(b.problems[0].message, /Resources\.P\.PolicyDocument is not checked: it expands \(through YAML aliases\) to more than 50,000 values/);
  assert.ok(Date.now() - t0 < 60_000);
});

test('duplicate keys: the last resource property wins; inside a policy both keys are kept for the checks to see', () => {
  const r = read(tpl(`  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [] }
      PolicyDocument:
        Version: 2012-10-17
        Version: 2008-10-17
        Statement: []
`));
  assert.equal(r.policies.length, 1);
  assert.deepEqual((r.policies[0].value as Extract<HostValue, { type: 'object' }>).props.map((p) => p.key), ['Version', 'Version', 'Statement']);
});

function bigTemplate(size: number): { text: string; roles: number } {
  const role = (i: number) => `  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: 2012-10-17, Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: p${i}
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: [kms:Decrypt, kms:Encrypt, kms:GenerateDataKey, kms:DescribeKey]
                Resource: !Sub arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/${'0'.repeat(36)}
`;
  let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  let roles = 0;
  while (text.length < size) text += role(roles++);
  return { text, roles };
}

test('a 5 MB template: over CloudFormation\'s 1 MB limit, one problem and no reading; a 300 KB one is read', () => {
  const big = read(bigTemplate(5_000_000).text);
  assert.equal(big.format, 'cloudformation');
  assert.deepEqual(big.policies, []);
  assert.match(big.problems[0].message, /The template is 4\.8 MB, over CloudFormation's 1 MB limit for a template: its policies are not checked/);
  assert.equal(read('x'.repeat(2_000_000) + ' AWS::').format, null, 'a large file that does not look like a template is not one');
  const { text, roles } = bigTemplate(300_000);
  const r = read(text);
  assert.equal(r.policies.length, 2 * roles);
  assert.deepEqual(r.problems, []);
});

test('property (fixed seed): any text, and mutations of the fixtures, read without throwing; ranges stay in the text', () => {
  const texts = fs.readdirSync(FIXTURES).map(fixture);
  fc.assert(fc.property(
    fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.string({ maxLength: 20 })).map(([t, a, b, s]) => {
        const i = a % (t.length + 1);
        const j = Math.min(t.length, i + (b % 40));
        return t.slice(0, i) + s + t.slice(j);
      }),
    ),
    (text) => {
      const r = read(text);
      for (const p of r.policies) checkRanges(text, p.value);
    },
  ), { seed: 14, numRuns: 300 });
});

test('never a finding because of an intrinsic: the fixtures\' projections, analysed alone, have no grammar finding and none on an unknown value', () => {
  // Judged one by one (the host layer judges a subject's policies together): class findings about a
  // lone policy of a role are expected; a missing Version is the SAM inline document's own.
  const classOrOwn = new Set(['missing-action', 'excessive-action', 'missing-version']);
  let analysed = 0;
  for (const f of fs.readdirSync(FIXTURES)) {
    for (const p of read(fixture(f)).policies) {
      const text = JSON.stringify(plain(p.value), null, 2);
      const result = run(text, { kind: p.kind, force: true });
      analysed++;
      for (const x of result.findings) {
        assert.ok(classOrOwn.has(x.code), `${f} ${p.locator}: ${x.code}: ${x.message}`);
        assert.ok(!text.slice(x.offset, x.offset + x.length).includes(U), `${f} ${p.locator}: ${x.code} on an unknown value`);
      }
    }
  }
  assert.ok(analysed >= 18);
});

test('a Policies item that is an Fn::If: each branch that is a policy, labelled with its condition', () => {
  const r = read(tpl(`  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      Policies:
        - !If
          - UseKms
          - PolicyName: kms
            PolicyDocument: { Version: 2012-10-17, Statement: [{ Effect: Allow, Action: !If [UseKms, kms:Decrypt, kms:Never], Resource: '*' }] }
          - !Ref AWS::NoValue
        - Fn::If: [Big, { PolicyName: a, PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:*, Resource: '*' }] } }, { PolicyName: b, PolicyDocument: { Statement: [] } }]
  F:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - !If [HasKey, { KMSDecryptPolicy: { KeyId: k } }, !Ref AWS::NoValue]
`));
  assert.deepEqual(r.policies.map((p) => [p.locator, p.variant ?? null, JSON.stringify(json(p))]), [
    ['Resources.R.AssumeRolePolicyDocument', null, '{"Statement":[]}'],
    ['Resources.R.Policies[0]', 'UseKms=true', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}'],
    ['Resources.R.Policies[1]', 'Big=true', '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'],
    ['Resources.R.Policies[1]', 'Big=false', '{"Statement":[]}'],
    ['Resources.F.Policies[0]', 'HasKey=true', `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"arn:${U}:kms:${U}:${U}:key/k"}]}`],
  ]);
});

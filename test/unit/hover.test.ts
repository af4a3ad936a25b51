/**
 * hover(): markdown and range at a `|` cursor for actions, wildcards, policy elements, condition
 * operators, condition keys and values, service principals and resource ARNs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../../server/src/analysis/catalog';
import { hover, HoverResult, WILDCARD_LIST_LIMIT } from '../../server/src/analysis/hover';
import { expandSnippet } from '../../server/src/analysis/snippets';
import { getCatalog, getData, getKnowledge } from '../helpers';

function at(withCursor: string): { text: string; h: HoverResult | undefined } {
  const offset = withCursor.indexOf('|');
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  return { text, h: hover(getKnowledge(), text, offset) };
}
/** The markdown at the cursor, asserting the hover covers exactly `range`. */
function md(withCursor: string, range: string): string {
  const { text, h } = at(withCursor);
  assert.ok(h, `a hover at ${withCursor}`);
  assert.equal(text.slice(h.offset, h.offset + h.length), range);
  return h.markdown;
}
const title = (id: 'key-store-manager' | 'cluster-manager' | 'key-manager' | 'key-user' | 'service-linked-role') => getKnowledge().profiles.byId.get(id)!.title;

test('an action: description, access level, resource types with ARN formats, condition keys, docs link', () => {
  const m = md('{ "Statement": [ { "Action": ["kms:Encrypt", "kms:De|crypt"] } ] }', '"kms:Decrypt"');
  const a = getCatalog().getAction('kms:Decrypt')!;
  assert.ok(m.startsWith('**kms:Decrypt** · Write'));
  assert.ok(m.includes(a.description));
  assert.ok(m.includes('- `key` (required): `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`'));
  assert.match(m, /\*\*Condition keys:\*\* `kms:CallerAccount`, `kms:EncryptionAlgorithm`.* and \d+ more/);
  assert.match(m, /\*\*Condition keys of its resource types:\*\* .*`kms:KeyOrigin`/);
  assert.ok(m.includes(`(${Catalog.docsUrl(a.service)})`));
  assert.match(m, /list_awskeymanagementservice\.html/);
});

test('an action without resource type says Resource must be "*"; the classes that need it', () => {
  const m = md('{ "Statement": [ { "Action": "kms:CreateCustomKeyStore|" } ] }', '"kms:CreateCustomKeyStore"');
  assert.ok(m.includes('none, so the statement needs `"Resource": "*"`'));
  assert.ok(m.includes(`- ${title('key-store-manager')}: required.`), m);
  assert.ok(!m.includes(`- ${title('key-user')}: `), 'key users do not need it');
  assert.match(m, /Excessive for a .*key user \(error\)/i);
});

test('an action that cannot apply to keys in a CloudHSM key store says so', () => {
  const m = md('{ "Statement": [ { "Action": "|kms:EnableKeyRotation" } ] }', '"kms:EnableKeyRotation"');
  const why = getKnowledge().profiles.unsupported.get(getCatalog().getAction('kms:EnableKeyRotation')!)!;
  assert.ok(m.includes(`Cannot apply to keys in a CloudHSM key store: ${why}`), m);
});

test('each required action of each class names that class in its hover', () => {
  const profiles = getKnowledge().profiles;
  for (const p of profiles.list) {
    for (const r of p.required) {
      for (const a of r.actions) {
        const m = md(`{ "Statement": [ { "Action": "|${a.full}" } ] }`, JSON.stringify(a.full));
        assert.ok(m.includes(`- ${p.title}: required.`), `${a.full} for ${p.id}`);
      }
    }
  }
});

test('a wildcard: how many actions it matches, the list, truncated', () => {
  const m = md('{ "Statement": [ { "Action": "kms:Describe|*" } ] }', '"kms:Describe*"');
  assert.ok(m.startsWith('**kms:Describe\\*** matches 2 actions (2 Read)'), m);
  assert.ok(m.includes('- `kms:DescribeCustomKeyStores` · Read\n- `kms:DescribeKey` · Read'));
  assert.ok(m.includes(`${title('key-store-manager')}: needs 2 of them`));
  assert.match(m, /list_awskeymanagementservice\.html/);
  const all = md('{ "Statement": [ { "Action": "|*" } ] }', '"*"');
  const n = getCatalog().actionCount;
  assert.ok(all.includes(`matches ${n} actions of ${getCatalog().services.size} services`));
  assert.ok(all.includes(`- … and ${n - WILDCARD_LIST_LIMIT} more`));
  assert.equal(all.split('\n').filter((l) => l.startsWith('- `')).length, WILDCARD_LIST_LIMIT);
  assert.ok(!all.includes('Service Authorization Reference'), 'no single service page for many services');
  const gdk = md('{ "Statement": [ { "NotAction": ["kms:GenerateDataKey*|"] } ] }', '"kms:GenerateDataKey*"');
  assert.match(gdk, /matches 4 actions/);
  assert.match(gdk, /2 cannot apply to keys in a CloudHSM key store: `kms:GenerateDataKeyPair`, `kms:GenerateDataKeyPairWithoutPlaintext`/);
});

test('no hover for unknown actions, non-strings, whitespace, other places, or broken input', () => {
  assert.equal(at('{ "Statement": [ { "Action": "kms:Nope|" } ] }').h, undefined);
  assert.equal(at('{ "Statement": [ { "Sid": "kms:De|crypt" } ] }').h, undefined);
  assert.equal(at('{ "Statement": [ | ] }').h, undefined);
  assert.equal(at('{ "Statement": [ { "Effect": tr|ue } ] }').h, undefined);
  assert.equal(at('{ "Other": { "Action": "kms:De|crypt" } }').h, undefined);
  for (const bad of ['', '{', '{"Statement":[{"Action":"kms:Decrypt', '[[[[', '{'.repeat(100000)]) {
    for (const off of [0, bad.length >> 1, bad.length]) assert.doesNotThrow(() => hover(getKnowledge(), bad, off));
  }
  assert.ok(at('{"Statement":[{"Action":"kms:Decr|ypt", }]}').h, 'tolerates a trailing comma');
});

test('policy elements and principal types', () => {
  assert.match(md('{ "Ver|sion": "2012-10-17" }', '"Version"'), /^\*\*Version\*\*\n\n.*2012-10-17/);
  assert.match(md('{ "Statement": [ { "Not|Action": [] } ] }', '"NotAction"'), /prefer `Action`/);
  assert.equal(at('{ "Statement": [ { "Version|": 1 } ] }').h, undefined, 'Version is not a statement element');
  assert.match(md('{ "Statement": [ { "Principal": { "Serv|ice": "x" } } ] }', '"Service"'), /cks\.kms\.amazonaws\.com/);
});

test('condition operators', () => {
  const m = md('{ "Statement": [ { "Condition": { "ForAllValues:String|LikeIfExists": {} } } ] }', '"ForAllValues:StringLikeIfExists"');
  assert.match(m, /\*\*String operator\.\*\* Case-sensitive match/);
  assert.match(m, /IfExists:\*\* also true when the key is absent/);
  assert.match(m, /ForAllValues:\*\* true when every value/);
  assert.match(md('{ "Statement": [ { "Condition": { "Nu|ll": {} } } ] }', '"Null"'), /absent from the request context/);
  assert.equal(at('{ "Statement": [ { "Condition": { "NullIf|Exists": {} } } ] }').h, undefined);
});

test('condition keys: type, description, which of the statement\'s actions support them', () => {
  const m = md('{ "Statement": [ { "Action": ["kms:Decrypt", "kms:CreateGrant"], "Condition": { "Bool": { "kms:GrantIs|ForAWSResource": "true" } } } ] }', '"kms:GrantIsForAWSResource"');
  assert.match(m, /^\*\*kms:GrantIsForAWSResource\*\* \(condition key, `Bool`\)/);
  assert.match(m, /Supported by 1 of the statement's 2 actions: `kms:CreateGrant`\./);
  const unsupported = md('{ "Statement": [ { "Action": "kms:Decrypt", "Condition": { "Bool": { "kms:GrantIs|ForAWSResource": "true" } } } ] }', '"kms:GrantIsForAWSResource"');
  assert.match(unsupported, /None of the statement's 1 actions supports this key/);
  const tag = md('{ "Statement": [ { "Action": "kms:CreateKey", "Condition": { "StringEquals": { "aws:Request|Tag/Project": "x" } } } ] }', '"aws:RequestTag/Project"');
  assert.match(tag, /Matches the template `aws:RequestTag\/\$\{TagKey\}`/);
  const global = md('{ "Statement": [ { "Action": "kms:Decrypt", "Condition": { "IpAddress": { "aws:Sou|rceIp": "10.0.0.0/8" } } } ] }', '"aws:SourceIp"');
  assert.match(global, /Global condition key \(network properties\)/);
  const mismatch = md('{ "Statement": [ { "Action": "kms:Decrypt", "Condition": { "StringEquals": { "aws:MultiFactor|AuthPresent": "true" } } } ] }', '"aws:MultiFactorAuthPresent"');
  assert.match(mismatch, /`StringEquals` is a String operator and this key is `Bool`/);
});

test('condition values, service principals and resource ARNs', () => {
  assert.match(md('{ "Statement": [ { "Condition": { "StringEquals": { "kms:KeyOrigin": "AWS_CL|OUDHSM" } } } ] }', '"AWS_CLOUDHSM"'), /CloudHSM cluster of a CloudHSM key store/);
  assert.match(md('{ "Statement": [ { "Principal": { "Service": ["cks.kms.ama|zonaws.com"] } } ] }', '"cks.kms.amazonaws.com"'), /AWSServiceRoleForKeyManagementServiceCustomKeyStores/);
  assert.match(md('{ "Statement": [ { "Condition": { "StringEquals": { "iam:AWSServiceName": "cloudhsm.amazon|aws.com" } } } ] }', '"cloudhsm.amazonaws.com"'), /AWSServiceRoleForCloudHSM/);
  assert.match(md('{ "Statement": [ { "Principal": { "Service": "ec2.amazon|aws.com" } } ] }', '"ec2.amazonaws.com"'), /service principal of Amazon EC2/);
  const arn = md('{ "Statement": [ { "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234|abcd" } ] }', '"arn:aws:kms:us-east-1:111122223333:key/1234abcd"');
  assert.match(arn, /Resource type `key` of AWS Key Management Service/);
  assert.match(arn, /`kms:KeyOrigin`/);
  assert.match(md('{ "Statement": [ { "Resource": "arn:aws:kms:us-east-1:111122223333:nothing/|x" } ] }', '"arn:aws:kms:us-east-1:111122223333:nothing/x"'), /No resource type of AWS Key Management Service/);
  assert.match(md('{ "Statement": [ { "Resource": "|*" } ] }', '"*"'), /this key in a key policy/);
});

test('every action of every snippet has a hover (the e2e check) that names it', () => {
  for (const s of getData().documentSnippets) {
    const text = expandSnippet(s.body);
    for (const m of text.matchAll(/"((?:kms|cloudhsm|iam|ec2|sts):[A-Za-z*]+)"/g)) {
      const h = hover(getKnowledge(), text, m.index! + 2);
      assert.ok(h && h.markdown.includes(m[1].replace('*', '\\*')), `${s.prefix}: ${m[1]}`);
    }
  }
});

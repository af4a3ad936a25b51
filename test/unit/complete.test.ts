/**
 * complete(): proposals at a `|` cursor, json-languageservice style: the labels offered, and the text
 * after applying the chosen proposal (its range replaced, snippet placeholders at their defaults).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardPatterns } from '../../server/src/analysis/catalogLists';
import { complete, CompletionProposal } from '../../server/src/analysis/complete';
import { expandSnippet } from '../../server/src/analysis/snippets';
import type { AnalysisOptions } from '../../server/src/analysis/types';
import { applyProposal, getCatalog, getData, getKnowledge, run } from '../helpers';

interface At { text: string; offset: number; items: CompletionProposal[] }

function at(withCursor: string, options?: AnalysisOptions): At {
  const offset = withCursor.indexOf('|');
  assert.ok(offset >= 0, 'a | marks the cursor');
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  return { text, offset, items: complete(getKnowledge(), text, offset, options) };
}
const labels = (withCursor: string, options?: AnalysisOptions) => at(withCursor, options).items.map((p) => p.label);
/** The labels in the order an editor shows them with nothing typed (by sortText, then label). */
const sorted = (items: CompletionProposal[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label)).map((p) => p.label);
function item(a: At, label: string): CompletionProposal {
  const p = a.items.find((x) => x.label === label);
  assert.ok(p, `${label} is offered; got ${a.items.slice(0, 20).map((x) => x.label).join(', ')}`);
  return p;
}
/** The document after accepting `label` at the cursor. */
function accept(withCursor: string, label: string, options?: AnalysisOptions): string {
  const a = at(withCursor, options);
  return applyProposal(a.text, item(a, label));
}

// -- document level and property keys ------------------------------------------------------------------

test('empty document: the whole-document snippets, and nothing in a non-empty non-object', () => {
  assert.deepEqual(labels('|'), getData().documentSnippets.map((s) => s.prefix));
  assert.deepEqual(labels('  chs|  '), getData().documentSnippets.map((s) => s.prefix));
  const a = at('chsm-key|');
  assert.deepEqual(item(a, 'chsm-key-user').replace, { offset: 0, length: 8 }, 'replaces the word typed');
  assert.deepEqual(JSON.parse(accept('chsm-key|', 'chsm-key-user')), JSON.parse(expandSnippet(getData().documentSnippets.find((s) => s.prefix === 'chsm-key-user')!.body)));
  assert.deepEqual(labels('[1, 2] |'), []);
  assert.deepEqual(labels('{ "Version": "2012-10-17" } |'), []);
});

test('pinned class: its snippets come first', () => {
  const a = at('|', { role: 'key-user' });
  assert.equal(sorted(a.items)[0], 'chsm-key-user');
  const b = at('{ "Statement": [ | ] }', { role: 'cluster-manager' });
  assert.deepEqual(sorted(b.items).slice(0, 5), ['statement', 'chsm-cluster-manager-create', 'chsm-cluster-manager-initialize', 'chsm-cluster-manager-network', 'chsm-cluster-manager-slr']);
});

test('empty object: top-level elements and the document snippets, inserted inside the braces', () => {
  assert.deepEqual(labels('{|}'), ['Version', 'Id', 'Statement', ...getData().documentSnippets.map((s) => s.prefix)]);
  assert.equal(accept('{|}', 'Version'), '{"Version": "2012-10-17"}');
  assert.equal(accept('{\n  |\n}', 'Statement'), '{\n  "Statement": [\n    \n  ]\n}');
  const policy = accept('{|}', 'chsm-key-user');
  assert.match(policy, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n {4}\{\n {6}"Sid"/);
  assert.ok(policy.endsWith('\n  ]\n}'));
  const unclosed = accept('{|', 'chsm-key-store-manager');
  assert.equal(JSON.parse(unclosed).Statement.length, 3, 'an unclosed object is closed');
});

test('top-level keys: only those not present, with a comma when a property follows', () => {
  assert.deepEqual(labels('{ "Version": "2012-10-17", | }'), ['Id', 'Statement']);
  assert.deepEqual(labels('{ "Version": "2012-10-17", "|" }'), ['Id', 'Statement']);
  assert.equal(accept('{ | "Statement": [] }', 'Version'), '{ "Version": "2012-10-17", "Statement": [] }');
  assert.equal(accept('{ "Ver| }', 'Version'), '{ "Version": "2012-10-17" }', 'an unterminated key is replaced up to the cursor\'s word');
  assert.equal(accept('{ "Ver|": "2008-10-17" }', 'Version'), '{ "Version": "2008-10-17" }', 'only the key when a value follows');
  const quoted = item(at('{ "Ver|" }'), 'Version');
  assert.deepEqual([quoted.replace, quoted.filterText], [{ offset: 2, length: 5 }, '"Version"']);
});

test('statement keys: elements not present, Action/NotAction and Resource/NotResource exclusive', () => {
  assert.deepEqual(labels('{ "Statement": [ { | } ] }'), ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  assert.deepEqual(labels('{ "Statement": [ { "Action": "kms:Decrypt", "Resource": "*", "|" } ] }'), ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Condition']);
  assert.deepEqual(labels('{ "Statement": { "Effect": "Allow", | } }'), ['Sid', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'], 'a single statement object');
  assert.equal(accept('{ "Statement": [ { Eff| } ] }', 'Effect'), '{ "Statement": [ { "Effect": "Allow" } ] }', 'a bare word becomes a quoted key');
  assert.equal(accept('{ "Statement": [ { "Eff|": "Deny" } ] }', 'Effect'), '{ "Statement": [ { "Effect": "Deny" } ] }');
  assert.equal(accept('{ "Statement": [ { | "Effect": "Allow" } ] }', 'Resource'), '{ "Statement": [ { "Resource": "", "Effect": "Allow" } ] }');
  const action = item(at('{ "Statement": [ { | } ] }'), 'Action');
  assert.ok(action.snippet && action.retrigger, 'Action opens completion again inside the new array');
  assert.equal(accept('{ "Statement": [ {\n    |\n  } ] }', 'Action'), '{ "Statement": [ {\n    "Action": [\n      ""\n    ]\n  } ] }');
  assert.equal(accept('{ "Statement": [ { "Sid": "A", | } ] }', 'Condition'), '{ "Statement": [ { "Sid": "A", "Condition": {\n  "": {\n    "": ""\n  }\n} } ] }');
  assert.match(item(at('{ "Statement": [ { | } ] }'), 'NotAction').documentation!, /prefer `Action`/);
});

// -- values ------------------------------------------------------------------------------------------

test('Effect and Version values, in a string and at a bare position', () => {
  assert.deepEqual(labels('{ "Statement": [ { "Effect": "|" } ] }'), ['Allow', 'Deny']);
  assert.equal(accept('{ "Statement": [ { "Effect": "A|" } ] }', 'Deny'), '{ "Statement": [ { "Effect": "Deny" } ] }');
  assert.equal(accept('{ "Statement": [ { "Effect": | } ] }', 'Allow'), '{ "Statement": [ { "Effect": "Allow" } ] }');
  assert.equal(accept('{ "Statement": [ { "Effect": Al| } ] }', 'Allow'), '{ "Statement": [ { "Effect": "Allow" } ] }');
  assert.equal(accept('{ "Version": "2008|" }', '2012-10-17'), '{ "Version": "2012-10-17" }');
  assert.deepEqual(labels('{ "Statement": [ { "Effect": "Allow" | } ] }'), [], 'nothing right after a value');
  assert.deepEqual(labels('{ "Statement": [ { "Sid": "Allow|" } ] }'), [], 'no values for Sid');
});

test('Action: service prefixes first (CloudHSM-related ones on top), then the service\'s actions', () => {
  const a = at('{ "Statement": [ { "Action": "km|" } ] }');
  assert.equal(a.items.length, getCatalog().services.size);
  assert.deepEqual(sorted(a.items).slice(0, 4), ['kms', 'cloudhsm', 'iam', 'ec2']);
  const kms = item(a, 'kms');
  assert.deepEqual([kms.kind, kms.detail, kms.filterText, kms.retrigger], ['module', 'AWS Key Management Service', '"kms"', true]);
  assert.equal(applyProposal(a.text, kms), '{ "Statement": [ { "Action": "kms:" } ] }');
  assert.equal(accept('{ "Statement": [ { "Action": ["kms:Decrypt", |] } ] }', 'cloudhsm'), '{ "Statement": [ { "Action": ["kms:Decrypt", "cloudhsm:"] } ] }');
  assert.equal(accept('{ "Statement": [ { "Action": [|"kms:Decrypt"] } ] }', 'ec2'), '{ "Statement": [ { "Action": ["ec2:","kms:Decrypt"] } ] }', 'a comma before the next item');
  assert.equal(accept('{ "Statement": [ { "Action": | } ] }', 'iam'), '{ "Statement": [ { "Action": "iam:" } ] }');
});

test('Action: the actions of the service with access level and description; the e2e case "kms:Decr"', () => {
  const a = at('{ "Statement": [ { "Action": "kms:Decr|", "Resource": "*" } ] }');
  const kmsService = getCatalog().getService('kms')!;
  assert.ok(a.items.every((p) => p.label.startsWith('kms:')), 'only kms proposals');
  assert.equal(a.items.filter((p) => p.kind === 'function').length, kmsService.actions.length);
  const decrypt = item(a, 'kms:Decrypt');
  assert.deepEqual([decrypt.kind, decrypt.detail, decrypt.filterText], ['function', 'Write', '"kms:Decrypt"']);
  assert.match(decrypt.documentation!, /^Controls permission to decrypt ciphertext/);
  const userNeed = getKnowledge().profiles.byId.get('key-user')!.needs.get(getCatalog().getAction('kms:Decrypt')!)!;
  assert.ok(decrypt.documentation!.includes(`KMS key user (${userNeed.kind})`), 'which classes need it');
  assert.equal(applyProposal(a.text, decrypt), '{ "Statement": [ { "Action": "kms:Decrypt", "Resource": "*" } ] }');
  assert.equal(accept('{\n  "Statement": [ { "Action": "kms:Decr|\n  } ]\n}', 'kms:Decrypt'), '{\n  "Statement": [ { "Action": "kms:Decrypt"\n  } ]\n}', 'an unterminated string is closed');
  assert.equal(accept('{ "Statement": [ { "Action": kms:Decr| } ] }', 'kms:Decrypt'), '{ "Statement": [ { "Action": "kms:Decrypt" } ] }');
  assert.deepEqual(labels('{ "Statement": [ { "Action": "nosuchservice:|" } ] }'), []);
  assert.match(item(a, 'kms:EnableKeyRotation').detail!, /not for CloudHSM key store keys/);
  assert.ok(!item(a, 'kms:Encrypt').detail!.includes('CloudHSM'));
  const sortedKms = sorted(a.items);
  assert.equal(sortedKms[0], 'kms:CancelKeyDeletion', 'actions alphabetically first');
  assert.equal(sortedKms[sortedKms.length - 1], 'kms:*', 'the service wildcard last');
});

test('Action: actions already in the list are not offered again', () => {
  const got = labels('{ "Statement": [ { "Action": ["kms:Decrypt", "kms:|", "KMS:ENCRYPT"] } ] }');
  assert.ok(!got.includes('kms:Decrypt') && !got.includes('kms:Encrypt'));
  assert.ok(got.includes('kms:DescribeKey'));
});

test('Action: wildcard patterns with how many actions they match', () => {
  const catalog = getCatalog();
  const a = at('{ "Statement": [ { "Action": "kms:|" } ] }');
  const wild = a.items.filter((p) => p.label.includes('*'));
  for (const p of wild) {
    const n = catalog.match(p.label).length;
    assert.ok(p.label === 'kms:*' ? p.detail === `all ${n} actions` : p.detail === `matches ${n} actions`, `${p.label}: ${p.detail} (really ${n})`);
  }
  for (const w of ['kms:Describe*', 'kms:GenerateDataKey*', 'kms:GenerateDataKeyPair*', 'kms:ReEncrypt*', 'kms:Get*', 'kms:Create*', 'kms:*']) assert.ok(wild.some((p) => p.label === w), w);
  assert.ok(!wild.some((p) => p.label === 'kms:Re*'), 'kms:Re* would also match ReplicateKey, RetireGrant, RevokeGrant');
  assert.ok(!wild.some((p) => p.label === 'kms:GenerateData*'), 'of patterns matching the same actions, the longest');
  assert.equal(item(a, 'kms:GenerateDataKey*').detail, 'matches 4 actions');
  assert.match(item(a, 'kms:Describe*').documentation!, /`DescribeCustomKeyStores`, `DescribeKey`/);
  // the patterns are honest: each matches exactly the actions listed with it
  for (const service of ['kms', 'cloudhsm', 'iam', 'ec2', 's3', 'sts', 'organizations'].map((p) => catalog.getService(p)!)) {
    for (const w of wildcardPatterns(service)) assert.deepEqual(catalog.match(w.pattern).map((x) => x.full).sort(), w.actions.map((x) => x.full).sort(), w.pattern);
  }
});

test('Action: a large service (ec2) lists every action', () => {
  const a = at('{ "Statement": [ { "Action": ["ec2:Desc|"] } ] }');
  const ec2 = getCatalog().getService('ec2')!;
  assert.equal(a.items.filter((p) => p.kind === 'function').length, ec2.actions.length);
  assert.equal(a.items.length, ec2.actions.length + wildcardPatterns(ec2).length + 1);
});

test('Resource: "*" and the ARN formats of the statement\'s actions', () => {
  const a = at('{ "Statement": [ { "Action": ["kms:Decrypt", "kms:CreateAlias"], "Resource": "|" } ] }');
  assert.deepEqual(sorted(a.items), ['*', 'arn:aws:kms:<region>:<account>:alias/<Alias>', 'arn:aws:kms:<region>:<account>:key/<KeyId>']);
  assert.equal(applyProposal(a.text, item(a, 'arn:aws:kms:<region>:<account>:key/<KeyId>')),
    '{ "Statement": [ { "Action": ["kms:Decrypt", "kms:CreateAlias"], "Resource": "arn:aws:kms:us-east-1:123456789012:key/KeyId" } ] }');
  assert.equal(item(a, 'arn:aws:kms:<region>:<account>:key/<KeyId>').insertText, '"arn:aws:kms:${1:us-east-1}:${2:123456789012}:key/${3:KeyId}"');
  assert.deepEqual(labels('{ "Statement": [ { "Action": "kms:CreateKey", "Resource": [|] } ] }'), ['*'], 'CreateKey has no resource type');
  assert.match(item(at('{ "Statement": [ { "Principal": { "AWS": "x" }, "Action": "kms:Decrypt", "Resource": "|" } ] }'), '*').detail!, /this key/);
});

test('Principal: principal types, service principals (CloudHSM ones first), AWS principal forms', () => {
  assert.deepEqual(labels('{ "Statement": [ { "Principal": { | } } ] }'), ['AWS', 'Service', 'Federated', 'CanonicalUser']);
  const a = at('{ "Statement": [ { "Principal": { "Service": "|" } } ] }');
  assert.deepEqual(sorted(a.items).slice(0, 2), ['cks.kms.amazonaws.com', 'cloudhsm.amazonaws.com']);
  assert.ok(a.items.some((p) => p.label === 'kms.amazonaws.com') && a.items.some((p) => p.label === 'ec2.amazonaws.com'));
  assert.equal(a.items.length, new Set([...getCatalog().services.keys()].map((k) => `${k}.amazonaws.com`).concat('cks.kms.amazonaws.com')).size);
  assert.match(item(a, 'cks.kms.amazonaws.com').documentation!, /AWSServiceRoleForKeyManagementServiceCustomKeyStores/);
  assert.equal(accept('{ "Statement": [ { "Principal": { "Service": ["cloudhsm.amazonaws.com", |] } } ] }', 'cks.kms.amazonaws.com'),
    '{ "Statement": [ { "Principal": { "Service": ["cloudhsm.amazonaws.com", "cks.kms.amazonaws.com"] } } ] }');
  assert.equal(accept('{ "Statement": [ { "Principal": { "AWS": "|" } } ] }', 'arn:aws:iam::<account>:root'), '{ "Statement": [ { "Principal": { "AWS": "arn:aws:iam::123456789012:root" } } ] }');
});

// -- conditions --------------------------------------------------------------------------------------

test('Condition: operators with IfExists and ForAllValues:/ForAnyValue: forms, not already present', () => {
  const a = at('{ "Statement": [ { "Condition": { "|" } } ] }');
  const got = a.items.map((p) => p.label);
  for (const op of ['StringEquals', 'StringEqualsIfExists', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ArnLike', 'Bool', 'BoolIfExists', 'IpAddress', 'NumericGreaterThanEquals', 'DateLessThan', 'Null']) assert.ok(got.includes(op), op);
  assert.ok(!got.includes('NullIfExists') && !got.includes('ForAnyValue:Null'));
  assert.equal(got.length, 26 * 4 + 1);
  assert.deepEqual(sorted(a.items).slice(0, 3), ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase'], 'the base operators first');
  assert.match(item(a, 'ForAllValues:StringEquals').documentation!, /absent or empty/);
  assert.ok(!labels('{ "Statement": [ { "Condition": { "StringEquals": {}, | } } ] }').includes('StringEquals'));
  assert.equal(accept('{ "Statement": [ { "Condition": { | } } ] }', 'StringLike'), '{ "Statement": [ { "Condition": { "StringLike": {\n  "": ""\n} } } ] }');
  assert.equal(accept('{ "Statement": [ { "Condition": { "StringEq|": { "kms:KeyOrigin": "AWS_CLOUDHSM" } } } ] }', 'StringEquals'),
    '{ "Statement": [ { "Condition": { "StringEquals": { "kms:KeyOrigin": "AWS_CLOUDHSM" } } } ] }');
});

test('Condition: keys of the statement\'s actions and their resource types first, then global keys', () => {
  const a = at('{ "Statement": [ { "Action": ["kms:Decrypt"], "Condition": { "StringEquals": { | } } } ] }');
  const got = sorted(a.items);
  const decrypt = getCatalog().getAction('kms:Decrypt')!;
  const kms = getCatalog().getService('kms')!;
  const serviceKeys = new Set([...decrypt.conditionKeys, ...kms.resourceTypes.get('key')!.conditionKeys]
    .filter((k) => ['String', 'ArrayOfString'].includes(kms.conditionKeys.get(k.toLowerCase())!.type)));
  assert.ok(serviceKeys.size > 10);
  assert.deepEqual(new Set(got.slice(0, serviceKeys.size)), serviceKeys, 'the String keys of kms:Decrypt and of its key resource first');
  assert.match(item(a, 'kms:MultiRegion').detail!, /Bool \(not a String key\)/);
  assert.ok(got.includes('kms:KeyOrigin') && got.includes('aws:SourceIp') && got.includes('aws:PrincipalTag/${TagKey}'));
  assert.ok(!got.includes('kms:GrantIsForAWSResource'), 'a key of CreateGrant, not of Decrypt');
  assert.equal(item(a, 'kms:KeyOrigin').detail, 'String');
  assert.match(item(a, 'kms:KeyOrigin').documentation!, /Supported by 1 of the statement's 1 actions: `kms:Decrypt`/);
  assert.equal(applyProposal(a.text, item(a, 'kms:EncryptionContext:${EncryptionContextKey}')),
    '{ "Statement": [ { "Action": ["kms:Decrypt"], "Condition": { "StringEquals": { "kms:EncryptionContext:EncryptionContextKey": "" } } } ] }');
  assert.ok(item(a, 'kms:KeyOrigin').retrigger, 'values follow for a key with known values');
  assert.ok(!labels('{ "Statement": [ { "Action": "kms:Decrypt", "Condition": { "StringEquals": { "kms:KeyOrigin": "x", "|" } } } ] }').includes('kms:KeyOrigin'));
});

test('Condition: keys that fit the operator sort first; kms:* offers every kms key', () => {
  const a = at('{ "Statement": [ { "Action": "kms:CreateGrant", "Condition": { "Bool": { "|" } } } ] }');
  assert.equal(sorted(a.items)[0], 'kms:GrantIsForAWSResource');
  assert.match(item(a, 'kms:CallerAccount').detail!, /not a Bool key/);
  const all = labels('{ "Statement": [ { "Action": "kms:*", "Condition": { "StringEquals": { | } } } ] }');
  assert.ok(all.includes('kms:ScheduleKeyDeletionPendingWindowInDays') && all.includes('kms:GrantIsForAWSResource'));
  const star = labels('{ "Statement": [ { "Action": "*", "Condition": { "StringEquals": { | } } } ] }');
  assert.equal(star.length, getCatalog().globalConditionKeys.size, '"*" offers the global keys only');
});

test('Condition: well-known values', () => {
  const origin = at('{ "Statement": [ { "Condition": { "StringEquals": { "kms:KeyOrigin": "|" } } } ] }');
  assert.deepEqual(sorted(origin.items), ['AWS_CLOUDHSM', 'AWS_KMS', 'EXTERNAL', 'EXTERNAL_KEY_STORE']);
  assert.equal(applyProposal(origin.text, item(origin, 'AWS_CLOUDHSM')), '{ "Statement": [ { "Condition": { "StringEquals": { "kms:KeyOrigin": "AWS_CLOUDHSM" } } } ] }');
  assert.equal(sorted(at('{ "Statement": [ { "Condition": { "StringEquals": { "kms:KeySpec": | } } } ] }').items)[0], 'SYMMETRIC_DEFAULT');
  assert.deepEqual(labels('{ "Statement": [ { "Condition": { "Bool": { "kms:GrantIsForAWSResource": "|" } } } ] }'), ['true', 'false']);
  assert.deepEqual(labels('{ "Statement": [ { "Condition": { "Null": { "aws:SourceIp": | } } } ] }'), ['true', 'false']);
  assert.equal(sorted(at('{ "Statement": [ { "Condition": { "StringEquals": { "iam:AWSServiceName": "|" } } } ] }').items)[0], 'cks.kms.amazonaws.com');
  assert.equal(accept('{ "Statement": [ { "Condition": { "StringEquals": { "kms:CallerAccount": "|" } } } ] }', '<account id>'),
    '{ "Statement": [ { "Condition": { "StringEquals": { "kms:CallerAccount": "123456789012" } } } ] }');
  assert.equal(accept('{ "Statement": [ { "Condition": { "StringEquals": { "kms:ViaService": ["|"] } } } ] }', 'ec2.<region>.amazonaws.com'),
    '{ "Statement": [ { "Condition": { "StringEquals": { "kms:ViaService": ["ec2.us-east-1.amazonaws.com"] } } } ] }');
  assert.deepEqual(labels('{ "Statement": [ { "Condition": { "StringEquals": { "aws:SourceIp": "|" } } } ] }'), []);
});

// -- statement snippets --------------------------------------------------------------------------------

test('Statement array: a blank statement and the statement snippets; those of the document\'s kind first', () => {
  const empty = at('{ "Version": "2012-10-17", "Statement": [|] }');
  assert.deepEqual(empty.items.map((p) => p.label), ['statement', ...getData().statementSnippets.map((s) => s.prefix)]);
  assert.equal(applyProposal(empty.text, item(empty, 'statement')),
    '{ "Version": "2012-10-17", "Statement": [\n  {\n    "Sid": "Statement1",\n    "Effect": "Allow",\n    "Action": [\n      ""\n    ],\n    "Resource": "*"\n  }\n] }');
  const keyPolicy = at('{ "Statement": [ { "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "kms:*", "Resource": "*" },\n  |\n] }');
  assert.deepEqual(sorted(keyPolicy.items).slice(1, 5), ['chsm-key-policy-root', 'chsm-key-policy-administrators', 'chsm-key-policy-users', 'chsm-key-policy-grants']);
  const identity = at('{ "Statement": [ { "Action": "kms:Decrypt", "Resource": "*" },\n  |\n] }');
  assert.equal(sorted(identity.items)[1], 'chsm-key-store-manager-manage');
});

test('Statement array: commas around an inserted statement, and "Statement": with no value yet', () => {
  const missing = accept('{ "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } | ] }', 'chsm-key-user-use-keys');
  assert.equal(JSON.parse(missing).Statement.length, 2, missing);
  const before = accept('{ "Statement": [\n  |\n  { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n] }', 'statement');
  assert.equal(JSON.parse(before).Statement.length, 2, before);
  const novalue = accept('{ "Version": "2012-10-17", "Statement": | }', 'chsm-key-policy-root');
  assert.deepEqual(JSON.parse(novalue).Statement, [{ Sid: 'EnableIamUserPermissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }]);
  const novalueFollowed = accept('{ "Statement": | "Version": "2012-10-17" }', 'statement');
  assert.equal(JSON.parse(novalueFollowed).Version, '2012-10-17');
});

// -- robustness and speed -----------------------------------------------------------------------------

test('no proposals in comments', () => {
  assert.deepEqual(labels('{ // Eff|\n "Statement": [] }'), []);
  assert.deepEqual(labels('{ /* "Action": "kms:|" */ }'), []);
  assert.ok(labels('{ /* x */ "Statement": [ { "Effect": "|" } ] }').includes('Allow'));
});

test('never throws; every range is on one line, contains the cursor, and replaces only what it should', () => {
  const catalog = getCatalog();
  const docs = [
    ...getData().documentSnippets.filter((s) => ['chsm-key-store-manager', 'chsm-key-policy'].includes(s.prefix)).map((s) => expandSnippet(s.body)),
    '{ "Statement": [ { "Action": ["kms:Decrypt", "kms:"], "Condition": { "StringEquals": { "kms:KeyOrigin": "AWS_CLOUDHSM" } }, "Principal": { "Service": "" } } ] }',
    '{"Statement":[{"Sid":"a\\"b","Effect":"Allow","Action":"kms:*","Resource":"*"}]} // c',
  ];
  let checked = 0;
  for (const full of docs) {
    for (const cut of [full.length, Math.floor(full.length * 0.6)]) {
      const text = full.slice(0, cut); // every half-typed prefix too
      const step = text.length > 300 ? 5 : 1; // a sample of the offsets of long documents keeps the unit tier fast
      for (let offset = 0; offset <= text.length; offset += step) {
        const items = complete(getKnowledge(), text, offset);
        assert.ok(Array.isArray(items));
        for (const p of items) {
          const { offset: o, length: l } = p.replace;
          assert.ok(o <= offset && offset <= o + l, `range contains the cursor at ${offset} in ${JSON.stringify(text)}: ${p.label}`);
          assert.ok(o >= 0 && o + l <= text.length && !text.slice(o, o + l).includes('\n'), `single-line range: ${p.label}`);
          if (p.filterText) assert.equal(p.filterText[0] === '"', text[o] === '"', `filterText quoted exactly when the range starts at a quote: ${p.label}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 20000, `checked ${checked} proposals`);
  for (const bad of ['[[[[[[[[[[[[', '{"a":', '"', '{"Statement":[{"Action":"', '\uFEFF{', '{'.repeat(100000)]) {
    assert.ok(Array.isArray(complete(getKnowledge(), bad, bad.length)));
    assert.ok(Array.isArray(complete(getKnowledge(), bad, -1)));
  }
});

test('every accepted proposal keeps a valid policy valid (or makes it so)', () => {
  const catalog = getCatalog();
  const base = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        "kms:Decrypt",\n        "|"\n      ],\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "kms:KeyOrigin": "AWS_CLOUDHSM",\n          "|": ""\n        }\n      }\n    }\n  ]\n}';
  const marks = [...base].map((c, i) => (c === '|' ? i : -1)).filter((i) => i >= 0);
  for (const [n, mark] of marks.entries()) {
    const offset = mark - n;
    const text = base.replace(/\|/g, '');
    for (const p of complete(getKnowledge(), text, offset)) {
      const out = applyProposal(text, p);
      assert.doesNotThrow(() => JSON.parse(out), `${p.label}:\n${out}`);
      assert.ok(!run(out).findings.some((f) => f.code === 'json-syntax'), p.label);
    }
  }
});

// Its speed is a benchmark's business, not a unit test's (a timed test fails on a loaded machine).
test('a 32 KB policy (the catalog has 22,000 actions): proposals at actions, condition keys and elements', () => {
  const catalog = getCatalog();
  const statements = [];
  for (let i = 0; statements.length < 400 && JSON.stringify(statements).length < 32 * 1024; i++) {
    statements.push({ Sid: `S${i}`, Effect: 'Allow', Action: ['ec2:DescribeVpcs', 'kms:Decrypt', 'kms:Encrypt'], Resource: '*', Condition: { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } } });
  }
  statements.push({ Effect: 'Allow', Action: ['ec2:Desc'], Resource: '*', Condition: { StringEquals: { 'kms:Key': 'x' } } });
  const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  assert.ok(text.length > 32 * 1024);
  const positions = [text.lastIndexOf('ec2:Desc') + 8, text.lastIndexOf('kms:Key"') + 7, text.lastIndexOf('"Effect"') + 1, text.indexOf('"ec2:DescribeVpcs"') + 2];
  for (const offset of positions) {
    const items = complete(getKnowledge(), text, offset);
    assert.ok(items.length > 0, `no proposal at offset ${offset}`);
  }
});

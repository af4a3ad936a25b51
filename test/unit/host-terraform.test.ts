/**
 * The Terraform reader over realistic Terraform of our own (a CloudHSM key store stack in each form,
 * a messy Lambda role): which policies are found, where (locators), of which kind, whether the key is
 * in a key store, whose they are (subjects), and the exact host ranges and unknown values of their trees.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { HostAnalyzer } from '../../server/src/analysis/host';
import { readTerraform, TerraformDocument, terraformHostReader } from '../../server/src/analysis/host/terraform/reader';
import { heredocBody } from '../../server/src/analysis/host/terraform/heredoc';
import { UNKNOWN, type EmbeddedPolicy, type HostValue } from '../../server/src/analysis/host/types';
import { newAnalyzer, ROOT } from '../helpers';
import { applyEdits, plain, terraformParser } from '../terraform';

const FIXTURES = path.join(ROOT, 'test/fixtures/terraform');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/policies.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
const snippet = (prefix: string) => JSON.parse(Object.values(snippets).find((s) => s.prefix === prefix)!.body.join('\n'));

function byLocator(policies: EmbeddedPolicy[], locator: string): EmbeddedPolicy {
  const p = policies.find((x) => x.locator === locator);
  assert.ok(p, `no policy ${locator} among ${policies.map((x) => x.locator).join(', ')}`);
  return p;
}

/** Every range of a value lies inside the text and inside its parent; exact text parts are the host's characters. */
function checkRanges(text: string, v: HostValue, outer: { offset: number; length: number }): void {
  assert.ok(v.offset >= outer.offset && v.offset + v.length <= outer.offset + outer.length, `range ${v.offset}+${v.length} outside ${outer.offset}+${outer.length}`);
  if (v.type === 'string') {
    for (const p of v.parts) {
      assert.ok(p.offset >= v.offset && p.offset + p.length <= v.offset + v.length);
      if (p.kind === 'text' && p.exact) assert.equal(text.slice(p.offset, p.offset + p.length), p.text);
      if (p.kind === 'unknown') assert.equal(text.slice(p.offset, p.offset + p.length), p.source);
    }
  } else if (v.type === 'array') for (const x of v.items) checkRanges(text, x, v);
  else if (v.type === 'object') for (const p of v.props) {
    assert.ok(p.keyOffset >= p.offset && p.keyOffset + p.keyLength <= p.offset + p.length);
    checkRanges(text, p.value, { offset: p.offset, length: p.length });
  } else if (v.type === 'unknown') assert.equal(text.slice(v.offset, v.offset + v.length), v.source);
}

test('jsonencode stack: every policy, its locator, kind, key store flag and subject', async () => {
  const text = fixture('keystore-jsonencode.tf');
  const r = readTerraform(await terraformParser(), text);
  assert.equal(r.format, 'terraform');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.keyStoreKey ?? false, p.subject ?? null, p.syntax]), [
    ['aws_iam_policy.key_store_admin', 'identity', false, null, 'hcl-object'],
    ['aws_iam_policy.cluster_admin', 'identity', false, null, 'hcl-object'],
    ['aws_iam_role.key_admin.assume_role_policy', 'trust', false, null, 'hcl-object'],
    ['aws_iam_role.key_admin.inline_policy[0]', 'identity', false, 'aws_iam_role.key_admin', 'hcl-object'],
    ['aws_iam_role_policy.key_admin', 'identity', false, 'aws_iam_role.key_admin', 'hcl-object'],
    ['aws_iam_role.app.assume_role_policy', 'trust', false, null, 'hcl-object'],
    ['aws_iam_role_policy.app_use_key', 'identity', false, 'aws_iam_role.app', 'hcl-object'],
    ['aws_kms_key.in_key_store', 'resource', true, null, 'hcl-object'],
    ['aws_iam_policy.kms_cks_reference', 'identity', false, null, 'hcl-object'],
  ]);
  for (const p of r.policies) {
    checkRanges(text, p.value, p.range);
    assert.ok(p.writer, `${p.locator} has a writer`);
    assert.ok(text.slice(p.range.offset - 'jsonencode('.length, p.range.offset) === 'jsonencode(');
  }
  // The projection of the HCL is the JSON snippet itself
  assert.deepEqual(plain(byLocator(r.policies, 'aws_iam_policy.key_store_admin').value), snippet('chsm-key-store-manager'));
  assert.deepEqual(plain(byLocator(r.policies, 'aws_iam_policy.kms_cks_reference').value), snippet('chsm-service-linked-role'));
  // Interpolations are unknown parts: the ARN is checked around them
  const cluster = plain(byLocator(r.policies, 'aws_iam_policy.cluster_admin').value) as { Statement: { Resource: string }[] };
  assert.equal(cluster.Statement[1].Resource, `arn:aws:cloudhsm:${UNKNOWN}:${UNKNOWN}:cluster/*`);
  // A reference is an unknown value
  const admin = plain(byLocator(r.policies, 'aws_iam_role_policy.key_admin').value) as { Statement: { Resource: string }[] };
  assert.equal(admin.Statement[0].Resource, UNKNOWN);
  const key = plain(byLocator(r.policies, 'aws_kms_key.in_key_store').value) as { Statement: { Principal: unknown }[] };
  assert.deepEqual(key.Statement[1].Principal, { AWS: UNKNOWN });
});

test('HCL object syntax: "=" and ":", quoted and bare keys, commas, comments; key and value ranges are exact', async () => {
  const text = [
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Version = "2012-10-17", // the version',
    '    "Statement": [{ Effect: "Allow", "Action" = ["s3:GetObject",], # trailing comma',
    '      /* block comment */ Resource = "arn:aws:s3:::b/$${aws:username}/\\"q\\"/\\u00e9/${var.x}" },],',
    '  })',
    '}',
  ].join('\n');
  const r = readTerraform(await terraformParser(), text);
  assert.equal(r.policies.length, 1);
  const p = r.policies[0];
  assert.deepEqual(plain(p.value), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::b/\${aws:username}/"q"/\u00e9/${UNKNOWN}` }],
  });
  checkRanges(text, p.value, p.range);
  const root = p.value as Extract<HostValue, { type: 'object' }>;
  const stmt = ((root.props[1].value as Extract<HostValue, { type: 'array' }>).items[0]) as Extract<HostValue, { type: 'object' }>;
  assert.equal(text.slice(root.props[1].keyOffset, root.props[1].keyOffset + root.props[1].keyLength), '"Statement"');
  assert.equal(text.slice(stmt.props[0].keyOffset, stmt.props[0].keyOffset + stmt.props[0].keyLength), 'Effect');
  const res = stmt.props[2].value as Extract<HostValue, { type: 'string' }>;
  assert.equal(text.slice(res.offset, res.offset + res.length), '"arn:aws:s3:::b/$${aws:username}/\\"q\\"/\\u00e9/${var.x}"');
  // `$${` is one inexact part covering its three characters
  const esc = res.parts.find((x) => x.kind === 'text' && x.text === '${');
  assert.ok(esc && esc.kind === 'text' && !esc.exact && esc.length === 3 && text.slice(esc.offset, esc.offset + 3) === '$${');
  assert.deepEqual(res.parts.filter((x) => x.kind === 'unknown').map((x) => x.kind === 'unknown' && x.source), ['${var.x}']);
});

test('computed values are unknown: references, calls, conditionals, for-expressions, computed keys', async () => {
  const text = fixture('messy-lambda.tf');
  const r = readTerraform(await terraformParser(), text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind ?? null, p.subject ?? null]), [
    ['local.bucket_read', null, null],
    ['aws_iam_role.lambda.assume_role_policy', 'trust', null],
    ['aws_iam_role.lambda.inline_policy[0]', 'identity', 'aws_iam_role.lambda'],
    ['aws_iam_role_policy.lambda_ssm', 'identity', null],
    ['aws_s3_bucket_policy.payments', null, null],
  ]);
  for (const p of r.policies) checkRanges(text, p.value, p.range);
  const inline = plain(byLocator(r.policies, 'aws_iam_role.lambda.inline_policy[0]').value) as { Statement: Record<string, unknown>[] };
  assert.deepEqual(inline.Statement[0], { Effect: 'Allow', Action: 'logs:*', Resource: '*' });
  assert.deepEqual(inline.Statement[1], { Effect: 'Allow', Action: UNKNOWN, Resource: UNKNOWN });
  assert.deepEqual(inline.Statement[2], { Effect: 'Allow', Action: UNKNOWN, Resource: UNKNOWN });
  assert.deepEqual(inline.Statement[3], {
    Effect: UNKNOWN, Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': `s3.${UNKNOWN}.amazonaws.com` }, 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['${aws:username}*'] } },
  });
  // the second inline_policy block is a reference to a local: no policy of its own (the local is read where it is written)
  assert.ok(!r.policies.some((p) => p.locator === 'aws_iam_role.lambda.inline_policy[1]'));
  const computedKey = readTerraform(await terraformParser(), 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ (var.k) = "x", Statement = [] })\n}\n');
  assert.deepEqual(plain(computedKey.policies[0].value), { [UNKNOWN]: 'x', Statement: [] });
});

test('aws_iam_policy_document: statements, default effect, principals, conditions; kinds and subjects from uses', async () => {
  const text = fixture('keystore-policy-document.tf');
  const r = readTerraform(await terraformParser(), text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind ?? null, p.keyStoreKey ?? false, p.subject ?? null, p.syntax, p.partlyUnknown ?? null]), [
    ['data.aws_iam_policy_document.key_store_admin', 'identity', false, null, 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.cluster_admin', 'identity', false, 'aws_iam_role.cluster_admin', 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.admin_trust', 'trust', false, null, 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.key_manager_base', null, false, null, 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.key_manager', 'identity', false, 'aws_iam_role.key_admin', 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.key_users', 'identity', false, 'aws_iam_user.app', 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.key_policy', 'resource', true, null, 'hcl-policy-document', null],
    ['data.aws_iam_policy_document.kms_cks_trust', null, false, null, 'hcl-policy-document', null],
  ]);
  // a document merged with its source documents holds their statements, in their own blocks
  for (const p of r.policies) {
    if (!p.locator.endsWith('.key_manager')) { checkRanges(text, p.value, p.range); continue; }
    const statements = (p.value as Extract<HostValue, { type: 'object' }>).props.find((x) => x.key === 'Statement')!.value as Extract<HostValue, { type: 'array' }>;
    for (const s of statements.items) checkRanges(text, s, { offset: 0, length: text.length });
  }
  const ksm = plain(byLocator(r.policies, 'data.aws_iam_policy_document.key_store_admin').value) as { Statement: Record<string, unknown>[] };
  assert.deepEqual(ksm.Statement[1], {
    Sid: 'DisconnectUpdateAndDeleteKeyStoresWithMfa', Effect: 'Allow',
    Action: ['kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DeleteCustomKeyStore'], Resource: ['*'],
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } },
  });
  // effect defaults to Allow, shown on the `statement` keyword
  const ksmValue = byLocator(r.policies, 'data.aws_iam_policy_document.key_store_admin').value as Extract<HostValue, { type: 'object' }>;
  const s0 = (ksmValue.props.find((p) => p.key === 'Statement')!.value as Extract<HostValue, { type: 'array' }>).items[0] as Extract<HostValue, { type: 'object' }>;
  const effect = s0.props.find((p) => p.key === 'Effect')!;
  assert.equal(text.slice(effect.value.offset, effect.value.offset + effect.value.length), 'statement');
  // findings on `actions` land on the HCL attribute
  const actions = s0.props.find((p) => p.key === 'Action')!;
  assert.equal(text.slice(actions.keyOffset, actions.keyOffset + actions.keyLength), 'actions');
  // two conditions of one test are one operator; values = [true] is ["true"]
  const km = plain(byLocator(r.policies, 'data.aws_iam_policy_document.key_manager').value) as { Statement: Record<string, unknown>[] };
  assert.deepEqual(km.Statement.map((s) => s.Sid), ['ListKeysAliasesAndKeyStores', 'CreateKeysInCloudHsmKeyStores', 'AdministerCloudHsmKeys', 'ManageAliases']);
  assert.deepEqual(km.Statement[1].Condition, { StringEquals: { 'kms:KeyOrigin': ['AWS_CLOUDHSM'], 'kms:KeySpec': ['SYMMETRIC_DEFAULT'] } });
  const kp = plain(byLocator(r.policies, 'data.aws_iam_policy_document.key_policy').value) as { Id: string; Statement: Record<string, unknown>[] };
  assert.equal(kp.Id, 'cloudhsm-key-store-key-policy');
  assert.deepEqual(kp.Statement[0].Principal, { AWS: [`arn:aws:iam::${UNKNOWN}:root`] });
  assert.deepEqual(kp.Statement[3].Condition, { Bool: { 'kms:GrantIsForAWSResource': ['true'] } });
  assert.deepEqual((plain(byLocator(r.policies, 'data.aws_iam_policy_document.kms_cks_trust').value) as { Statement: unknown[] }).Statement,
    [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['cks.kms.amazonaws.com'] } }]);
});

test('source and override documents: merged by sid when in the text, else partly unknown with the reason', async () => {
  const text = [
    'data "aws_iam_policy_document" "base" {',
    '  statement {\n    sid = "A"\n    actions = ["s3:GetObject"]\n    resources = ["*"]\n  }',
    '  statement {\n    sid = "B"\n    actions = ["s3:PutObject"]\n    resources = ["*"]\n  }',
    '}',
    'data "aws_iam_policy_document" "extra" {',
    '  statement {\n    sid = "B"\n    effect = "Deny"\n    actions = ["s3:PutObject"]\n    resources = ["*"]\n  }',
    '}',
    'data "aws_iam_policy_document" "merged" {',
    '  source_policy_documents   = [data.aws_iam_policy_document.base.json]',
    '  override_policy_documents = [data.aws_iam_policy_document.extra.json]',
    '  statement {\n    sid = "A"\n    actions = ["s3:ListBucket"]\n    resources = ["*"]\n  }',
    '  statement {\n    actions = ["s3:GetBucketLocation"]\n    resources = ["*"]\n  }',
    '}',
    'data "aws_iam_policy_document" "elsewhere" {',
    '  source_policy_documents = [data.aws_iam_policy_document.other_module.json, var.extra_document]',
    '  statement {\n    actions = ["s3:GetObject"]\n    resources = ["*"]\n  }',
    '}',
    'data "aws_iam_policy_document" "loop" {',
    '  source_policy_documents = [data.aws_iam_policy_document.loop.json]',
    '}',
  ].join('\n');
  const r = readTerraform(await terraformParser(), text);
  const merged = plain(byLocator(r.policies, 'data.aws_iam_policy_document.merged').value) as { Statement: Record<string, unknown>[] };
  assert.deepEqual(merged.Statement.map((s) => [s.Sid ?? null, s.Effect, s.Action]), [
    ['A', 'Allow', ['s3:ListBucket']],
    ['B', 'Deny', ['s3:PutObject']],
    [null, 'Allow', ['s3:GetBucketLocation']],
  ]);
  assert.equal(byLocator(r.policies, 'data.aws_iam_policy_document.merged').partlyUnknown, undefined);
  const elsewhere = byLocator(r.policies, 'data.aws_iam_policy_document.elsewhere');
  assert.match(elsewhere.partlyUnknown ?? '', /data\.aws_iam_policy_document\.other_module, which is not in this file/);
  assert.match(elsewhere.partlyUnknown ?? '', /a document computed elsewhere/);
  assert.match(byLocator(r.policies, 'data.aws_iam_policy_document.loop').partlyUnknown ?? '', /refers back/);
});

test('key policies: keyStoreKey through custom_key_store_id and through aws_kms_key_policy key_id', async () => {
  const text = [
    'resource "aws_kms_key" "hsm" {\n  custom_key_store_id = aws_kms_custom_key_store.s.id\n}',
    'resource "aws_kms_key" "plain" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}',
    'resource "aws_kms_key_policy" "hsm" {\n  key_id = aws_kms_key.hsm.key_id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}',
    'resource "aws_kms_key_policy" "plain" {\n  key_id = aws_kms_key.plain.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}',
  ].join('\n');
  const r = readTerraform(await terraformParser(), text);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.keyStoreKey ?? false]), [
    ['aws_kms_key.plain', 'resource', false],
    ['aws_kms_key_policy.hsm', 'resource', true],
    ['aws_kms_key_policy.plain', 'resource', false],
  ]);
});

test('a key in a key store: unsupported-in-key-store applies with certainty, and the verdicts say so', async () => {
  const keyPolicy = (name: string, storeId: string) => `resource "aws_kms_key" "${name}" {
  ${storeId}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/App" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:Sign"]
        Resource  = "*"
      },
    ]
  })
}
`;
  const text = keyPolicy('hsm', 'custom_key_store_id = aws_kms_custom_key_store.s.id') + keyPolicy('plain', 'description = "not in a key store"');
  const reader = terraformHostReader(await terraformParser());
  const r = new HostAnalyzer(newAnalyzer(), [reader]).analyze(text, 'keys.tf')!;
  const [hsm, plainKey] = [r.policies.find((p) => p.locator === 'aws_kms_key.hsm')!, r.policies.find((p) => p.locator === 'aws_kms_key.plain')!];
  const sign = (p: typeof hsm) => p.findings.filter((f) => f.code === 'unsupported-in-key-store');
  assert.equal(hsm.keyStoreKey, true);
  assert.deepEqual(sign(hsm).map((f) => [f.severity, text.slice(f.offset, f.offset + f.length)]), [['warning', '"kms:Sign"']]);
  assert.match(sign(hsm)[0].message, /^This key is in a CloudHSM key store \(custom_key_store_id\): kms:Sign has no effect on it\./);
  assert.ok(hsm.roles.length > 0 && hsm.roles.every((v) => v.keyStoreKey === 'custom_key_store_id' && v.reason.startsWith('Key policy of a key in a CloudHSM key store (custom_key_store_id).')));
  assert.equal(plainKey.keyStoreKey, undefined);
  assert.deepEqual(sign(plainKey).map((f) => f.severity), ['information']);
  assert.match(sign(plainKey)[0].message, /^kms:Sign has no effect on keys in a CloudHSM key store/);
  assert.ok(plainKey.roles.every((v) => v.keyStoreKey === undefined));
  // The quick fix removes the action from the jsonencode list.
  const fixed = applyEdits(text, sign(hsm)[0].fixes![0].edits);
  assert.ok(fixed.includes('"kms:DescribeKey"]') && !fixed.slice(0, fixed.indexOf('resource "aws_kms_key" "plain"')).includes('kms:Sign'), fixed);
});

test('heredocs: the body region handed to the JSON template reader, indentation and all', async () => {
  const parser = await terraformParser();
  const text = fixture('keystore-heredoc.tf');
  const tree = parser.parse(text)!;
  const bodies: string[] = [];
  const visit = (n: import('web-tree-sitter').Node) => {
    if (n.type === 'heredoc_template') { const b = heredocBody(text, n); if (b) bodies.push(text.slice(b.offset, b.offset + b.length)); }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(tree.rootNode);
  tree.delete();
  assert.equal(bodies.length, 3);
  assert.ok(bodies[0].startsWith('{\n  "Version"') && bodies[0].endsWith('}\n'));
  assert.ok(bodies[1].startsWith('      {\n') && bodies[1].endsWith('      }\n') && !bodies[1].includes('EOT'));
  assert.ok(bodies[2].startsWith('  {\n') && !bodies[2].includes('POLICY'));
  // file(), templatefile() and "${jsonencode(local.x)}" are computed: no policy of their own, no problem
  const r = readTerraform(parser, text);
  assert.deepEqual(r.problems, []);
  assert.ok(!r.policies.some((p) => /computed|from_template|assume_role_policy/.test(p.locator)));
});

test('incremental re-parse answers what a fresh read answers, edit after edit', async () => {
  const parser = await terraformParser();
  let text = fixture('keystore-jsonencode.tf');
  const doc = new TerraformDocument(parser);
  doc.update(text);
  const edits: [string, string][] = [
    ['"kms:CreateCustomKeyStore",', '"kms:CreateCustomKeyStore", "kms:Foo",'],
    ['"ManageAliases"', '"ManageAlias'],
    ['"ManageAlias\n', '"ManageAliases"\n'],
    ['resource "aws_iam_policy" "cluster_admin" {', 'resource "aws_iam_policy" "cluster_admin" {\n  # a comment\n'],
    ['policy = jsonencode({\n    Version = "2012-10-17"\n    Id', 'policy = jsonencode({\n    Version = "2012-10-17",\n    Id'],
  ];
  for (const [i, [from, to]] of edits.entries()) {
    const at = text.indexOf(from);
    assert.ok(at >= 0, `edit ${i}`);
    const next = text.slice(0, at) + to + text.slice(at + from.length);
    // half the edits say what changed, the others leave it to the document to find
    const got = i % 2 === 0 ? doc.update(next, [{ offset: at, length: from.length, newText: to }]) : doc.update(next);
    text = next;
    const fresh = readTerraform(parser, text);
    assert.deepEqual(strip(got), strip(fresh), `after edit ${i}`);
  }
  doc.dispose();
});

/** A read result without writers (functions), for comparison. */
function strip(r: { policies: EmbeddedPolicy[] }): unknown {
  return r.policies.map(({ writer: _w, ...p }) => p);
}

test('heredocs: the reader hands each body region to the JSON template reader and takes its value, kind and writer from the place', async () => {
  const parser = await terraformParser();
  const text = fixture('keystore-heredoc.tf');
  const calls: [number, number][] = [];
  // The contract of host/jsonTemplate.ts readJsonTemplate(text, start, end): the value of the JSON in
  // text[start, end), host offsets. Here: a value spanning the region, to see what the reader does with it.
  const jsonTemplate = (t: string, start: number, end: number): HostValue => {
    assert.equal(t, text);
    calls.push([start, end]);
    return { type: 'object', offset: start, length: end - start, props: [{ key: 'Statement', offset: start, length: 1, keyOffset: start, keyLength: 1, value: { type: 'array', offset: start, length: 1, items: [] } }] };
  };
  const written: HostValue[] = [];
  const jsonWriter = (value: HostValue) => { written.push(value); return { write: () => [] }; };
  const r = readTerraform(parser, text, { jsonTemplate, jsonWriter });
  // each region runs from the line after the opening marker to the start of the closing marker's line
  assert.deepEqual(calls.map(([s, e]) => [text.slice(s - 4, s + 6), text.slice(e - 2, e).trim(), /^\s*(EOF|EOT|POLICY)\n/.exec(text.slice(e))?.[1]]), [
    ['EOF\n{\n  "V', '}', 'EOF'],
    ['EOT\n      ', '}', 'EOT'],
    ['ICY\n  {\n  ', '}', 'POLICY'],
  ]);
  assert.deepEqual(r.policies.map((p) => [p.locator, p.kind, p.keyStoreKey ?? false, p.subject ?? null, p.syntax]), [
    ['aws_iam_policy.key_store_admin', 'identity', false, null, 'json'],
    ['aws_iam_role.key_admin.inline_policy[0]', 'identity', false, 'aws_iam_role.key_admin', 'json'],
    ['aws_kms_key.in_key_store', 'resource', true, null, 'json'],
  ]);
  for (const [i, p] of r.policies.entries()) {
    assert.deepEqual(p.range, { offset: calls[i][0], length: calls[i][1] - calls[i][0] });
    assert.ok(p.writer);
    // The writer is made for the policy's value when it first writes.
    assert.deepEqual(p.writer.write(text, []), []);
    assert.equal(written[i], p.value);
    // the region is the body only: no marker line
    assert.ok(!/EOF|EOT|POLICY/.test(text.slice(calls[i][0], calls[i][1])));
  }
});

test('an edit in one policy: the others, moved but not re-read (their values built only when read), answer what a fresh read answers, fixes included', async () => {
  const parser = await terraformParser();
  let text = fixture('keystore-jsonencode.tf').replace('"kms:DescribeKey"', '"kms:DescribeKey", "kms:Decryptt"');
  const live = new HostAnalyzer(newAnalyzer({ incremental: true }), [terraformHostReader(parser)]);
  live.analyze(text, 'live.tf');
  const first = text.indexOf('jsonencode(');
  for (const [i, insert] of ['"', 'x', '\n    # a comment\n'].entries()) {
    text = text.slice(0, first) + insert + text.slice(first);
    if (insert === '"') text = text.slice(0, first) + text.slice(first + 1); // typed and removed again
    const got = live.analyze(text, 'live.tf')!;
    const fresh = new HostAnalyzer(newAnalyzer(), [terraformHostReader(parser)]).analyze(text, `fresh${i}.tf`)!;
    assert.deepEqual(got.findings, fresh.findings, `after edit ${i}`);
    const typo = got.findings.find((f) => f.code === 'unknown-action')!;
    assert.equal(text.slice(typo.offset, typo.offset + typo.length), '"kms:Decryptt"');
    const fixed = applyEdits(text, typo.fixes!.find((f) => f.title.includes('"kms:Decrypt"'))!.edits);
    assert.equal(fixed, text.replace('"kms:Decryptt"', '"kms:Decrypt"'));
  }
});

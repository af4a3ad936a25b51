/**
 * Protocol tier on a Terraform file: a CloudHSM key store stack (cluster, custom key store, a key in it
 * with its key policy in `jsonencode`, the key users' `aws_iam_policy_document`) opened as `terraform`.
 * Diagnostics at host positions inside jsonencode and inside the data source's HCL; quick fixes that
 * keep the HCL valid and remove the finding; the key store key said in its CodeLens; the .tf snippets
 * at top level (and nowhere inside a block); hover on an action inside jsonencode.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { expandSnippet } from '../../server/src/analysis/snippets';
import { terraformParser } from '../terraform';
import { actionEdits, LspClient } from './client';
import { byCode, codes, offsetAfter, rangeOf } from './fixtures';

const STACK = `# A CloudHSM key store, a key in it with its key policy, and the policy of the key's users.
data "aws_caller_identity" "current" {}

resource "aws_cloudhsm_v2_cluster" "key_store" {
  hsm_type   = "hsm1.medium"
  subnet_ids = var.subnet_ids
}

resource "aws_kms_custom_key_store" "cloudhsm" {
  custom_key_store_name    = "kms-cloudhsm-key-store"
  cloud_hsm_cluster_id     = aws_cloudhsm_v2_cluster.key_store.cluster_id
  key_store_password       = var.kmsuser_password
  trust_anchor_certificate = file("\${path.module}/customerCA.crt")
}

resource "aws_kms_key" "in_key_store" {
  description         = "Encryption key in the CloudHSM key store"
  custom_key_store_id = aws_kms_custom_key_store.cloudhsm.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIamPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "KeyUsers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/KeyUserApp" }
        Action    = ["kms:Encrypt", "kms:Decryptt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:Sign"]
        Resource  = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "key_users" {
  statement {
    sid       = "UseTheKey"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKeyy", "kms:DescribeKey"]
    resources = [aws_kms_key.in_key_store.arn]
  }
}

resource "aws_iam_policy" "key_users" {
  name   = "KeyUsers"
  policy = data.aws_iam_policy_document.key_users.json
}
`;

const items = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : r?.items ?? []);
const SNIPPET_PREFIXES = [
  'chsm-key-store-manager', 'chsm-key-store-manager-document', 'chsm-cluster-manager', 'chsm-cluster-manager-document', 'chsm-key-manager',
  'chsm-key-manager-document', 'chsm-key-user', 'chsm-key-user-document', 'chsm-service-linked-role', 'chsm-service-linked-role-document', 'chsm-key-policy',
];

async function hclErrors(text: string): Promise<boolean> {
  const tree = (await terraformParser()).parse(text)!;
  try { return tree.rootNode.hasError; } finally { tree.delete(); }
}

describe('a Terraform file over LSP', () => {
  let c: LspClient;
  before(async () => { c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } }); });
  after(async () => { await c.stop(); });

  test('diagnostics at host positions inside jsonencode and inside an aws_iam_policy_document', async () => {
    const uri = 'file:///work/stack/diagnostics.tf';
    await c.open(uri, STACK, 'terraform');
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(codes(p.diagnostics), ['unknown-action', 'unknown-action', 'unsupported-in-key-store']);
    const [inJsonencode, inDocument] = byCode(p.diagnostics, 'unknown-action');
    assert.deepEqual(inJsonencode.range, rangeOf(STACK, '"kms:Decryptt"'));
    assert.deepEqual(inDocument.range, rangeOf(STACK, '"kms:GenerateDataKeyy"'));
    const keyStore = byCode(p.diagnostics, 'unsupported-in-key-store')[0];
    assert.deepEqual(keyStore.range, rangeOf(STACK, '"kms:Sign"'));
    assert.equal(keyStore.severity, 2, 'a warning: the key is known to be in a key store');
    assert.match(keyStore.message, /^This key is in a CloudHSM key store \(custom_key_store_id\): kms:Sign has no effect on it\./);
    await c.close(uri);
  });

  for (const [where, needle, replacement] of [
    ['jsonencode', '"kms:Decryptt"', '"kms:Decrypt"'],
    ['an aws_iam_policy_document', '"kms:GenerateDataKeyy"', '"kms:GenerateDataKey"'],
  ] as const) {
    test(`a quick fix inside ${where} edits the HCL in place: still valid, the finding gone`, async () => {
      const uri = `file:///work/stack/fix-${where.length}.tf`;
      await c.open(uri, STACK, 'terraform');
      const p = await c.waitForDiagnostics(uri, { version: 1 });
      const diag = p.diagnostics.find((d: Diagnostic) => d.code === 'unknown-action' && d.range.start.line === rangeOf(STACK, needle).start.line)!;
      const actions = (await c.codeAction(uri, diag.range, [diag], ['quickfix']))!;
      const fix = actions.find((a) => a.title.includes(replacement));
      assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
      assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['unknown-action']);
      const v2 = await c.applyTextEdits(uri, actionEdits(fix, uri).edits);
      const text = c.text(uri);
      assert.equal(text, STACK.replace(needle, replacement), 'only the action changed');
      assert.equal(await hclErrors(text), false);
      const after = await c.waitForDiagnostics(uri, { version: v2 });
      assert.deepEqual(codes(after.diagnostics), ['unknown-action', 'unsupported-in-key-store']);
      assert.ok(!after.diagnostics.some((d) => d.range.start.line === diag.range.start.line && d.code === 'unknown-action'));
      await c.close(uri);
    });
  }

  test('fix-all removes what is safe to remove, keeps the HCL valid', async () => {
    const uri = 'file:///work/stack/fixall.tf';
    await c.open(uri, STACK, 'terraform');
    await c.waitForDiagnostics(uri, { version: 1 });
    const actions = (await c.codeAction(uri, rangeOf(STACK, '"kms:Sign"'), [], ['source.fixAll']))!;
    assert.equal(actions.length, 1);
    const v2 = await c.applyTextEdits(uri, actionEdits(actions[0], uri).edits);
    assert.equal(await hclErrors(c.text(uri)), false);
    assert.ok(!c.text(uri).includes('"kms:Sign"'));
    const after = await c.waitForDiagnostics(uri, { version: v2 });
    assert.ok(!codes(after.diagnostics).includes('unsupported-in-key-store'));
    await c.close(uri);
  });

  test('the key policy\'s CodeLens says the key is in a key store', async () => {
    const uri = 'file:///work/stack/lens.tf';
    await c.open(uri, STACK, 'terraform');
    await c.waitForDiagnostics(uri, { version: 1 });
    const lenses = (await c.codeLens(uri)) ?? [];
    const keyLens = lenses.filter((l) => l.range.start.line === rangeOf(STACK, '"arn:aws:iam::111122223333:role/KeyUserApp"').start.line);
    assert.equal(keyLens.length, 1, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.match(keyLens[0].command!.title, /^KMS key user: .* · key policy of a key in a CloudHSM key store \(custom_key_store_id\)$/);
    const others = lenses.filter((l) => l !== keyLens[0]);
    assert.ok(others.length >= 1 && others.every((l) => !l.command!.title.includes('key store (custom_key_store_id)')), 'the identity policy is no key policy');
    await c.close(uri);
  });

  test('completion at top level offers the .tf snippets; inside a block, none', async () => {
    const uri = 'file:///work/stack/complete.tf';
    const text = STACK + '\nchsm';
    await c.open(uri, text, 'terraform');
    await c.waitForDiagnostics(uri, { version: 1 });
    const list = items(await c.completion(uri, text.length));
    assert.deepEqual(list.map((i) => i.label).sort(), [...SNIPPET_PREFIXES].sort());
    const user = list.find((i) => i.label === 'chsm-key-user')!;
    assert.equal(user.kind, 15, 'CompletionItemKind.Snippet');
    assert.equal(user.insertTextFormat, 2, 'snippet syntax');
    assert.match(user.detail!, /key user/i);
    assert.match((user.documentation as MarkupContent).value, /Principal class: \*\*KMS key user\*\*/);
    const edit = user.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
    assert.deepEqual(edit.range, rangeOf(text, 'chsm', 0));
    const inserted = text.slice(0, -4) + expandSnippet(edit.newText);
    assert.equal(await hclErrors(inserted), false);
    // Inside a resource's body and inside a policy: no .tf snippet.
    const inBody = STACK.replace('  description         = "Encryption', '  chsm\n  description         = "Encryption');
    await c.setText(uri, inBody);
    const inside = items(await c.completion(uri, offsetAfter(inBody, '  chsm')));
    assert.deepEqual(inside.filter((i) => SNIPPET_PREFIXES.includes(i.label)).map((i) => i.label), []);
    const inPolicy = items(await c.completion(uri, offsetAfter(inBody, '"kms:Encr')));
    assert.ok(inPolicy.some((i) => /Encrypt/.test(i.label)), 'policy completion inside jsonencode');
    assert.deepEqual(inPolicy.filter((i) => SNIPPET_PREFIXES.includes(i.label)).map((i) => i.label), []);
    await c.close(uri);
  });

  test('hover on an action inside jsonencode', async () => {
    const uri = 'file:///work/stack/hover.tf';
    await c.open(uri, STACK, 'terraform');
    await c.waitForDiagnostics(uri, { version: 1 });
    const h = await c.hover(uri, offsetAfter(STACK, '["kms:Enc'));
    assert.ok(h, 'a hover');
    assert.match((h.contents as MarkupContent).value, /kms:Encrypt/);
    assert.deepEqual(h.range, rangeOf(STACK, '"kms:Encrypt"'));
    await c.close(uri);
  });
});

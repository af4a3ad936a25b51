/**
 * The Terraform snippets (snippets/terraform.json), per principal class: an aws_iam_policy with
 * jsonencode and a data "aws_iam_policy_document" for each of the five classes, and a key in a
 * CloudHSM key store with its key policy. Each parses without an HCL error, reads into exactly one
 * policy of the right kind at the right locator, and that policy has no finding at all for its class.
 * The host layer offers them as completion items where a new top-level block may start, and nowhere else.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { expandSnippet } from '../../server/src/analysis/snippets';
import { HostAnalyzer } from '../../server/src/analysis/host';
import { readJsonTemplate } from '../../server/src/analysis/host/jsonTemplate';
import { jsonWriter } from '../../server/src/analysis/host/jsonWriter';
import { readTerraform, terraformHostReader } from '../../server/src/analysis/host/terraform/reader';
import type { CompletionProposal, RoleId } from '../../server/src/analysis/types';
import { newAnalyzer, ROOT, run } from '../helpers';
import { plain, terraformParser } from '../terraform';

interface Entry { prefix: string; body: string[]; description: string; scope: string }
const SNIPPETS = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/terraform.json'), 'utf8')) as Record<string, Entry>;
const ROLES: RoleId[] = ['key-store-manager', 'cluster-manager', 'key-manager', 'key-user', 'service-linked-role'];

test('terraform.json: VS Code snippets for each class in both forms and the key policy, unique prefixes', () => {
  const prefixes = Object.values(SNIPPETS).map((e) => e.prefix);
  assert.deepEqual([...prefixes].sort(), [...ROLES.flatMap((r) => [`chsm-${r}`, `chsm-${r}-document`]), 'chsm-key-policy'].sort());
  for (const [name, e] of Object.entries(SNIPPETS)) {
    assert.ok(name.length > 10 && e.description.length > 40, name);
    assert.equal(e.scope, 'terraform');
    assert.ok(Array.isArray(e.body) && e.body.every((l) => typeof l === 'string' && !/^ /.test(l)), `${name}: lines indented with tabs`);
  }
});

for (const [name, e] of Object.entries(SNIPPETS)) {
  const role = ROLES.find((r) => e.prefix === `chsm-${r}` || e.prefix === `chsm-${r}-document`);
  test(`${e.prefix}: parses, reads into one policy, no findings${role ? ` as ${role}` : ''}`, async () => {
    const parser = await terraformParser();
    const text = expandSnippet(e.body.join('\n'));
    const tree = parser.parse(text)!;
    assert.equal(tree.rootNode.hasError, false, `${name}: HCL syntax`);
    tree.delete();
    const r = readTerraform(parser, text);
    assert.equal(r.policies.length, 1, name);
    const p = r.policies[0];
    if (e.prefix === 'chsm-key-policy') {
      assert.deepEqual([p.locator, p.kind, p.keyStoreKey], ['aws_kms_key.in_key_store', 'resource', true]);
    } else if (e.prefix.endsWith('-document')) {
      assert.match(p.locator, /^data\.aws_iam_policy_document\.[a-z_]+$/);
      assert.equal(p.kind, 'identity');
    } else {
      assert.match(p.locator, /^aws_iam_policy\.[a-z_]+$/);
      assert.equal(p.kind, 'identity');
    }
    const json = JSON.stringify(plain(p.value), null, 2);
    const result = run(json, { ...(role ? { role } : {}), kind: p.kind });
    assert.deepEqual(result.findings.map((f) => `${f.code}: ${json.slice(f.offset, f.offset + f.length)}: ${f.message}`), []);
    if (role) {
      assert.equal(result.roles.length, 1);
      const v = result.roles[0];
      assert.deepEqual([v.role, v.requiredGranted, v.excessive], [role, v.requiredTotal, 0], 'grants every required action, nothing excessive');
    }
  });
}

// -- offered by the host layer --------------------------------------------------------------------------

const STACK = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

resource "aws_iam_policy" "users" {
  name = "key-users"
  # a comment at the top of the body
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" }]
  })
  tags = { team = "crypto" }
}

locals {
  settings = jsonencode({
    retention = 7
  })
  notes = <<EOT
free text
EOT
}

# a comment between blocks
`;

async function hostAnalyzer(): Promise<HostAnalyzer> {
  const reader = terraformHostReader(await terraformParser(), { jsonTemplate: readJsonTemplate, jsonWriter: (v) => jsonWriter(v, { template: true }) });
  return new HostAnalyzer(newAnalyzer(), [reader]);
}

/** The text with the first `marker` replaced by `replacement`, and the offset after `chsm…` in it. */
function typed(text: string, marker: string, replacement: string): { text: string; offset: number } {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  const word = /chsm[\w-]*/.exec(replacement)!;
  return { text: text.slice(0, at) + replacement + text.slice(at + marker.length), offset: at + word.index + word[0].length };
}

const tfSnippets = (list: CompletionProposal[]) => list.filter((p) => p.kind === 'snippet' && SNIPPETS_BY_PREFIX.has(p.label) && p.insertText === SNIPPETS_BY_PREFIX.get(p.label));
const SNIPPETS_BY_PREFIX = new Map(Object.values(SNIPPETS).map((e) => [e.prefix, e.body.join('\n')]));

describe('the .tf snippets as completion items', () => {
  test('an empty file: every snippet, with its title, class and HCL preview', async () => {
    const host = await hostAnalyzer();
    const list = host.complete('', 'empty.tf', 0);
    assert.equal(tfSnippets(list).length, Object.keys(SNIPPETS).length);
    assert.equal(list.length, Object.keys(SNIPPETS).length);
    const user = list.find((p) => p.label === 'chsm-key-user')!;
    assert.deepEqual(user.replace, { offset: 0, length: 0 });
    assert.equal(user.detail, Object.entries(SNIPPETS).find(([, e]) => e.prefix === 'chsm-key-user')![0]);
    assert.match(user.documentation!, /Principal class: \*\*KMS key user\*\*/);
    assert.match(user.documentation!, /```hcl\nresource "aws_iam_policy"/);
    assert.doesNotMatch(user.documentation!, /\$\{\d/, 'the preview shows placeholders at their defaults');
    assert.ok(user.snippet);
    const keyPolicy = list.find((p) => p.label === 'chsm-key-policy')!;
    assert.doesNotMatch(keyPolicy.documentation!, /Principal class/);
  });

  for (const [where, marker] of [['after the last block', '# a comment between blocks\n'], ['between blocks', '\nlocals {']] as const) {
    test(`a word typed on its own line ${where}: the snippets, replacing the word`, async () => {
      const host = await hostAnalyzer();
      const t = marker.startsWith('\n') ? typed(STACK, marker, '\nchsm-key\n\nlocals {') : typed(STACK, marker, marker + 'chsm-key');
      const list = host.complete(t.text, 'stack.tf', t.offset);
      assert.equal(tfSnippets(list).length, Object.keys(SNIPPETS).length, JSON.stringify(list.map((p) => p.label)));
      assert.deepEqual(list[0].replace, { offset: t.offset - 'chsm-key'.length, length: 'chsm-key'.length });
      assert.equal(t.text.slice(t.offset - 8, t.offset), 'chsm-key');
    });
  }

  test('a word typed before the first block (read as that block\'s type) is at top level too', async () => {
    const host = await hostAnalyzer();
    const text = 'chsm\n' + STACK;
    assert.equal(tfSnippets(host.complete(text, 'stack.tf', 4)).length, Object.keys(SNIPPETS).length);
  });

  const nowhere: Array<[string, string, string]> = [
    ['inside a resource body', '  tags = {', '  chsm\n  tags = {'],
    ['inside a nested block', '    aws = {', '    chsm\n    aws = {'],
    ['inside a jsonencode that is no policy', '    retention = 7', '    chsm\n    retention = 7'],
    ['inside a policy', '    Version = "2012-10-17"', '    chsm\n    Version = "2012-10-17"'],
    ['inside a heredoc', 'free text', 'free text\nchsm'],
    ['in a comment', '# a comment between blocks', '# a comment between blocks chsm'],
    ['in an attribute\'s expression', '  name = "key-users"', '  name = chsm'],
    ['after text on the same line', '# a comment between blocks\n', '# a comment between blocks\nfoo chsm'],
  ];
  for (const [where, marker, replacement] of nowhere) {
    test(`no .tf snippet ${where}`, async () => {
      const host = await hostAnalyzer();
      const at = STACK.indexOf(marker);
      const text = STACK.slice(0, at) + replacement + STACK.slice(at + marker.length);
      const offset = at + replacement.indexOf('chsm') + 4;
      assert.deepEqual(tfSnippets(host.complete(text, 'stack.tf', offset)).map((p) => p.label), []);
    });
  }

  test('no .tf snippet inside a block still being typed (no closing brace yet)', async () => {
    const host = await hostAnalyzer();
    const text = STACK + 'resource "aws_kms_key" "k" {\n  description = "x"\n  chsm';
    assert.deepEqual(tfSnippets(host.complete(text, 'stack.tf', text.length)).map((p) => p.label), []);
  });

  test('the pinned class\'s snippets come first', async () => {
    const host = await hostAnalyzer();
    const list = host.complete('chsm', 'a.tf', 4, { role: 'cluster-manager' });
    assert.deepEqual(list.slice(0, 2).map((p) => p.label).sort(), ['chsm-cluster-manager', 'chsm-cluster-manager-document']);
    assert.ok(list.every((p, i) => i === 0 || list[i - 1].sortText! < p.sortText!));
  });

  for (const [name, e] of Object.entries(SNIPPETS)) {
    test(`${e.prefix} inserted at top level of the stack: valid HCL, its policy read, no finding in it`, async () => {
      const host = await hostAnalyzer();
      const t = typed(STACK, '# a comment between blocks\n', '# a comment between blocks\nchsm');
      const p = host.complete(t.text, 'stack.tf', t.offset).find((x) => x.label === e.prefix)!;
      assert.ok(p, name);
      const text = t.text.slice(0, p.replace.offset) + expandSnippet(p.insertText) + t.text.slice(p.replace.offset + p.replace.length);
      const tree = (await terraformParser()).parse(text)!;
      assert.equal(tree.rootNode.hasError, false);
      tree.delete();
      const r = host.analyze(text, 'inserted.tf', { role: null })!;
      assert.equal(r.policies.length, 2);
      assert.deepEqual(r.findings.map((f) => `${f.code}: ${f.message}`), []);
    });
  }
});

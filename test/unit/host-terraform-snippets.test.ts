/**
 * The Terraform snippets (snippets/terraform.json), per principal class: an aws_iam_policy with
 * jsonencode and a data "aws_iam_policy_document" for each of the five classes, and a key in a
 * CloudHSM key store with its key policy. Each parses without an HCL error, reads into exactly one
 * policy of the right kind at the right locator, and that policy has no finding at all for its class.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { expandSnippet } from '../../server/src/analysis/snippets';
import { readTerraform } from '../../server/src/analysis/host/terraform/reader';
import type { RoleId } from '../../server/src/analysis/types';
import { ROOT, run } from '../helpers';
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

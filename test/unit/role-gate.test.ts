/**
 * The gate in front of role analysis (mayInferAClass in server/src/analysis/analyze.ts): a policy it
 * turns away gets the result of a policy without subjects, so it must only turn away policies for
 * which the full role analysis infers no class for any subject. Checked against the full analysis
 * over every AWS managed policy, the examples and generated policies; and the gate must turn away
 * most of them, or it buys nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createAnalyzer, mayInferAClass } from '../../server/src/analysis';
import { parseJson } from '../../server/src/analysis/json';
import { buildPolicy } from '../../server/src/analysis/policy';
import { analyzeRoles } from '../../server/src/analysis/roles/analysis';
import { exampleCorpus, generatedPolicyText, managedSample } from '../fuzz/arbitraries';
import { getCatalog, getData, getKnowledge, policy } from '../helpers';

function modelOf(text: string) {
  const parsed = parseJson(text);
  return parsed.root && parsed.root.type === 'object' && !parsed.broken ? buildPolicy(parsed.root) : undefined;
}

/** For every text: if the gate says no, the full analysis found no class for any subject. Returns how many the gate let through. */
function agree(texts: string[]): { through: number; withClass: number; n: number } {
  const catalog = getCatalog();
  let through = 0, withClass = 0, n = 0;
  for (const text of texts) {
    const p = modelOf(text);
    if (!p) continue;
    n++;
    const full = analyzeRoles(p, p.kind, getKnowledge(), {});
    const classes = full.subjects.filter((s) => s.profile).length;
    if (classes) withClass++;
    if (mayInferAClass(p, getKnowledge())) { through++; continue; }
    assert.equal(classes, 0, `the gate turned away a policy the full analysis gives a class:\n${text.slice(0, 400)}`);
    assert.deepEqual(full.verdicts, []);
  }
  return { through, withClass, n };
}

test('role gate: never turns away a managed policy or an example that gets a class; turns away most', () => {
  const managed = agree(managedSample(100000).map((e) => e.text));
  assert.ok(managed.n > 1500, `${managed.n} managed policies`);
  assert.ok(managed.through < managed.n / 5, `${managed.through} of ${managed.n} let through`);
  const examples = agree(exampleCorpus().map((e) => e.text));
  assert.ok(examples.withClass >= 5, `${examples.withClass} examples with a class`);
});

test('role gate: generated policies (class-shaped actions, wildcards, principals)', () => {
  const texts = fc.sample(generatedPolicyText, { seed: 4242, numRuns: 400 });
  texts.push(policy({ Effect: 'Allow', Action: 'kms:*CustomKeyStore*', Resource: '*' }), policy({ Effect: 'Allow', Action: ['*:Create*', 'cloudhsm:Describe*'], Resource: '*' }));
  const r = agree(texts);
  assert.ok(r.withClass > 0 && r.through >= r.withClass, JSON.stringify(r));
});

test('role gate: lets through a policy whose only KMS or CloudHSM business is a dangerous power, or an Allow with NotAction', () => {
  const catalog = getCatalog();
  const backups = policy({ Effect: 'Allow', Action: ['s3:GetObject', 'cloudhsm:DeleteCluster', 'cloudhsm:DeleteBackup'], Resource: '*' });
  assert.equal(mayInferAClass(modelOf(backups)!, getKnowledge()), true);
  const result = createAnalyzer(catalog, getData()).analyze(backups);
  const found = result.findings.filter((f) => f.code === 'dangerous-action');
  assert.equal(found.length, 1, JSON.stringify(result.findings));
  assert.deepEqual(found[0].actions, ['cloudhsm:DeleteBackup', 'cloudhsm:DeleteCluster']);
  assert.equal(mayInferAClass(modelOf(policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }))!, getKnowledge()), true);
  assert.equal(mayInferAClass(modelOf(policy({ Effect: 'Allow', Action: ['s3:GetObject', 'logs:PutLogEvents'], Resource: '*' }))!, getKnowledge()), false);
});

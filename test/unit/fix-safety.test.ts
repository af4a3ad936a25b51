/**
 * Fix safety, the short run (part of `npm test`), the one test of the fixes over a corpus: EVERY fix
 * offered on the example policies, on every check's example (there also: a preferred or safe fix
 * brings no new finding), on the example policies pinned to each principal class, on a fixed sample of 200
 * AWS managed policies and on generated policies (fixed seed) is applied and verified by
 * test/fuzz/fixcheck.ts: valid JSON, the finding gone, nothing unrelated changed, access only
 * narrowed (or widened exactly as allowed: missing-action adds what it names; corrections of what
 * AWS rejects grant what the corrected statement names). Fix-all is verified on each input too.
 * The long run over every managed policy and over mutated policies is test/fuzz/fix-safety.test.ts.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { analyze, Finding, Fix } from '../../server/src/analysis';
import { checkExampleCorpus, exampleCorpus, generatedPolicyText, managedSample, ROLE_IDS, runSeed, analysisOptions } from '../fuzz/arbitraries';
import { newStats, prepare, summary, verifyAllFixes, verifyFix } from '../fuzz/fixcheck';
import { GrantOracle } from '../fuzz/oracle';
import { parseTree } from 'jsonc-parser';
import { getCatalog, getKnowledge } from '../helpers';

const SEED = runSeed(7);
/** At most this many fixes per check per input (one generated check example offers 1,000 alike). */
const PER_CODE = 25;
const stats = newStats();

function assertNoFailures(from: number, what: string): void {
  const failures = stats.failures.slice(from);
  assert.equal(failures.length, 0, `${failures.length} unsafe fixes on ${what}:\n\n${failures.slice(0, 5).join('\n\n')}`);
}

test('every fix on the example policies and on every check\'s example; there, a preferred or safe fix brings no new finding', () => {
  const from = stats.failures.length;
  const applied = stats.fixesApplied;
  for (const e of [...exampleCorpus(), ...checkExampleCorpus()]) verifyAllFixes(e.name, e.text, e.options, stats, PER_CODE, { noNewFindings: true });
  assertNoFailures(from, 'the examples');
  assert.ok(stats.fixesApplied - applied > 40, `only ${stats.fixesApplied - applied} fixes offered on the examples`);
});

test('every fix on the example policies pinned to each principal class', () => {
  const from = stats.failures.length;
  for (const e of exampleCorpus()) for (const role of ROLE_IDS) verifyAllFixes(`${e.name} as ${role}`, e.text, { ...e.options, role }, stats, PER_CODE);
  assertNoFailures(from, 'the pinned examples');
});

test('every fix on a fixed sample of 200 AWS managed policies (latest versions)', () => {
  const from = stats.failures.length;
  const before = stats.fixesApplied;
  for (const e of managedSample(200)) verifyAllFixes(e.name, e.text, e.options, stats, PER_CODE);
  assert.ok(stats.fixesApplied - before > 50, `only ${stats.fixesApplied - before} fixes offered on the sample`);
  assertNoFailures(from, 'the managed policies');
});

test('every fix on generated policies', (t) => {
  const from = stats.failures.length;
  const inputs = fc.sample(fc.tuple(generatedPolicyText, analysisOptions), { seed: SEED, numRuns: 150 });
  inputs.forEach(([text, options], i) => verifyAllFixes(`generated #${i} (seed ${SEED})`, text, options, stats, PER_CODE));
  t.diagnostic(`seed ${SEED}, ${inputs.length} generated policies`);
  assertNoFailures(from, 'generated policies');
});

test('the verifier rejects fixes that break the JSON, reach into another statement, widen access or overlap', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: 'A', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    { Sid: 'B', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' },
  ] }, null, 2);
  const before = prepare(text, {});
  const at = (s: string) => text.indexOf(s);
  // A made-up finding on "kms:Decrypt", with made-up fixes.
  const finding: Finding = { code: 'redundant-action', severity: 'warning', message: 'made up', offset: at('"kms:Decrypt"'), length: 13 };
  const verdict = (fix: Fix) => verifyFix(before, finding, fix).join('; ');
  const fix = (title: string, edits: Fix['edits']): Fix => ({ title, edits });
  assert.match(verdict(fix('break', [{ offset: at('"kms:Decrypt"'), length: 1, newText: '' }])), /broke the JSON/);
  assert.match(verdict(fix('widen', [{ offset: at('"kms:Decrypt"'), length: 13, newText: '"kms:*"' }])), /widens access: kms:/);
  assert.match(verdict(fix('elsewhere', [{ offset: at('"kms:Encrypt"'), length: 13, newText: '"kms:Decrypt"' }])), /also edits statement|still there/);
  assert.match(verdict(fix('overlap', [{ offset: at('"kms:Decrypt"'), length: 5, newText: '' }, { offset: at('"kms:Decrypt"') + 2, length: 3, newText: '' }])), /overlap/);
  assert.match(verdict(fix('outside', [{ offset: text.length, length: 2, newText: '' }])), /outside the document/);
  assert.match(verdict(fix('condition', [{ offset: at('"Resource": "*"\n    },'), length: 15, newText: '"Resource": "arn:aws:kms:us-east-1:111122223333:key/*"' }])), /still there/);
  // A real fix that only removes passes.
  const real = analyze(getKnowledge(), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Decrypt'], Resource: '*' }] }), {});
  const dup = real.findings.find((f) => f.code === 'redundant-action');
  assert.ok(dup?.fixes?.length);
  assert.deepEqual(verifyFix(prepare(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Decrypt'], Resource: '*' }] }), {}), dup, dup.fixes[0]), []);
});

after(() => {
  // The totals for the closing note (also printed by the fuzz run for the whole corpus).
  console.log(`fix safety (unit, seed ${SEED}): ${summary(stats)}`);
});

test('the grant oracle (independent of the implementation) answers the textbook cases, and can fail', () => {
  const oracle = new GrantOracle(getCatalog().allActions.map((a) => a.full));
  const grants = (doc: unknown, kind = 'identity') => oracle.grants(parseTree(JSON.stringify(doc))!, kind);
  const allow = (st: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...st }] });
  const g1 = grants(allow({ Action: ['kms:Decrypt', 'KMS:re*'] }));
  assert.ok(g1.identity.has('kms:Decrypt') && g1.identity.has('kms:ReEncryptFrom') && g1.identity.has('kms:ReplicateKey'));
  assert.ok(!g1.identity.has('kms:Encrypt'));
  assert.deepEqual([...grants(allow({ Action: 'kms:Decryp?' })).identity], ['kms:Decrypt']);
  const g2 = grants(allow({ NotAction: 'kms:*' }));
  assert.ok(g2.identity.has('s3:GetObject') && !g2.identity.has('kms:Decrypt'));
  assert.equal(grants(allow({ Action: 'kms:Decrypt', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })).identityUnconditional.size, 0);
  const withDeny = (deny: object) => grants({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', ...deny }] });
  assert.ok(!withDeny({}).identity.has('kms:Decrypt') && withDeny({}).identity.has('kms:Encrypt') && withDeny({}).denied.has('kms:Decrypt'));
  assert.ok(withDeny({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }).identity.has('kms:Decrypt'), 'a conditional Deny may not apply');
  assert.ok(withDeny({ Resource: 'arn:aws:kms:us-east-1:111122223333:key/x' }).identity.has('kms:Decrypt'), 'a Deny on some resources leaves the others');
  assert.equal(grants(allow({ Effect: 'allow', Action: 'kms:Decrypt' })).identity.size, 0, 'AWS accepts only "Allow"');
  assert.equal(grants({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt' }] }).identity.size, 0, 'no Resource: rejected');
  const key = grants({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/A' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
    { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/B' }, Action: 'kms:Sign', Resource: '*' },
    { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:role/B' }, Action: 'kms:Sign', Resource: '*' },
  ] }, 'resource');
  assert.deepEqual([...key.own].sort(), ['kms:Encrypt']);
});

/**
 * Fix safety, the long run (`npm run fuzz`): every fix offered on every AWS managed policy (latest
 * version), on the managed policies that touch KMS, CloudHSM or service-linked roles pinned to each
 * principal class, on the examples, and on mutated and generated policies (seed from FUZZ_SEED or the
 * time, printed), applied and verified by fixcheck.ts; fix-all verified on each input. Prints the
 * totals: inputs tried, fixes applied and verified, failed.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import {
  analysisOptions, anyInput, checkExampleCorpus, exampleCorpus, generatedPolicyText, managedCorpus, managedSample, mutatedText, ROLE_IDS, runSeed,
} from './arbitraries';
import { FixStats, newStats, summary, verifyAllFixes } from './fixcheck';

const SEED = runSeed();
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const all = newStats();
const parts: Array<[string, FixStats]> = [];

console.log(`fuzz fix safety: seed ${SEED} (FUZZ_SEED=${SEED} reproduces), scale ${SCALE}`);

function merge(s: FixStats): void {
  all.inputs += s.inputs;
  all.findings += s.findings;
  all.fixesApplied += s.fixesApplied;
  all.fixesVerified += s.fixesVerified;
  all.fixAllRuns += s.fixAllRuns;
  all.failures.push(...s.failures);
  for (const [k, v] of s.byCode) all.byCode.set(k, (all.byCode.get(k) ?? 0) + v);
  for (const [k, v] of s.widening) all.widening.set(k, (all.widening.get(k) ?? 0) + v);
}

function part(name: string, run: (s: FixStats) => void): void {
  test(name, (t) => {
    const s = newStats();
    const t0 = performance.now();
    run(s);
    parts.push([name, s]);
    merge(s);
    t.diagnostic(`${summary(s)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    assert.equal(s.failures.length, 0, `${s.failures.length} unsafe fixes:\n\n${s.failures.slice(0, 8).join('\n\n')}`);
    assert.ok(s.fixesApplied > 0, 'no fix was offered at all');
  });
}

part('every fix on every AWS managed policy (latest version)', (s) => {
  for (const e of managedCorpus()) verifyAllFixes(e.name, e.text, e.options, s);
});

part('managed policies that touch KMS, CloudHSM or service-linked roles, pinned to each principal class', (s) => {
  const near = managedCorpus().filter((e) => /"(kms|cloudhsm):|iam:CreateServiceLinkedRole/i.test(e.text) && e.text.length < 20_000);
  for (const e of near) for (const role of ROLE_IDS) verifyAllFixes(`${e.name} as ${role}`, e.text, { role }, s, 10);
});

part('examples and check examples, inferred and pinned to each class', (s) => {
  for (const e of [...exampleCorpus(), ...checkExampleCorpus()]) {
    verifyAllFixes(e.name, e.text, e.options, s);
    for (const role of ROLE_IDS) verifyAllFixes(`${e.name} as ${role}`, e.text, { ...e.options, role }, s, 25);
  }
});

/** Verifies fixes on inputs drawn from `arb` until `ms` have passed. */
function sampled(s: FixStats, name: string, arb: fc.Arbitrary<[string, Parameters<typeof verifyAllFixes>[2]]>, seed: number, ms: number): void {
  const deadline = performance.now() + ms;
  let batch = 0;
  while (performance.now() < deadline) {
    const inputs = fc.sample(arb, { seed: seed + batch, numRuns: 50 });
    inputs.forEach(([text, options], i) => verifyAllFixes(`${name} (seed ${seed + batch}, #${i})`, text, options, s, 25));
    batch++;
  }
}

part('mutated examples and mutated managed policies', (s) => {
  const bases = [...exampleCorpus(), ...checkExampleCorpus(), ...managedSample(150)].map((e) => e.text);
  sampled(s, 'mutated', fc.tuple(mutatedText(bases, 3).map((m) => m.text), analysisOptions), SEED, 40_000 * SCALE);
});

part('generated policies and any input', (s) => {
  const bases = [...exampleCorpus(), ...checkExampleCorpus()].map((e) => e.text);
  sampled(s, 'generated', fc.tuple(generatedPolicyText, analysisOptions), SEED + 1_000_000, 30_000 * SCALE);
  sampled(s, 'any', fc.tuple(anyInput(bases), analysisOptions), SEED + 2_000_000, 20_000 * SCALE);
});

after(() => {
  console.log(`fuzz fix safety totals (seed ${SEED}): ${summary(all)}`);
  for (const [name, s] of parts) console.log(`  ${name}: ${s.inputs} inputs, ${s.fixesApplied} fixes applied, ${s.fixesVerified} verified, ${s.failures.length} failed`);
});

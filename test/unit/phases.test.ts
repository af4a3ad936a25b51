/**
 * The analyzer's phase-timing hook (AnalyzerOptions.phases), which `npm run bench` profiles with:
 * every phase reported once per analysis, role analysis apart from the check that triggered it,
 * and the same results as without it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS, createAnalyzer } from '../../server/src/analysis';
import { getCatalog, getData, policy } from '../helpers';

const TEXT = policy(
  { Sid: 'Keys', Effect: 'Allow', Action: ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DescribeCustomKeyStores'], Resource: '*' },
  { Sid: 'Use', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
);

/** A clock that advances by `step` on every read, unless a phase says otherwise. */
function fakeTimer() {
  let t = 0;
  const phases: Array<[string, number]> = [];
  return { phases, timer: { now: () => (t += 1), onPhase: (name: string, ms: number) => { phases.push([name, ms]); } } };
}

test('phases: parse, model, roles, every check by id, sort; once each; same results as without the hook', () => {
  for (const incremental of [false, true]) {
    const { phases, timer } = fakeTimer();
    const timed = createAnalyzer(getCatalog(), getData(), { incremental, phases: timer });
    const plain = createAnalyzer(getCatalog(), getData(), { incremental });
    for (const text of [TEXT, TEXT.replace('kms:Decrypt', 'kms:Encrypt')]) {
      phases.length = 0;
      assert.deepEqual(timed.analyze(text), plain.analyze(text));
      const names = phases.map(([n]) => n);
      assert.deepEqual(names.filter((n) => !CHECKS.some((c) => c.id === n)).sort(), ['model', 'parse', 'roles', 'sort']);
      assert.deepEqual(names.filter((n) => CHECKS.some((c) => c.id === n)), CHECKS.map((c) => c.id));
      for (const [n, ms] of phases) assert.ok(ms >= 0, `${n}: ${ms}`);
    }
  }
});

test('phases: the check that triggers role analysis is reported without its time', () => {
  const { phases, timer } = fakeTimer();
  createAnalyzer(getCatalog(), getData(), { phases: timer }).analyze(TEXT);
  const at = phases.findIndex(([n]) => n === 'roles');
  const [trigger, ms] = phases[at + 1];
  assert.ok(CHECKS.some((c) => c.id === trigger), trigger);
  // The fake clock advances 1 per read: a check without role analysis inside reads it twice (2 - ... = 1);
  // the triggering check's own time excludes the reads made for the roles phase.
  assert.ok(ms <= 3, `${trigger}: ${ms}`);
  const other = phases.filter(([n]) => n !== 'roles' && n !== trigger && CHECKS.some((c) => c.id === n));
  assert.ok(other.every(([, x]) => x === 1), JSON.stringify(other.filter(([, x]) => x !== 1)));
});

test('phases: a JSON document that mentions "Statement" but is not a policy reports parse only', () => {
  const { phases, timer } = fakeTimer();
  assert.equal(createAnalyzer(getCatalog(), getData(), { phases: timer }).analyze('[ "Statement" ]').isPolicy, false);
  assert.deepEqual(phases.map(([n]) => n), ['parse']);
});

/**
 * parseSettings (server/src/settings.ts): valid entries are kept; every invalid entry is dropped and
 * reported with a message that names the setting and the valid values; nothing throws, whatever
 * arrives from the client. The protocol side (each problem shown once, not on every keystroke) is
 * test/fuzz/settings.test.ts. manifest.test.ts checks that package.json's enums match what is accepted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHECKS } from '../../server/src/analysis';
import { DEFAULT_SETTINGS, parseSettings, ROLE_IDS } from '../../server/src/settings';

const KNOWN = new Set(CHECKS.map((c) => c.id));
const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];
const parse = (raw: unknown) => parseSettings(raw, KNOWN);

test('nothing set: the defaults, no problem', () => {
  for (const raw of [undefined, null, {}]) {
    const { settings, problems } = parse(raw);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  }
});

test('valid settings are kept as given', () => {
  const raw = {
    enable: false,
    severity: { 'missing-version': 'hint', 'duplicate-sid': 'off', 'excessive-action': 'error' },
    roles: { 'policies/ksm/*.json': 'key-store-manager', '**/users/*.json': 'key-user', 'legacy/**': 'none' },
    principalRoles: { 'arn:aws:iam::*:role/KMSKeyAdmin': 'key-manager', 'arn:aws:iam::*:role/App*': 'key-user' },
    files: ['fragments/*.json', '**/*.iam.json'],
    delay: 0,
  };
  const { settings, problems } = parse(raw);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, raw);
  // Every class id and every severity is accepted.
  for (const role of [...ROLE_IDS, 'none']) assert.deepEqual(parse({ roles: { x: role } }).problems, [], role);
  for (const level of SEVERITIES) assert.deepEqual(parse({ severity: { 'json-syntax': level } }).problems, [], level);
});

test('an unknown check id is reported, named, and ignored; the valid entries next to it are kept', () => {
  const { settings, problems } = parse({ severity: { 'missing-versoin': 'off', 'duplicate-sid': 'hint' } });
  assert.deepEqual(settings.severity, { 'duplicate-sid': 'hint' });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /cloudhsmPolicy\.severity/);
  assert.match(problems[0], /"missing-versoin"/);
  assert.match(problems[0], /ignored/);
});

test('an unknown check id: the message suggests the check meant (or where the ids are listed)', () => {
  const [msg] = parse({ severity: { 'missing-versoin': 'off' } }).problems;
  assert.ok(/missing-version/.test(msg) || /--list-checks|Codes|README/.test(msg), msg);
});

test('a bad severity is reported with the valid levels and ignored', () => {
  for (const level of ['loud', 'Error', 'WARNING', '', 3, true, null, ['error'], { level: 'error' }]) {
    const { settings, problems } = parse({ severity: { 'duplicate-sid': level, 'missing-version': 'hint' } });
    assert.deepEqual(settings.severity, { 'missing-version': 'hint' }, JSON.stringify(level));
    assert.equal(problems.length, 1, JSON.stringify(level));
    assert.match(problems[0], /cloudhsmPolicy\.severity\.duplicate-sid/);
    for (const s of SEVERITIES) assert.ok(problems[0].includes(s), `"${problems[0]}" names ${s}`);
  }
});

test('an unknown class id is reported with the valid ids and ignored', () => {
  for (const role of ['admin', 'Key-User', 'key_user', '', 7, null, ['key-user']]) {
    const { settings, problems } = parse({ roles: { 'a/*.json': role, 'b/*.json': 'key-manager' } });
    assert.deepEqual(settings.roles, { 'b/*.json': 'key-manager' }, JSON.stringify(role));
    assert.equal(problems.length, 1, JSON.stringify(role));
    assert.match(problems[0], /cloudhsmPolicy\.roles\["a\/\*\.json"\]/);
    for (const id of ROLE_IDS) assert.ok(problems[0].includes(id), `"${problems[0]}" names ${id}`);
    assert.match(problems[0], /none/);
  }
});

test('wrong types are reported and the defaults used', () => {
  const cases: Array<[Record<string, unknown>, RegExp, keyof typeof DEFAULT_SETTINGS]> = [
    [{ enable: 'yes' }, /cloudhsmPolicy\.enable.*true or false/, 'enable'],
    [{ enable: 0 }, /cloudhsmPolicy\.enable/, 'enable'],
    [{ severity: 'off' }, /cloudhsmPolicy\.severity must be an object/, 'severity'],
    [{ severity: ['duplicate-sid'] }, /cloudhsmPolicy\.severity must be an object/, 'severity'],
    [{ severity: null }, /cloudhsmPolicy\.severity must be an object/, 'severity'],
    [{ roles: 'key-user' }, /cloudhsmPolicy\.roles must be an object/, 'roles'],
    [{ roles: [['a', 'key-user']] }, /cloudhsmPolicy\.roles must be an object/, 'roles'],
    [{ files: 'policies/*.json' }, /cloudhsmPolicy\.files must be an array/, 'files'],
    [{ files: { a: 1 } }, /cloudhsmPolicy\.files must be an array/, 'files'],
    [{ delay: '150' }, /cloudhsmPolicy\.delay.*0 and 10000/, 'delay'],
    [{ delay: -1 }, /cloudhsmPolicy\.delay.*0 and 10000/, 'delay'],
    [{ delay: 10001 }, /cloudhsmPolicy\.delay.*0 and 10000/, 'delay'],
    [{ delay: Number.NaN }, /cloudhsmPolicy\.delay/, 'delay'],
  ];
  for (const [raw, message, key] of cases) {
    const { settings, problems } = parse(raw);
    assert.equal(problems.length, 1, `${JSON.stringify(raw)}: ${JSON.stringify(problems)}`);
    assert.match(problems[0], message);
    assert.deepEqual(settings[key], DEFAULT_SETTINGS[key], JSON.stringify(raw));
  }
});

test('a glob list with entries that are not strings: the strings are kept and the others reported', () => {
  const { settings, problems } = parse({ files: ['a/*.json', 3, null, 'b/*.json'] });
  assert.deepEqual(settings.files, ['a/*.json', 'b/*.json']);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0], /cloudhsmPolicy\.files/);
});

test('a settings section that is not an object is reported, not silently replaced by the defaults', () => {
  for (const raw of ['key-user', 42, true, ['enable']]) assert.equal(parse(raw).problems.length, 1, JSON.stringify(raw));
});

test('values that cannot be turned into a string (an object with a "toString" key) are reported, not thrown', () => {
  const hostile = { toString: 1, valueOf: 2 };
  for (const raw of [{ roles: { 'a/*.json': hostile } }, { severity: { 'duplicate-sid': hostile } }, { severity: { 'duplicate-sid': { toString: 'x' } } }]) {
    let result: ReturnType<typeof parse> | undefined;
    assert.doesNotThrow(() => { result = parse(raw); }, JSON.stringify(raw));
    assert.equal(result!.problems.length, 1, JSON.stringify(raw));
  }
});

test('several problems at once are all reported, each once, and every valid entry survives', () => {
  const { settings, problems } = parse({
    enable: 'no', delay: 20000, files: ['ok/*.json'],
    severity: { nope: 'off', 'duplicate-sid': 'loud', 'missing-version': 'warning' },
    roles: { 'x/*.json': 'root', 'y/*.json': 'cluster-manager' },
    principalRoles: { '*:role/Admin': 'none', '*:role/App*': 'key-user' },
  });
  assert.equal(problems.length, 6, JSON.stringify(problems));
  assert.equal(new Set(problems).size, 6);
  assert.ok(problems.some((p) => p.startsWith('cloudhsmPolicy.principalRoles["*:role/Admin"]: "none" is not a principal class')), JSON.stringify(problems));
  assert.deepEqual(settings, { enable: true, delay: 150, files: ['ok/*.json'], severity: { 'missing-version': 'warning' }, roles: { 'y/*.json': 'cluster-manager' }, principalRoles: { '*:role/App*': 'key-user' } });
});

test('anything at all: no exception, settings of the right shape, and only known ids and levels kept', () => {
  fc.assert(fc.property(fc.oneof(fc.anything(), fc.record({
    enable: fc.anything(), delay: fc.anything(), files: fc.anything(),
    severity: fc.oneof(fc.anything(), fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN), fc.string()), fc.oneof(fc.constantFrom(...SEVERITIES), fc.anything()))),
    roles: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.oneof(fc.constantFrom(...ROLE_IDS, 'none'), fc.anything()))),
  }, { requiredKeys: [] })), (raw) => {
    const { settings, problems } = parse(raw);
    assert.equal(typeof settings.enable, 'boolean');
    assert.ok(Number.isFinite(settings.delay) && settings.delay >= 0 && settings.delay <= 10000);
    assert.ok(Array.isArray(settings.files) && settings.files.every((f) => typeof f === 'string'));
    for (const [k, v] of Object.entries(settings.severity)) assert.ok(KNOWN.has(k) && SEVERITIES.includes(v), `${k}: ${v}`);
    for (const v of Object.values(settings.roles)) assert.ok([...ROLE_IDS, 'none'].includes(v), v);
    assert.ok(problems.every((p) => typeof p === 'string' && p.startsWith('cloudhsmPolicy.')), JSON.stringify(problems));
  }), { seed: 1, numRuns: 500 });
});

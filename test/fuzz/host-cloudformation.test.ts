/**
 * The CloudFormation reader and YAML writer, the long run (`npm run fuzz`): every prefix of every
 * template fixture, random texts and mutations of the fixtures (seed from FUZZ_SEED or the time),
 * a 1 MB template read in full, and random structural edits that the writer either refuses or
 * expresses so that the re-read policy is exactly the intended one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../server/src/analysis/edits';
import { MAX_TEMPLATE_LENGTH, readCloudFormation, yamlWriter } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import type { HostReadResult, HostValue, StructuralEdit } from '../../server/src/analysis/host/types';
import { ROOT } from '../helpers';
import { runSeed } from './arbitraries';

const SEED = runSeed();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cloudformation');
const TEXTS = fs.readdirSync(FIXTURES).map((f) => ({ f, text: fs.readFileSync(path.join(FIXTURES, f), 'utf8') }));
console.log(`host-cloudformation fuzz: seed ${SEED} (FUZZ_SEED=${SEED} node --import tsx --test test/fuzz/host-cloudformation.test.ts reproduces)`);

function inRanges(text: string, r: HostReadResult): void {
  for (const p of r.problems) assert.ok(r.policies.some((q) => p.offset >= q.range.offset && p.offset <= q.range.offset + q.range.length) || r.policies.length === 0 && p.offset === 0, p.message);
  const walk = (v: HostValue): void => {
    assert.ok(v.offset >= 0 && v.offset + v.length <= text.length);
    if (v.type === 'string') for (const s of v.parts) if (s.kind === 'text' && s.exact) assert.equal(text.slice(s.offset, s.offset + s.length), s.text);
    if (v.type === 'object') v.props.forEach((p) => walk(p.value));
    if (v.type === 'array') v.items.forEach(walk);
  };
  for (const p of r.policies) walk(p.value);
}

test('every prefix of every template fixture', () => {
  let reads = 0;
  for (const { text } of TEXTS) for (let n = 0; n <= text.length; n++) { inRanges(text.slice(0, n), readCloudFormation(text.slice(0, n))); reads++; }
  console.log(`  ${reads} prefixes read`);
});

test('random texts and mutations of the fixtures', () => {
  fc.assert(fc.property(
    fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc.tuple(fc.constantFrom(...TEXTS.map((t) => t.text)), fc.array(fc.tuple(fc.nat(), fc.nat(60), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('\t', '*a', '&a ', '!If [C, a, b]', '!Ref AWS::NoValue', '- ', ': ', '{', '[', '"', "'", '\n  ', '${', '!Sub '))), { maxLength: 6 }))
        .map(([t, muts]) => muts.reduce((s, [at, len, ins]) => { const i = at % (s.length + 1); return s.slice(0, i) + ins + s.slice(Math.min(s.length, i + len)); }, t)),
    ),
    (text) => inRanges(text, readCloudFormation(text)),
  ), { seed: SEED, numRuns: 3000 });
});

test('a template just under CloudFormation\'s 1 MB limit is read in full', () => {
  const one = TEXTS.find((t) => t.f === 'key-store-automation.yaml')!.text;
  const resources = one.slice(one.indexOf('Resources:\n') + 'Resources:\n'.length, one.indexOf('\nOutputs:'));
  let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  let copies = 0;
  while (text.length + resources.length < MAX_TEMPLATE_LENGTH) text += resources.replace(/^  (\w+):$/gm, (_m, id) => `  ${id}${copies}:`).replace(/!Ref KeyStoreLambdaRole$/m, `!Ref KeyStoreLambdaRole${copies}`), copies++;
  const t0 = Date.now();
  const r = readCloudFormation(text);
  console.log(`  ${(text.length / 1e6).toFixed(2)} MB, ${r.policies.length} policies in ${Date.now() - t0} ms`);
  assert.equal(r.policies.length, 6 * copies);
});

test('random structural edits: refused, or the re-read policy is exactly the intended one', () => {
  const yamlTexts = TEXTS.filter((t) => t.f.endsWith('.yaml'));
  const count = { written: 0, refused: 0 };
  fc.assert(fc.property(fc.constantFrom(...yamlTexts), fc.nat(), fc.nat(), fc.nat(), fc.constantFrom<unknown>('kms:Decrypt', '*', 'yes', 'a b', ["kms:Encrypt", "it's"], { Bool: { 'aws:SecureTransport': 'true' } }, []), ({ text }, a, b, c, value) => {
    const r = readCloudFormation(text);
    const withWriter = r.policies.filter((p) => p.writer && !p.variant);
    if (!withWriter.length) return;
    const p = withWriter[a % withWriter.length];
    const nodes: Array<{ v: HostValue; path: Array<string | number> }> = [];
    const walk = (v: HostValue, at: Array<string | number>): void => {
      nodes.push({ v, path: at });
      if (v.type === 'object') v.props.forEach((q) => walk(q.value, [...at, q.key]));
      if (v.type === 'array') v.items.forEach((x, i) => walk(x, [...at, i]));
    };
    walk(p.value, []);
    const { v: target, path: at } = nodes[b % nodes.length];
    let change: StructuralEdit;
    const expected = JSON.parse(JSON.stringify(plain(p.value)));
    const parentOf = (root: any, pth: Array<string | number>) => pth.reduce((o, k) => o[k], root);
    const node = parentOf(expected, at);
    if (target.type === 'array' && c % 3 === 0 && target.items.length) {
      const i = c % target.items.length;
      change = { op: 'remove-item', array: target, index: i };
      node.splice(i, 1);
    } else if (target.type === 'array' && c % 3 === 1) {
      const i = c % (target.items.length + 1);
      change = { op: 'insert-items', array: target, index: i, values: [value] };
      node.splice(i, 0, value);
    } else if (target.type === 'object' && c % 2 === 0 && !target.props.some((q) => q.key === 'NewKey')) {
      const i = c % (target.props.length + 1);
      change = { op: 'insert-prop', object: target, index: i, key: 'NewKey', value };
      node.NewKey = value;
    } else if (target.type === 'object' && at.length && target.props.length && new Set(target.props.map((q) => q.key)).size === target.props.length) {
      const q = target.props[c % target.props.length];
      change = { op: 'remove-prop', object: target, prop: q };
      delete node[q.key];
    } else if (at.length) {
      change = { op: 'replace', target, value };
      const parent = parentOf(expected, at.slice(0, -1));
      parent[at[at.length - 1]] = value;
    } else return;
    const edits = yamlWriter.write(text, [change]);
    if (!edits) { count.refused++; return; }
    count.written++;
    const out = applyEdits(text, edits);
    // (A SAM inline document is one by its Statement key: the root keeps its keys, see above.)
    const again = readCloudFormation(out).policies.find((q) => q.locator === p.locator && !q.variant);
    assert.ok(again, out);
    assert.deepEqual(plain(again.value), expected, out);
  }), { seed: SEED, numRuns: 1500 });
  console.log(`  edits written and verified: ${count.written}, refused: ${count.refused}`);
  assert.ok(count.written > count.refused, 'most edits are expressible');
});

/**
 * The Terraform reader, long run (`npm run fuzz`): every prefix of every Terraform fixture typed into
 * an incremental document, and random edits of the fixtures (characters of HCL's syntax inserted,
 * ranges deleted or duplicated, seed from FUZZ_SEED or the time). Properties: the reader never throws
 * (`collectPolicies` has no safety net), reports no HCL problem, keeps every range inside the text,
 * and an incremental document answers what a fresh read answers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { collectPolicies, readTerraform, TerraformDocument } from '../../server/src/analysis/host/terraform/reader';
import type { EmbeddedPolicy } from '../../server/src/analysis/host/types';
import { ROOT } from '../helpers';
import { checkRead, terraformParser } from '../terraform';
import { runSeed } from './arbitraries';
import { runProperty } from './invariants';

const SEED = runSeed();
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const REPRODUCE = `FUZZ_SEED=${SEED} node --import tsx --test test/fuzz/host-terraform.test.ts`;
const DIR = path.join(ROOT, 'test/fixtures/terraform');
const FIXTURES = fs.readdirSync(DIR).filter((f) => f.endsWith('.tf')).map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'));

console.log(`fuzz terraform: seed ${SEED} (FUZZ_SEED=${SEED} reproduces), scale ${SCALE}`);

function strip(r: { policies: EmbeddedPolicy[] }): unknown {
  return r.policies.map(({ writer: _w, ...p }) => p);
}

test('every prefix of every Terraform fixture, typed into one document', async () => {
  const parser = await terraformParser();
  let n = 0;
  for (const text of FIXTURES) {
    const doc = new TerraformDocument(parser);
    for (let i = 0; i <= text.length; i++) {
      const prefix = text.slice(0, i);
      const r = doc.update(prefix, i === 0 ? undefined : [{ offset: i - 1, length: 0, newText: text[i - 1] }]);
      checkRead(prefix, r);
      if (i % 101 === 0) {
        const tree = parser.parse(prefix)!;
        try { assert.deepEqual(strip(r), strip(collectPolicies(tree, prefix))); } finally { tree.delete(); }
      }
      n++;
    }
    doc.dispose();
  }
  console.log(`fuzz terraform: ${n} prefixes`);
});

const PIECES = ['{', '}', '[', ']', '(', ')', '"', '=', ':', ',', '\n', '${', '$${', '%{', '}', '<<EOF\n', '\nEOF\n', '<<-EOT\n', '#', '//', '/*', '*/', '\\', 'jsonencode(', 'var.x', ' ? ', 'for x in y : ', 'Statement', 'statement {', 'condition {', 'principals {', '\u00e9', '\ud83d\ude00'];

const editArb = fc.record({
  fixture: fc.nat(FIXTURES.length - 1),
  edits: fc.array(fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom('insert', 'delete', 'duplicate'),
    piece: fc.constantFrom(...PIECES),
    len: fc.nat(200),
  }), { minLength: 1, maxLength: 6 }),
});

test('random edits of the fixtures: never throws, no problem, ranges inside, incremental = fresh', async (t) => {
  const parser = await terraformParser();
  runProperty(t, 'terraform edits', fc.property(editArb, ({ fixture, edits }) => {
    let text = FIXTURES[fixture];
    const doc = new TerraformDocument(parser);
    try {
      doc.update(text);
      for (const e of edits) {
        const at = Math.floor(e.at * text.length);
        const len = Math.min(e.len, text.length - at);
        const change = e.kind === 'insert' ? { offset: at, length: 0, newText: e.piece }
          : e.kind === 'delete' ? { offset: at, length: len, newText: '' }
          : { offset: at, length: 0, newText: text.slice(at, at + len) };
        text = text.slice(0, change.offset) + change.newText + text.slice(change.offset + change.length);
        const r = doc.update(text, [change]);
        checkRead(text, r);
        const tree = parser.parse(text)!;
        try {
          const fresh = collectPolicies(tree, text);
          assert.deepEqual(strip(r), strip(fresh));
        } finally { tree.delete(); }
      }
      assert.deepEqual(strip(readTerraform(parser, text)), strip(doc.update(text)));
    } finally {
      doc.dispose();
    }
  }), { seed: SEED, numRuns: 100_000, timeLimitMs: 60_000 * SCALE, reproduce: REPRODUCE });
});

/**
 * Condition operators have one model (util/operators.ts): the condition-type-mismatch check, hover
 * and completion must agree on which operators fit which condition keys. For every base operator
 * (and a set-prefixed and an …IfExists spelling) against keys of every judged type, the three answers
 * are computed independently through the analyzer's façade and compared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/analysis';
import { ALL_OPERATORS, CONDITION_OPERATORS, describeOperator, familiesFor, familyFits, parseOperator, typesFor } from '../../server/src/analysis/util/operators';
import { getCatalog, getData } from '../helpers';

const analyzer = createAnalyzer(getCatalog(), getData());

/** Global keys of each type the model judges, plus aws:EpochTime (Date that also takes Numeric operators). */
const KEYS: Record<string, string> = {
  'aws:SecureTransport': 'Bool',
  'aws:SourceIp': 'IPAddress',
  'aws:CurrentTime': 'Date',
  'aws:EpochTime': 'Date',
  'aws:MultiFactorAuthAge': 'Numeric',
  'aws:SourceArn': 'ARN',
  'aws:PrincipalAccount': 'String',
  'aws:TagKeys': 'ArrayOfString',
};

function doc(operator: string, key: string, value: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { [operator]: { [key]: value } } }],
  }, null, 2);
}

interface Answers { check: boolean; hover: boolean; completion: boolean }

function answers(operator: string, key: string): Answers {
  const text = doc(operator, key, 'x');
  const check = analyzer.analyze(text).findings.some((f) => f.code === 'condition-type-mismatch');
  const keyAt = text.indexOf(`"${key}"`) + 2;
  const h = analyzer.hover(text, keyAt);
  assert.ok(h, `hover on ${key} under ${operator}`);
  const hover = h.markdown.includes('Note:');
  // Complete a key in an empty operator object: the key's proposal says whether it fits.
  const empty = doc(operator, '', '').replace('"": ""', '""');
  const at = empty.indexOf('""') + 1;
  const proposal = analyzer.complete(empty, at).find((p) => p.label.toLowerCase() === key.toLowerCase());
  assert.ok(proposal, `completion proposes ${key} under ${operator}`);
  const completion = /\(not a \w+ key\)/.test(proposal.detail ?? '');
  return { check, hover, completion };
}

test('the checks, hover and completion agree on which operators fit which keys', () => {
  const actual = analyzer.catalog.globalConditionKeys;
  for (const [key, type] of Object.entries(KEYS)) assert.equal(actual.get(key.toLowerCase())?.type, type, `the catalog types ${key} as ${type}`);
  let mismatches = 0;
  let checked = 0;
  for (const base of CONDITION_OPERATORS) {
    const spellings = base.name === 'Null' ? [base.name] : [base.name, `ForAnyValue:${base.name}`, `${base.name}IfExists`];
    for (const operator of spellings) {
      for (const [key, type] of Object.entries(KEYS)) {
        const a = answers(operator, key);
        const expected = !familyFits(base.family, type, key);
        assert.deepEqual(a, { check: expected, hover: expected, completion: expected }, `${operator} on ${key} (${type})`);
        checked++;
        if (expected) mismatches++;
      }
    }
  }
  // Both outcomes occur: the comparison is not vacuous.
  assert.ok(checked > 500 && mismatches > 100 && checked - mismatches > 100, `${checked} pairs, ${mismatches} mismatches`);
});

test('String and ARN operators fit both String and ARN keys (the case hover and completion used to disagree on)', () => {
  for (const [operator, key] of [['StringEquals', 'aws:SourceArn'], ['ArnLike', 'aws:PrincipalAccount'], ['StringLike', 'aws:SourceArn']]) {
    assert.deepEqual(answers(operator, key), { check: false, hover: false, completion: false }, `${operator} on ${key}`);
  }
  assert.deepEqual(answers('StringEquals', 'aws:SecureTransport'), { check: true, hover: true, completion: true });
  assert.deepEqual(answers('NumericLessThan', 'aws:EpochTime'), { check: false, hover: false, completion: false });
});

test('the operator documentation names the key types from the same rule', () => {
  assert.deepEqual(typesFor('String'), ['String', 'ARN']);
  assert.deepEqual(typesFor('Arn'), ['String', 'ARN']);
  assert.deepEqual(typesFor('Numeric'), ['Numeric']);
  assert.deepEqual(typesFor('Null'), []);
  for (const o of CONDITION_OPERATORS) {
    const d = describeOperator(o.name);
    assert.ok(d, o.name);
    for (const t of typesFor(o.family)) {
      assert.ok(d.doc.includes(`\`${t}\``), `${o.name} documents ${t}`);
      assert.ok(familiesFor(t, '')!.includes(o.family));
    }
  }
});

test('every spelling the invalid-condition-operator check accepts is described, and nothing else', () => {
  for (const spelling of ALL_OPERATORS) {
    assert.ok(parseOperator(spelling).valid, spelling);
    assert.ok(describeOperator(spelling), spelling);
  }
  for (const bad of ['StringEqual', 'NullIfExists', 'ForAnyValues:StringLike', 'Foo']) {
    assert.equal(parseOperator(bad).valid, false, bad);
    assert.equal(describeOperator(bad), undefined, bad);
  }
});

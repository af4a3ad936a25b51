/**
 * schemas/policy.schema.json, for editors and tools that read JSON Schema (the extension does not
 * contribute it: its language server hovers and completes every element itself): a valid draft-07
 * schema that documents every element but never fails, because the language server already reports
 * every structural problem (a failing schema would report each one twice); and its element and
 * operator names in step with the analysis.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../../server/src/analysis/policy';
import { ALL_OPERATORS, SET_PREFIXES } from '../../server/src/analysis/util/operators';

const ROOT = path.join(__dirname, '..', '..');
type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>; patternProperties?: Record<string, Schema>; definitions?: Record<string, Schema>;
  items?: Schema; allOf?: Schema[]; additionalProperties?: Schema | boolean; description?: string; markdownDescription?: string; $ref?: string;
};
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'policy.schema.json'), 'utf8')) as Schema;
const defs = schema.definitions!;
const statementProps = defs.statement.properties!;

/** Keywords that can make a value fail validation (allOf cannot: it only combines subschemas, which are checked too). */
const FAILING = ['type', 'enum', 'const', 'required', 'not', 'oneOf', 'anyOf', 'if', 'then', 'else', 'dependencies',
  'propertyNames', 'contains', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern',
  'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minProperties', 'maxProperties'];

/** Visits every subschema with its JSON pointer. */
function walk(s: Schema, at: string, visit: (s: Schema, at: string) => void): void {
  visit(s, at);
  for (const k of ['properties', 'patternProperties', 'definitions'] as const) {
    for (const [name, sub] of Object.entries(s[k] ?? {})) walk(sub, `${at}/${k}/${name}`, visit);
  }
  for (const [i, sub] of (s.allOf ?? []).entries()) walk(sub, `${at}/allOf/${i}`, visit);
  if (s.items && typeof s.items === 'object') walk(s.items, `${at}/items`, visit);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}/additionalProperties`, visit);
}

function validator() {
  // strict: false because VS Code's annotations (markdownDescription) are not draft-07 keywords.
  const ajv = new Ajv({ strict: false, allErrors: true });
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  return ajv.compile(schema);
}

test('is a valid draft-07 schema whose references resolve', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const validate = validator();
  assert.equal(validate({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }), true);
  walk(schema, '#', (s, at) => {
    if (s.$ref) assert.ok(/^#\/definitions\/\w+$/.test(s.$ref) && defs[s.$ref.split('/').pop()!], `${at}: $ref ${s.$ref}`);
  });
});

test('has no keyword that can fail, so it never doubles a diagnostic of the language server', () => {
  walk(schema, '#', (s, at) => {
    for (const k of FAILING) assert.ok(!(k in s), `${at} uses "${k}"`);
    assert.notEqual(s.additionalProperties, false, `${at}: additionalProperties false`);
  });
  const validate = validator();
  const anyValue = fc.jsonValue({ maxDepth: 4 });
  const element = fc.constantFrom(...TOP_ELEMENTS, ...STATEMENT_ELEMENTS, 'Effect', 'Principal', 'StringEquals', 'AWS', 'Actions');
  const policyish = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, anyValue, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(element, tie('node'), { maxKeys: 4 })),
  })).node;
  fc.assert(fc.property(fc.oneof(anyValue, policyish), (v) => validate(v) === true), { numRuns: 500 });
});

test('documents every property, without proposing it', () => {
  let count = 0;
  walk(schema, '#', (s, at) => {
    if (!/\/(properties|patternProperties)\/[^/]+$/.test(at)) return;
    count++;
    assert.ok(typeof s.description === 'string' && s.description.length >= 20, `${at} has a description`);
    // The language server proposes element names, principal types and operators (with snippets):
    // proposals from the schema too would list each name twice.
    assert.equal(s.doNotSuggest, true, `${at} is doNotSuggest`);
    if (s.markdownDescription) assert.ok(s.markdownDescription.startsWith(s.description!), `${at}: markdownDescription starts with the description`);
  });
  assert.ok(count > 60, `${count} documented properties`);
});

test('element names are the analysis\'s', () => {
  assert.deepEqual(Object.keys(schema.properties!), [...TOP_ELEMENTS]);
  assert.deepEqual(Object.keys(statementProps), [...STATEMENT_ELEMENTS]);
  // Statement as one object or as an array of them.
  assert.deepEqual(schema.properties!.Statement.allOf, [{ $ref: '#/definitions/statement' }]);
  assert.equal(schema.properties!.Statement.items?.$ref, '#/definitions/statement');
  for (const p of ['Principal', 'NotPrincipal']) {
    assert.deepEqual(Object.keys(statementProps[p].properties!), ['AWS', 'Service', 'Federated', 'CanonicalUser']);
  }
});

test('condition operators are the analysis\'s, each mapping keys to values', () => {
  const cond = statementProps.Condition;
  const plain = ALL_OPERATORS.filter((op) => !SET_PREFIXES.some((p) => op.startsWith(`${p}:`)));
  assert.deepEqual(Object.keys(cond.properties!).sort(), [...plain].sort());
  assert.deepEqual(Object.keys(cond.patternProperties!).sort(), SET_PREFIXES.map((p) => `^${p}:`).sort());
  for (const op of ALL_OPERATORS.filter((o) => !plain.includes(o))) {
    assert.ok(Object.keys(cond.patternProperties!).some((re) => new RegExp(re).test(op)), `${op} is documented by a pattern`);
  }
  for (const sub of [...Object.values(cond.properties!), ...Object.values(cond.patternProperties!), cond.additionalProperties as Schema]) {
    assert.equal((sub.additionalProperties as Schema).$ref, '#/definitions/conditionValue');
  }
});

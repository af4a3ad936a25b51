/**
 * Policy documents written as a JSON string in a template (server/src/analysis/host/cloudformation/
 * jsonString.ts): quoted and plain scalars, literal block scalars, !Sub / Fn::Sub of a JSON string,
 * a JSON template's escaped string. The embedded JSON is read, every range maps back into the host
 * exactly (or onto the whole scalar where it cannot), and no fix rewrites the string.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/analysis';
import { HostAnalyzer, type HostAnalysis } from '../../server/src/analysis/host';
import { readCloudFormation } from '../cloudformation';
import { plain } from '../../server/src/analysis/host/editmap';
import { UNKNOWN, type HostValue } from '../../server/src/analysis/host/types';
import { getCatalog, getData } from '../helpers';

const DOC = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrpyt", "Resource": "*"}]}';
const tpl = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
const managed = (id: string, doc: string) => `  ${id}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${doc}\n`;
const hosts = new HostAnalyzer(createAnalyzer(getCatalog(), getData()), [{ format: 'cloudformation', accepts: () => true, read: (t) => readCloudFormation(t) }]);
const analyze = (text: string): HostAnalysis => hosts.analyzeRead(text, readCloudFormation(text));
const at = (text: string, f: { offset: number; length: number }) => text.slice(f.offset, f.offset + f.length);

/** Every exact text part is the host text verbatim; every range lies inside the policy's. */
function checkExact(text: string, v: HostValue, range: { offset: number; length: number }): number {
  let exact = 0;
  assert.ok(v.offset >= range.offset && v.offset + v.length <= range.offset + range.length, `range ${v.offset}+${v.length}`);
  if (v.type === 'string') {
    for (const p of v.parts) if (p.kind === 'text' && p.exact) { assert.equal(text.slice(p.offset, p.offset + p.length), p.text); exact++; }
  } else if (v.type === 'object') for (const p of v.props) exact += checkExact(text, p.value, range);
  else if (v.type === 'array') for (const x of v.items) exact += checkExact(text, x, range);
  return exact;
}

const FORMS: Array<[string, string, string]> = [
  // [name, the PolicyDocument as written, what the finding's range must read in the host]
  ['single-quoted', `'${DOC.replace('"Allow"', '"Allow", "Sid": "it\'\'s"')}'`, '"kms:Decrpyt"'],
  ['double-quoted, escapes', JSON.stringify(DOC).replace('Allow', '\\u0041llow'), '\\"kms:Decrpyt\\"'],
  ['literal block', `|\n        {\n          "Version": "2012-10-17",\n          "Statement": [{"Effect": "Allow",\n            "Action": ["kms:Decrpyt"], "Resource": "*"}]\n        }`, '"kms:Decrpyt"'],
  ['literal block, strip', `|-\n        ${DOC}`, '"kms:Decrpyt"'],
  ['!Sub of a literal block', `!Sub |\n        ${DOC.replace('"*"', '"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*"')}`, '"kms:Decrpyt"'],
  ['Fn::Sub with variables', `\n        Fn::Sub:\n          - '${DOC.replace('"*"', '${KeyArn}').replace('"Allow"', '"${Effect}"')}'\n          - { KeyArn: !Ref Key, Effect: Allow }`, '"kms:Decrpyt"'],
];

for (const [name, written, want] of FORMS) {
  test(`a JSON string document (${name}): read, ranges exact, the finding on the action in the host, no fix`, () => {
    const text = tpl(managed('P', written));
    const r = readCloudFormation(text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.policies.length, 1);
    const p = r.policies[0];
    assert.equal(p.locator, 'Resources.P.PolicyDocument');
    assert.equal(p.writer, undefined, 'no writer: the string is never rewritten');
    const json = plain(p.value) as { Statement: Array<{ Action: unknown; Effect: string }> };
    assert.deepEqual([json.Statement[0].Action].flat(), ['kms:Decrpyt']);
    assert.equal(json.Statement[0].Effect, 'Allow');
    assert.ok(checkExact(text, p.value, p.range) > 0 || name.startsWith('double'), 'exact parts');
    const a = analyze(text);
    const f = a.findings.find((x) => x.code === 'unknown-action');
    assert.ok(f, a.findings.map((x) => x.code).join());
    assert.equal(at(text, f), want);
    assert.ok(a.findings.every((x) => !x.fixes?.length), 'no fix offered');
    assert.deepEqual(hosts.fixAll(text, 'x.yaml'), []);
  });
}

test('!Sub: ${AWS::AccountId} and ${Param} are unknown parts, ${!Literal} a literal, a whole-value ${X} an unknown value; no finding because of them', () => {
  const doc = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}", ${Arn}], "Condition": {"StringEquals": {"aws:PrincipalTag/x": "${!Literal}"}}}]}';
  const text = tpl(managed('P', `!Sub '${doc}'`));
  const r = readCloudFormation(text);
  const v = plain(r.policies[0].value) as { Statement: Array<{ Resource: string[]; Condition: { StringEquals: Record<string, string> } }> };
  assert.deepEqual(v.Statement[0].Resource, [`arn:aws:kms:${UNKNOWN}:${UNKNOWN}:key/${UNKNOWN}`, UNKNOWN]);
  assert.equal(v.Statement[0].Condition.StringEquals['aws:PrincipalTag/x'], '${Literal}');
  const a = analyze(text);
  assert.deepEqual(a.findings.filter((f) => f.severity === 'error' || f.code.includes('arn')).map((f) => f.code), []);
});

test('a folded scalar cannot map character by character: the finding is on the whole scalar, never at a wrong place', () => {
  const text = tpl(managed('P', `>\n        ${DOC}`));
  const r = readCloudFormation(text);
  const p = r.policies[0];
  assert.equal(checkExact(text, p.value, p.range), 0);
  const f = analyze(text).findings.find((x) => x.code === 'unknown-action')!;
  assert.equal(f.offset, p.range.offset);
  assert.equal(f.length, p.range.length);
});

test('a JSON syntax error inside the string is a problem at its place; a string that is no JSON object is not a policy', () => {
  const text = tpl(managed('P', `|\n        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",, "Action": "kms:Decrypt"}]}`));
  const r = readCloudFormation(text);
  assert.equal(r.policies.length, 0);
  assert.ok(r.problems.length >= 1);
  assert.ok(r.problems.every((x) => /JSON syntax/.test(x.message)));
  assert.equal(text[r.problems[0].offset], ',');
  assert.equal(text.slice(r.problems[0].offset - 1, r.problems[0].offset + 1), ',,');
  const notJson = readCloudFormation(tpl(managed('P', 'arn:aws:iam::aws:policy/ReadOnlyAccess')));
  assert.deepEqual([notJson.policies.length, notJson.problems.length], [0, 0]);
});

test('a JSON template: an escaped JSON string document and an Fn::Sub of one, with exact ranges where there is no escape', () => {
  const doc = DOC.replace('"*"', '"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*"');
  const text = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc } },
      Q: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { 'Fn::Sub': doc } } },
    },
  }, null, 2);
  const r = readCloudFormation(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.policies.length, 2);
  const [p, q] = r.policies;
  assert.equal((plain(p.value) as { Statement: Array<{ Resource: string }> }).Statement[0].Resource, 'arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*');
  assert.equal((plain(q.value) as { Statement: Array<{ Resource: string }> }).Statement[0].Resource, `arn:aws:kms:${UNKNOWN}:${UNKNOWN}:key/*`);
  const a = analyze(text);
  const found = a.findings.filter((f) => f.code === 'unknown-action').map((f) => at(text, f));
  assert.deepEqual(found, ['\\"kms:Decrpyt\\"', '\\"kms:Decrpyt\\"']);
});

/**
 * The host layer on JSON templates (`.json.tpl` / `.tftpl` files and heredoc bodies): the template
 * reader, the projection and its source map, structural edits written back in JSON, and the façade.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAnalyzer } from '../../../server/src/analysis';
import { applyEdits } from '../../../server/src/analysis/edits';
import { HostAnalyzer, hostReaderFor, templateReader, UNKNOWN } from '../../../server/src/analysis/host';
import { plain, structuralEdits } from '../../../server/src/analysis/host/editmap';
import { readJsonTemplate, readJsonTemplateRegion } from '../../../server/src/analysis/host/jsonTemplate';
import { jsonWriter } from '../../../server/src/analysis/host/jsonWriter';
import { project, toHost, toProjected } from '../../../server/src/analysis/host/project';
import { getCatalog, getData } from '../../helpers';

const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UseKeys",
      "Effect": "Allow",
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:Decryptt"],
      "Resource": "arn:aws:kms:\${region}:\${account_id}:key/*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "$\${aws:username}" } }
    },
    {
      "Effect": "Allow",
      "Action": \${jsonencode(extra_actions)},
      "Resource": [
        %{ for arn in key_arns ~}
        "\${arn}",
        %{ endfor ~}
        "arn:aws:s3:::bucket"
      ]
    }
  ]
}
`;

const at = (text: string, s: string, nth = 0) => { let i = -1; for (let k = 0; k <= nth; k++) i = text.indexOf(s, i + 1); assert.ok(i >= 0, s); return i; };

describe('template reader', () => {
  test('interpolations are unknown parts; a whole-value interpolation is an unknown value; $${ is a literal ${', () => {
    const v = readJsonTemplate(TEMPLATE, 0, TEMPLATE.length)!;
    const doc = plain(v) as { Statement: Array<Record<string, unknown>> };
    assert.equal(doc.Statement[0].Resource, `arn:aws:kms:${UNKNOWN}:${UNKNOWN}:key/*`);
    assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } });
    assert.equal(doc.Statement[1].Action, UNKNOWN);
    // The directive makes the list partly unknown: an unknown item stands for what it repeats.
    assert.deepEqual(doc.Statement[1].Resource, [UNKNOWN, UNKNOWN, 'arn:aws:s3:::bucket']);
  });
  test('a region of a larger text keeps host offsets', () => {
    const host = 'policy = <<EOF\n' + TEMPLATE + 'EOF\n';
    const start = host.indexOf('{');
    const end = host.lastIndexOf('EOF');
    const v = readJsonTemplate(host, start, end)!;
    assert.equal(v.type, 'object');
    assert.equal(v.offset, start);
    const stmt = v.type === 'object' ? v.props[1] : undefined;
    assert.equal(host.slice(stmt!.keyOffset, stmt!.keyOffset + stmt!.keyLength), '"Statement"');
  });
  test('broken JSON gives a problem, never a throw; every prefix of the template is read without throwing', () => {
    const r = readJsonTemplateRegion('{ "Statement": [ ${x} ', 0);
    assert.equal(r.value, undefined);
    assert.ok(r.problems.length > 0);
    for (let i = 0; i <= TEMPLATE.length; i++) readJsonTemplateRegion(TEMPLATE.slice(0, i));
    for (const s of ['${', '${"}', '%{ if', '"$${', '{"a": "${x"}', '$$$${}']) readJsonTemplateRegion(s);
  });
});

describe('projection and source map', () => {
  const v = readJsonTemplate(TEMPLATE, 0, TEMPLATE.length)!;
  const p = project(v, TEMPLATE);
  test('the projection is JSON with UNKNOWN for computed values', () => {
    const doc = JSON.parse(p.text);
    assert.equal(doc.Statement[1].Action, UNKNOWN);
  });
  test('ranges inside exact strings map character by character, both ways', () => {
    const hostAt = at(TEMPLATE, 'Decryptt');
    const projAt = at(p.text, 'Decryptt');
    assert.deepEqual(toHost(p, projAt, 8), { offset: hostAt, length: 8 });
    assert.deepEqual(toProjected(p, hostAt + 3), { offset: projAt + 3, exact: true });
    const key = at(p.text, 'Sid');
    assert.deepEqual(toHost(p, key, 3), { offset: at(TEMPLATE, 'Sid'), length: 3 });
  });
  test('a range over an unknown part maps to the interpolation; over a node to the whole node', () => {
    const u = p.text.indexOf(UNKNOWN);
    assert.deepEqual(toHost(p, u, 1), { offset: at(TEMPLATE, '${region}'), length: '${region}'.length });
    const res = at(p.text, '"arn:aws:kms:');
    const len = JSON.stringify(`arn:aws:kms:${UNKNOWN}:${UNKNOWN}:key/*`).length;
    assert.deepEqual(toHost(p, res, len), { offset: at(TEMPLATE, '"arn:aws:kms:'), length: '"arn:aws:kms:${region}:${account_id}:key/*"'.length });
  });
  test('outside the policy there is no projected offset', () => {
    assert.equal(toProjected(p, TEMPLATE.length), undefined);
  });
});

describe('structural edits written as JSON', () => {
  const v = readJsonTemplate(TEMPLATE, 0, TEMPLATE.length)!;
  const p = project(v, TEMPLATE);
  const w = jsonWriter(v, { template: true });
  test('removing an action from an inline list keeps the layout', () => {
    const i = at(p.text, '"kms:Decryptt"');
    const prev = at(p.text, '"kms:Decrypt"');
    const edits = [{ offset: prev + '"kms:Decrypt"'.length, length: i + '"kms:Decryptt"'.length - prev - '"kms:Decrypt"'.length, newText: '' }];
    const changes = structuralEdits(v, p.text, edits)!;
    assert.deepEqual(changes.map((c) => c.op), ['remove-item']);
    const out = applyEdits(TEMPLATE, w.write(TEMPLATE, changes)!);
    assert.ok(out.includes('"Action": ["kms:Encrypt", "kms:Decrypt"],'), out);
  });
  test('replacing a string, inserting a property; new ${ is escaped in a template', () => {
    const after = JSON.parse(p.text);
    after.Statement[0].Action[2] = 'kms:GenerateDataKey';
    after.Statement[0].Condition.StringEquals['aws:ResourceTag/owner'] = '${aws:username}';
    const changes = structuralEdits(v, p.text, [{ offset: 0, length: p.text.length, newText: JSON.stringify(after, null, 2) }])!;
    assert.deepEqual(changes.map((c) => c.op).sort(), ['insert-prop', 'replace']);
    const out = applyEdits(TEMPLATE, w.write(TEMPLATE, changes)!);
    assert.ok(out.includes('"kms:GenerateDataKey"]'), out);
    assert.ok(out.includes('"aws:ResourceTag/owner": "$${aws:username}"'), out);
  });
  test('a change to a computed value is not expressible', () => {
    const after = JSON.parse(p.text);
    after.Statement[0].Resource = 'arn:aws:kms:us-east-1:111122223333:key/*';
    assert.equal(structuralEdits(v, p.text, [{ offset: 0, length: p.text.length, newText: JSON.stringify(after) }]), undefined);
    const removeUnknown = JSON.parse(p.text);
    removeUnknown.Statement[1].Resource.splice(0, 1);
    assert.equal(structuralEdits(v, p.text, [{ offset: 0, length: p.text.length, newText: JSON.stringify(removeUnknown) }]), undefined);
  });
  test('appending to a multi-line list and removing adjacent items', () => {
    const text = '{\n  "Statement": [\n    "a",\n    "b",\n    "c"\n  ]\n}';
    const hv = readJsonTemplate(text, 0, text.length)!;
    const hp = project(hv, text);
    const after = { Statement: ['a', 'x', 'y'] };
    const changes = structuralEdits(hv, hp.text, [{ offset: 0, length: hp.text.length, newText: JSON.stringify(after) }])!;
    const out = applyEdits(text, jsonWriter(hv).write(text, changes)!);
    assert.deepEqual(JSON.parse(out), after);
    const removed = structuralEdits(hv, hp.text, [{ offset: 0, length: hp.text.length, newText: '{"Statement": ["a"]}' }])!;
    const out2 = applyEdits(text, jsonWriter(hv).write(text, removed)!);
    assert.equal(out2, '{\n  "Statement": [\n    "a"\n  ]\n}');
  });
});

describe('host façade on templates', () => {
  const host = new HostAnalyzer(createAnalyzer(getCatalog(), getData()), [templateReader]);
  test('a template is recognised by name and content; a plain JSON policy is not a host file', () => {
    assert.equal(hostReaderFor('policy.json.tpl', TEMPLATE, [templateReader])?.format, 'terraform-template');
    assert.equal(hostReaderFor('policy.tftpl', TEMPLATE, [templateReader])?.format, 'terraform-template');
    assert.equal(hostReaderFor('policy.json', TEMPLATE, [templateReader]), undefined);
    assert.equal(hostReaderFor('notes.tpl', 'Hello ${name}', [templateReader]), undefined);
  });
  test('findings land in the host text; unknown values raise nothing; a fix edits the template', () => {
    const r = host.analyze(TEMPLATE, 'key-user.json.tpl')!;
    assert.equal(r.policies.length, 1);
    assert.equal(r.policies[0].locator, 'template');
    const codes = r.findings.map((f) => `${f.code}@${TEMPLATE.slice(f.offset, f.offset + f.length)}`);
    assert.ok(codes.includes('unknown-action@"kms:Decryptt"'), codes.join('\n'));
    assert.ok(!codes.some((c) => c.startsWith('invalid-arn') || c.startsWith('invalid-policy-variable')), codes.join('\n'));
    const f = r.findings.find((x) => x.code === 'unknown-action')!;
    const fix = f.fixes!.find((x) => /kms:Decrypt\b/.test(x.title))!;
    const out = applyEdits(TEMPLATE, fix.edits);
    assert.ok(out.includes('"Action": ["kms:Encrypt", "kms:Decrypt", "kms:Decrypt"]') || out.includes('"Action": ["kms:Encrypt", "kms:Decrypt"]'), out);
    assert.ok(out.includes('${region}') && out.includes('%{ for arn in key_arns ~}'), 'the template syntax is kept');
  });
  test('a keystroke in the text before the policy shifts cached results', () => {
    const r1 = host.analyze(TEMPLATE, 'a.json.tpl')!;
    const moved = '\n\n' + TEMPLATE;
    const r2 = host.analyze(moved, 'a.json.tpl')!;
    assert.deepEqual(r2.findings.map((f) => f.offset), r1.findings.map((f) => f.offset + 2));
    const fx = r2.findings.find((x) => x.code === 'unknown-action')!.fixes![0];
    assert.ok(applyEdits(moved, fx.edits).startsWith('\n\n{'));
  });
  test('completion inside an action string maps to the host; hover too', () => {
    const offset = at(TEMPLATE, 'kms:Encrypt') + 'kms:En'.length;
    const items = host.complete(TEMPLATE, 'a.json.tpl', offset);
    const enc = items.find((i) => i.label === 'kms:Encrypt' || i.label === 'Encrypt');
    assert.ok(enc, items.slice(0, 5).map((i) => i.label).join());
    assert.ok(enc!.replace.offset >= at(TEMPLATE, '"kms:Encrypt"') && enc!.replace.offset <= offset);
    const h = host.hover(TEMPLATE, 'a.json.tpl', offset)!;
    assert.match(h.markdown, /Encrypt/);
    assert.equal(TEMPLATE.slice(h.offset, h.offset + h.length), '"kms:Encrypt"');
  });
  test('fix all edits the template and keeps it readable', () => {
    const edits = host.fixAll(TEMPLATE, 'a.json.tpl');
    const out = applyEdits(TEMPLATE, edits);
    assert.ok(readJsonTemplate(out, 0, out.length), out);
  });
});

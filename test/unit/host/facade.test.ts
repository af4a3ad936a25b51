/**
 * The host façade with a reader of its own (two JSON policies in one file): subjects judged together,
 * variants merged, problems reported, readers never trusted not to throw.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAnalyzer } from '../../../server/src/analysis';
import { applyEdits } from '../../../server/src/analysis/edits';
import { EmbeddedPolicy, HostAnalyzer, HostReader } from '../../../server/src/analysis/host';
import { readJsonTemplateRegion } from '../../../server/src/analysis/host/jsonTemplate';
import { jsonWriter } from '../../../server/src/analysis/host/jsonWriter';
import { getCatalog, getData } from '../../helpers';

const MANAGE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DeleteCustomKeyStore', 'kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters'], Resource: '*' }],
};
const SLR = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores', Condition: { StringEquals: { 'iam:AWSServiceName': 'cks.kms.amazonaws.com' } } }],
};

/** A file of `---`-separated JSON policies; `subject` and `variant` as the test wants them. */
function reader(opts: { subject?: string; variants?: boolean; throws?: boolean }): HostReader {
  return {
    format: 'test-multi',
    accepts: (name) => name.endsWith('.multi'),
    read(text) {
      if (opts.throws) throw new Error('reader bug');
      const policies: EmbeddedPolicy[] = [];
      const problems = [];
      let start = 0;
      let i = 0;
      for (const part of text.split('---')) {
        const r = readJsonTemplateRegion(text, start, start + part.length);
        problems.push(...r.problems);
        if (r.value) {
          policies.push({
            locator: opts.variants ? 'policy' : `policy${i}`, value: r.value, range: { offset: r.value.offset, length: r.value.length },
            syntax: 'json', writer: jsonWriter(r.value), subject: opts.subject, variant: opts.variants ? `v${i}` : undefined,
          });
        }
        start += part.length + 3;
        i++;
      }
      return { format: 'test-multi', policies, problems };
    },
  };
}

const analyzer = createAnalyzer(getCatalog(), getData());
const TEXT = JSON.stringify(MANAGE, null, 2) + '\n---\n' + JSON.stringify(SLR, null, 2);

describe('subjects', () => {
  test('alone, the key store manager policy lacks the service-linked role action; judged with its sibling it does not', () => {
    const alone = new HostAnalyzer(analyzer, [reader({})]).analyze(TEXT, 'a.multi')!;
    assert.ok(alone.policies[0].findings.some((f) => f.code === 'missing-action'), JSON.stringify(alone.policies[0].findings.map((f) => f.code)));
    const together = new HostAnalyzer(analyzer, [reader({ subject: 'role.admin' })]).analyze(TEXT, 'a.multi')!;
    assert.deepEqual(together.findings.map((f) => f.code), []);
    assert.equal(together.policies.length, 2);
    assert.deepEqual(together.policies.map((p) => p.roles.map((v) => v.role)), [['key-store-manager'], ['key-store-manager']]);
    assert.deepEqual(together.policies[0].judgedWith, ['policy1']);
  });
  test('a role finding of the union lands in the piece it is about, and its fix edits that piece', () => {
    const bad = JSON.parse(JSON.stringify(MANAGE));
    bad.Statement[0].Action.push('kms:Decrypt', 'kms:ScheduleKeyDeletion');
    const text = JSON.stringify(bad, null, 2) + '\n---\n' + JSON.stringify(SLR, null, 2);
    const r = new HostAnalyzer(analyzer, [reader({ subject: 'role.admin' })]).analyze(text, 'a.multi')!;
    const ex = r.policies[0].findings.filter((f) => f.code === 'excessive-action');
    assert.ok(ex.length > 0, JSON.stringify(r.findings.map((f) => f.code)));
    const fix = ex[0].fixes![0];
    const out = applyEdits(text, fix.edits);
    assert.ok(out.endsWith(JSON.stringify(SLR, null, 2)), 'the other piece is untouched');
    assert.notEqual(out, text);
  });
});

describe('variants and problems', () => {
  test('variants of one policy give one result, their findings merged by host range', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decryptt", "Resource": "*"}]}---{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decryptt", "Resource": "*"}]}';
    const r = new HostAnalyzer(analyzer, [reader({ variants: true })]).analyze(text, 'a.multi')!;
    assert.equal(r.policies.length, 1);
    assert.deepEqual(r.policies[0].variants, ['v0', 'v1']);
    assert.equal(r.policies[0].findings.filter((f) => f.code === 'unknown-action').length, 2, 'two ranges: one per variant text');
  });
  test('a reader problem is a json-syntax finding (unless turned off); a throwing reader gives nothing', () => {
    const text = TEXT + '\n---\n{ "Statement": [ }';
    const r = new HostAnalyzer(analyzer, [reader({})]).analyze(text, 'a.multi')!;
    assert.ok(r.findings.some((f) => f.code === 'json-syntax' && f.offset > TEXT.length));
    const off = new HostAnalyzer(analyzer, [reader({})]).analyze(text, 'a.multi', { severity: { 'json-syntax': 'off' } })!;
    assert.ok(!off.findings.some((f) => f.code === 'json-syntax'));
    const broken = new HostAnalyzer(analyzer, [reader({ throws: true })]).analyze(text, 'a.multi')!;
    assert.deepEqual(broken.findings, []);
    assert.equal(new HostAnalyzer(analyzer, [reader({})]).analyze(text, 'a.json'), undefined);
  });
});

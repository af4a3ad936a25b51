import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy } from '../../helpers';

const good = policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
checkCases('json-syntax', {
  valid: [good],
  invalid: [
    { name: 'trailing comma', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",}]}', ranges: [','], fix: { title: 'Remove the trailing comma' } },
    { name: 'comment', text: '{"Version": "2012-10-17", // note\n"Statement": []}', ranges: ['// note'], fix: { title: 'Remove the comment' } },
    { name: 'byte-order mark', text: '\uFEFF' + good, ranges: ['\uFEFF'], fix: { title: 'Remove the byte-order mark', output: good } },
    { name: 'unterminated string', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow', count: 2, message: ['Unterminated string'] },
    { name: 'half-typed document', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"', message: [/\}\]\} is expected/] },
    { name: 'missing comma', text: '{"Version": "2012-10-17" "Statement": []}', message: ['comma'] },
    { name: 'empty document', text: '', options: { force: true }, message: ['empty'] },
  ],
});

test('json-syntax: broken JSON stops the other checks', () => {
  const got = findings('{"Version": "2018-01-01", "Statement": [{"Effect": "allow" "Action": "kms:Decrypt"}]}');
  assert.deepEqual([...new Set(got.map((f) => f.code))], ['json-syntax']);
});

test('json-syntax: deep nesting is reported, not recursed', () => {
  const text = '{"Statement": ' + '['.repeat(100000) + ']'.repeat(100000) + '}';
  const got = findings(text);
  assert.equal(got.length, 1);
  assert.match(got[0].message, /Nesting deeper than/);
});

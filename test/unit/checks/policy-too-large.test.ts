import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ANALYZED_LENGTH } from '../../../server/src/analysis';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

/** An identity policy whose size without whitespace is exactly `size` characters. */
function identityOfSize(size: number): string {
  const bare = (pad: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: pad, Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] });
  const pad = 'A'.repeat(size - bare('').length);
  return JSON.stringify(JSON.parse(bare(pad)), null, 4); // whitespace must not count
}
const trust = (n: number) => policy({ Effect: 'Allow', Principal: { AWS: Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:role/Role${String(i).padStart(4, '0')}`) }, Action: 'sts:AssumeRole' });
const keyPolicy = (n: number) => policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, ...Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:role/R${i}` }, Action: 'kms:Decrypt', Resource: '*' })));

checkCases('policy-too-large', {
  valid: [
    { name: 'exactly at the managed quota', text: identityOfSize(6144) },
    { name: 'a trust policy at its default quota', text: trust(40) },
    { name: 'a key policy with whitespace far above the IAM quota', text: keyPolicy(60) },
  ],
  invalid: [
    {
      name: 'one character over the managed quota',
      text: identityOfSize(6145),
      ranges: ['"Statement"'],
      message: ['6,145 characters', 'at most 6,144', '10,240 for a role', 'Split it'],
    },
    { name: 'a trust policy over its default quota', text: trust(50), ranges: ['"Statement"'], message: ['default quota is 2,048', 'up to 4,096'] },
    { name: 'a trust policy over the maximum', text: trust(100), message: ['at most 4,096'] },
    { name: 'a key policy over 32 KB', text: keyPolicy(200), message: ['bytes', 'at most 32,768 bytes'] },
  ],
});

test('policy-too-large: a trust policy between the default and the maximum quota is a warning', () => {
  assert.equal(findings(trust(50), {}, 'policy-too-large')[0].severity, 'warning');
  assert.equal(findings(trust(100), {}, 'policy-too-large')[0].severity, 'error');
});

test('policy-too-large: whitespace inside strings counts, comments do not', () => {
  const text = identityOfSize(6144);
  assert.equal(findings(text.replace('"Sid": "', '"Sid": " '), {}, 'policy-too-large').length, 1);
  assert.equal(findings(text.replace('{', '{ // a note\n'), {}, 'policy-too-large').length, 0);
});

test('policy-too-large: half-typed documents', () => {
  const big = `{"Version": "2012-10-17", "Statement": [{"Effect": , "Action": [${Array.from({ length: 800 }, (_, i) => `"kms:Decrypt${i}"`).join(',')}]}]}`;
  assert.equal(runCheckOnTree('policy-too-large', big).length, 1);
  assert.deepEqual(runCheckOnTree('policy-too-large', '{"Version": "2012-10-17", "Statement": }'), []);
});

test('policy-too-large: a document of 1 MiB (1,048,576 characters) is analysed; one more character is not', () => {
  const head = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Sid": "';
  const tail = '" } ] }';
  const mib = head + 'A'.repeat(1024 * 1024 - head.length - tail.length) + tail;
  assert.equal(mib.length, MAX_ANALYZED_LENGTH);
  assert.equal(mib.length, 1_048_576);
  const at = findings(mib, {}, 'policy-too-large');
  assert.equal(at.length, 1);
  assert.match(at[0].message, /^The policy has 1,048,\d{3} characters \(whitespace not counted\)/); // analysed: the AWS quota check
  assert.deepEqual(findings(mib.replace('"kms:Decrypt"', '"kms:Decrypt" '), { severity: { 'policy-too-large': 'off' } }).map((f) => f.code), []);
  const over = findings(mib + ' ', {});
  assert.deepEqual(over.map((f) => f.code), ['policy-too-large']);
  assert.equal(over[0].message.startsWith('This document has 1,048,577 characters, more than the 1,048,576 (1 MiB) this linter analyses'), true, over[0].message);
});

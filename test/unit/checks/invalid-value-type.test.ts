import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, findings, policy, runCheckOnTree } from '../../helpers';

const base = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
const keyPolicy = (principal: unknown) => policy({ Sid: 'Use', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' });
checkCases('invalid-value-type', {
  valid: [
    policy(base),
    policy({ ...base, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: ['arn:aws:kms:us-east-1:111122223333:key/a'] }),
    JSON.stringify({ Version: '2012-10-17', Id: 'p1', Statement: base }),
    keyPolicy('*'),
    keyPolicy({ AWS: ['arn:aws:iam::111122223333:root'], Service: 'ec2.amazonaws.com' }),
    { name: 'condition values of every scalar type', text: policy({ ...base, Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, StringEquals: { 'kms:CallerAccount': ['111122223333', '444455556666'] } } }) },
    { name: 'Effect and Version have their own checks', text: '{"Version": 2012, "Statement": [{"Effect": true, "Action": "kms:Decrypt", "Resource": "*"}]}' },
  ],
  invalid: [
    { name: 'Resource a number', text: policy({ ...base, Resource: 42 }), ranges: ['42'], message: ['Resource must be a string or an array of strings', 'not a number'] },
    { name: 'an Action entry not a string', text: policy({ ...base, Action: ['kms:Decrypt', null, ['kms:Encrypt']] }), count: 2, ranges: ['null', '[\n          "kms:Encrypt"\n        ]'], message: ['Each entry of Action must be a string'] },
    { name: 'NotResource an object', text: policy({ Effect: 'Deny', Action: 'kms:*', NotResource: { arn: 'x' } }), ranges: ['{\n        "arn": "x"\n      }'] },
    { name: 'Statement a string', text: '{"Version": "2012-10-17", "Statement": "Allow everything"}', ranges: ['"Allow everything"'], message: ['Statement must be an array of statement objects'] },
    { name: 'a statement that is not an object', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}, "kms:Encrypt"]}', ranges: ['"kms:Encrypt"'], message: ['Each entry of Statement must be a statement object'] },
    {
      name: 'Sid a number',
      text: '{"Version": "2012-10-17", "Statement": [{"Sid": 1, "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}',
      ranges: ['1'],
      message: ['Sid must be a string', 'double quotes'],
      fix: { title: 'Quote the Sid', output: '{"Version": "2012-10-17", "Statement": [{"Sid": "1", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}' },
    },
    { name: 'Id a boolean', text: '{"Version": "2012-10-17", "Id": true, "Statement": []}', ranges: ['true'], fix: { title: 'Quote the Id', output: '{"Version": "2012-10-17", "Id": "true", "Statement": []}' } },
    { name: 'Principal an array', text: keyPolicy(['arn:aws:iam::111122223333:root']), ranges: ['[\n        "arn:aws:iam::111122223333:root"\n      ]'], message: ['Principal must be "*" or an object'] },
    { name: 'a principal value a number', text: keyPolicy({ AWS: 111122223333 }), ranges: ['111122223333'], message: ['Principal "AWS" must be a string or an array of strings'] },
    { name: 'a principal list entry not a string', text: keyPolicy({ AWS: ['arn:aws:iam::111122223333:root', 7] }), ranges: ['7'] },
    { name: 'Condition an array', text: policy({ ...base, Condition: [] }), ranges: ['[]'], message: ['Condition must be an object of condition operators'] },
    { name: 'an operator block a string', text: policy({ ...base, Condition: { StringEquals: 'kms:CallerAccount' } }), ranges: ['"kms:CallerAccount"'], message: ['"StringEquals" block must be an object'] },
    { name: 'a condition value an object', text: policy({ ...base, Condition: { StringEquals: { 'kms:CallerAccount': { id: '1' } } } }), message: ['condition key "kms:CallerAccount" must be a string, number, boolean or an array'] },
    { name: 'a condition value null', text: policy({ ...base, Condition: { StringEquals: { 'kms:CallerAccount': null } } }), ranges: ['null'] },
    { name: 'a condition list entry an array', text: policy({ ...base, Condition: { StringEquals: { 'kms:CallerAccount': ['1', []] } } }), ranges: ['[]'], message: ['Each value of condition key'] },
  ],
});

test('invalid-value-type: quoting Sid and Id is a safe fix', () => {
  const [f] = findings('{"Version": "2012-10-17", "Statement": [{"Sid": 1, "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}', {}, 'invalid-value-type');
  assert.equal(f.fixes?.[0].safe, true);
});

test('invalid-value-type: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('invalid-value-type', '{"Version": "2012-10-17", "Id": , "Statement": [{"Sid": , "Effect": "Allow", "Action": , "Resource": , "Principal": {"AWS": }, "Condition": {"StringEquals": {"kms:CallerAccount": }}}]}'), []);
  assert.deepEqual(runCheckOnTree('invalid-value-type', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Condition": {"StringEquals": }}]}'), []);
});

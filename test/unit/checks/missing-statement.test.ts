import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCases, policy, runCheckOnTree } from '../../helpers';

const force = { force: true };
checkCases('missing-statement', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    { name: 'empty Statement is empty-statement\'s', text: '{"Version": "2012-10-17", "Statement": []}' },
    { name: 'misspelt Statement is unknown-element\'s', text: '{"Version": "2012-10-17", "statement": []}', options: force },
  ],
  invalid: [
    {
      name: 'only a Version',
      text: '{"Version": "2012-10-17"}',
      options: force,
      ranges: ['{'],
      message: ['no Statement', 'add "Statement"'],
    },
    {
      name: 'a statement written at the top level',
      text: '{\n  "Version": "2012-10-17",\n  "Effect": "Allow",\n  "Action": [\n    "kms:Decrypt"\n  ],\n  "Resource": "*"\n}',
      options: force,
      ranges: ['{'],
      message: ['Effect, Action, Resource must be inside a statement'],
      fix: {
        title: 'Move the statement elements into a Statement',
        output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        "kms:Decrypt"\n      ],\n      "Resource": "*"\n    }\n  ]\n}',
      },
    },
  ],
});

test('missing-statement: half-typed documents', () => {
  assert.deepEqual(runCheckOnTree('missing-statement', '{"Version": "2012-10-17", "Statement": }'), []);
  assert.equal(runCheckOnTree('missing-statement', '{"Version": }', force).length, 1);
});

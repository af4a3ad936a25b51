import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const user = example('key-user');
checkCases('excessive-action', {
  valid: [user, example('key-store-manager'), example('key-policy'), { name: 'GenerateDataKey* for a key user', text: user.replace('"kms:GenerateDataKey",', '"kms:GenerateDataKey*",') }],
  invalid: [
    {
      name: 'key user with ScheduleKeyDeletion',
      text: user.replace('"kms:DescribeKey"', '"kms:DescribeKey",\n        "kms:ScheduleKeyDeletion"'),
      ranges: ['"kms:ScheduleKeyDeletion"'],
      actions: ['kms:ScheduleKeyDeletion'],
      fix: { title: 'Remove kms:ScheduleKeyDeletion', output: user },
    },
    {
      name: 'a wildcard is replaced by exactly what the class needs',
      text: example('key-store-manager-flawed'),
      count: 2,
      ranges: ['"kms:Delete*"', '"kms:Decrypt"'],
      actions: ['kms:DeleteAlias', 'kms:DeleteImportedKeyMaterial'],
      message: ['"kms:Delete*" adds 2 actions'],
      fix: { title: 'Replace "kms:Delete*" with the 1 action a key store manager needs' },
    },
    {
      name: 'NotAction, pinned',
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }, null, 2),
      options: { role: 'key-user' },
      ranges: ['"NotAction": "iam:*"'],
      message: [/^NotAction grants \d+ actions/],
      fix: { title: /^Replace NotAction with the \d+ actions a KMS key user needs$/ },
    },
    {
      name: 'kms:* for a key user is an error',
      text: user.replace(/"Action": \[[^\]]*\]/, '"Action": "kms:*"'),
      options: { role: 'key-user' },
      ranges: ['"kms:*"'],
    },
  ],
});

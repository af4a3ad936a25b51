import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const user = example('key-user');
checkCases('unsupported-in-key-store', {
  valid: [user, example('key-policy'), { name: 'a wildcard that also matches supported actions', text: user.replace('"kms:GenerateDataKey",', '"kms:GenerateDataKey*",') }],
  invalid: [
    { name: 'Sign for a key user', text: user.replace('"kms:DescribeKey"', '"kms:DescribeKey",\n        "kms:Sign"'), ranges: ['"kms:Sign"'], actions: ['kms:Sign'], fix: { title: 'Remove kms:Sign', output: user } },
    { name: 'rotation for a key manager', text: example('key-manager').replace('"kms:UpdateKeyDescription"', '"kms:UpdateKeyDescription",\n        "kms:EnableKeyRotation"'), ranges: ['"kms:EnableKeyRotation"'], message: ['No automatic rotation'] },
  ],
});

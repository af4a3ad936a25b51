import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const kp = example('key-policy');
checkCases('key-store-action-in-key-policy', {
  valid: [kp, example('key-store-manager')],
  invalid: [
    { text: kp.replace('"kms:DescribeKey"\n', '"kms:DescribeKey",\n        "kms:DisconnectCustomKeyStore"\n'), ranges: ['"kms:DisconnectCustomKeyStore"'], fix: { title: 'Remove kms:DisconnectCustomKeyStore', output: kp } },
  ],
});

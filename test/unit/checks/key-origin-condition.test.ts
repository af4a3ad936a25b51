import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const km = example('key-manager');
const noCondition = km.replace(/,\n      "Condition": \{\n        "StringEquals": \{ "kms:KeyOrigin": "AWS_CLOUDHSM" \}\n      \}/, '');
checkCases('key-origin-condition', {
  valid: [km, { name: 'not a key manager', text: example('key-store-manager') }],
  invalid: [
    { text: noCondition, ranges: ['"kms:CreateKey"'], fix: { title: 'Add the condition kms:KeyOrigin = AWS_CLOUDHSM' } },
    { name: 'another origin besides AWS_CLOUDHSM', text: km.replace('"AWS_CLOUDHSM"', '["AWS_CLOUDHSM", "AWS_KMS"]'), ranges: ['"kms:CreateKey"'] },
  ],
});

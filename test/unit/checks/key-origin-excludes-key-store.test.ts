import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const km = example('key-manager');
checkCases('key-origin-excludes-key-store', {
  valid: [km, { name: 'AWS_CLOUDHSM among others', text: km.replace('"AWS_CLOUDHSM"', '["AWS_KMS", "AWS_CLOUDHSM"]') }, { name: 'not a key manager', text: example('key-user') }],
  invalid: [
    { name: 'AWS_KMS only', text: km.replace('"AWS_CLOUDHSM"', '"AWS_KMS"'), ranges: ['"kms:CreateKey"'], actions: ['kms:CreateKey'], message: ['cannot create keys in the CloudHSM key store'] },
    { name: 'StringNotEquals AWS_CLOUDHSM', text: km.replace('"StringEquals"', '"StringNotEquals"'), ranges: ['"kms:CreateKey"'] },
  ],
});

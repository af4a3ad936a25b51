import { checkCases, policy } from '../../helpers';

const s = (key: string) => policy({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { StringEquals: { [key]: 'SYMMETRIC_DEFAULT' } } });
checkCases('deprecated-condition-key', {
  valid: [s('kms:KeySpec')],
  invalid: [
    { text: s('kms:CustomerMasterKeySpec'), ranges: ['"kms:CustomerMasterKeySpec"'], fix: { title: 'Replace with kms:KeySpec', output: s('kms:KeySpec') } },
    { name: 'key usage', text: s('kms:CustomerMasterKeyUsage'), fix: { title: 'Replace with kms:KeyUsage', output: s('kms:KeyUsage') } },
  ],
});

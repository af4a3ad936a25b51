import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

checkCases('service-linked-role-principal', {
  valid: [example('key-policy')],
  invalid: [
    { text: example('key-policy-flawed'), ranges: ['"arn:aws:iam::111122223333:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores"'] },
  ],
});

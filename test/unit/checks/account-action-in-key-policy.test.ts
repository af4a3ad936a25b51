import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';
import * as F from './_real-world';

const kp = F.keyPolicy([F.ADMIN], [F.APP], { adminActions: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:ListRetirableGrants'] });
const kpOne = F.keyPolicy([F.ADMIN], [F.APP], { adminActions: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:CreateKey'] });
checkCases('account-action-in-key-policy', {
  valid: [
    example('key-policy'), F.text(F.keyPolicy([F.ADMIN], [F.APP])),
    { name: 'an identity policy may create keys', text: example('key-manager') },
    { name: 'custom key store actions are another check\'s', text: F.text(F.keyPolicy([F.ADMIN], [F.APP], { adminActions: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:ConnectCustomKeyStore'] })) },
  ],
  invalid: [
    { name: 'ListRetirableGrants', text: F.text(kp), ranges: ['"kms:ListRetirableGrants"'], actions: ['kms:ListRetirableGrants'], message: ['has no effect in a key policy'] },
    { name: 'CreateKey', text: F.text(kpOne), ranges: ['"kms:CreateKey"'], fix: { title: 'Remove kms:CreateKey', output: F.text(F.keyPolicy([F.ADMIN], [F.APP], { adminActions: ['kms:DescribeKey', 'kms:PutKeyPolicy'] })) } },
  ],
});

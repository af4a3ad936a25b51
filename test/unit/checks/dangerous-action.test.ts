import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';
import * as F from './_real-world';

const gated = { ...F.backupRole, Statement: [F.backupRole.Statement[0], { ...F.backupRole.Statement[1], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
const single = { Version: '2012-10-17', Statement: [F.backupRole.Statement[0], { Effect: 'Allow', Action: ['kms:DisconnectCustomKeyStore'], Resource: '*' }] };
checkCases('dangerous-action', {
  valid: [
    F.text(F.lambdaKeyStoreManager), F.text(F.codeBuild), F.text(F.lambdaKeyUser), F.text(F.keyPolicy([F.ADMIN], [F.APP])),
    example('key-store-manager'), example('cluster-manager'), example('key-manager'), example('key-policy'),
    { name: 'an administrator', text: F.text({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
    { name: 'PutKeyPolicy on one key', text: F.text({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: F.KEY_ARN }] }) },
  ],
  invalid: [
    {
      name: 'the backup role', text: F.text(F.backupRole), ranges: ['"Action"'],
      actions: ['kms:DeleteCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore'],
      message: ['This policy may call kms:DeleteCustomKeyStore, kms:DisconnectCustomKeyStore and kms:UpdateCustomKeyStore.', 'gate them with a condition on aws:MultiFactorAuthPresent'],
    },
    { name: 'gated by MFA', text: F.text(gated), ranges: ['"Action"'], message: ['keep the gate'] },
    { name: 'one action, removable', text: F.text(single), ranges: ['"kms:DisconnectCustomKeyStore"'], actions: ['kms:DisconnectCustomKeyStore'], fix: { title: 'Remove kms:DisconnectCustomKeyStore' } },
    {
      name: 'a key policy principal of no class may schedule deletion',
      text: F.text({ Version: '2012-10-17', Statement: [F.keyPolicy([F.ADMIN], [F.APP]).Statement[0], { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Cleanup' }, Action: ['kms:DescribeKey', 'kms:ScheduleKeyDeletion'], Resource: '*' }] }),
      ranges: ['"kms:ScheduleKeyDeletion"'], actions: ['kms:ScheduleKeyDeletion'], message: ['arn:aws:iam::111122223333:role/Cleanup may call kms:ScheduleKeyDeletion.'],
    },
  ],
});

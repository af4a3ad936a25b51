import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';
import * as F from './_real-world';

checkCases('service-role-administers-key', {
  valid: [
    F.text(F.keyPolicy([F.ADMIN], [F.APP, F.ASG_SLR])), example('key-policy'),
    { name: 'a service in the users\' and administrators\' statements is a key user (excessive-action reports)', text: F.text(F.keyPolicy([F.ADMIN, F.ELB_SLR], [F.APP, F.ELB_SLR])) },
    { name: 'an identity policy', text: F.text(F.codeBuild) },
  ],
  invalid: [
    {
      name: 'Auto Scaling among the key administrators', text: F.text(F.keyPolicy([F.ADMIN, F.ASG_SLR], [F.APP])), ranges: [JSON.stringify(F.ASG_SLR)],
      message: ['This service-linked role belongs to another AWS service and may kms:CancelKeyDeletion'],
    },
    {
      name: 'a service principal that may rewrite the key policy',
      text: F.text({ ...F.keyPolicy([F.ADMIN], [F.APP]), Statement: [...F.keyPolicy([F.ADMIN], [F.APP]).Statement, { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:DescribeKey', 'kms:PutKeyPolicy'], Resource: '*' }] }),
      ranges: ['"events.amazonaws.com"'], message: ['This AWS service principal may kms:PutKeyPolicy on this key'],
    },
  ],
});

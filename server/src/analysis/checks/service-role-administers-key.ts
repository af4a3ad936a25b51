// Check: service-role-administers-key
// Fires when a key policy lets an AWS service principal, or another service's service-linked role
// (:role/aws-service-role/...), do more with the key than use it and manage grants: a service-linked
// role of Auto Scaling or Elastic Load Balancing written into the key administrators' statement can
// schedule key deletion and rewrite the key policy.
import type { Check } from '../check';
import { listActions, sortActions } from '../roles/util';

export const check: Check = {
  id: 'service-role-administers-key',
  description: 'A key policy lets an AWS service principal or another service\'s service-linked role administer the key (such principals need key use and grants at most).',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:role/KMSKeyAdmin', 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'] }, Action: ['kms:Describe*', 'kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'resource') return;
    const user = ctx.roles.profiles.byId.get('key-user')!;
    const unsupported = ctx.roles.profiles.unsupported;
    for (const subject of ctx.roles.subjects) {
      // A service inferred (or pinned) as a key user has its excess reported action by action.
      if (!subject.service || subject.profile || !subject.principal) continue;
      const beyond = sortActions([...subject.scoped].filter((a) => !user.allowed.has(a) && !unsupported.has(a) && !ctx.roles.isHarmless(user, a)));
      if (beyond.length === 0) continue;
      const what = subject.service === 'linked-role' ? 'This service-linked role belongs to another AWS service and' : 'This AWS service principal';
      ctx.report({
        node: subject.principal.node,
        message: `${what} may ${listActions(beyond)} on this key. A service needs to use the key and manage grants at most (kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, kms:CreateGrant); remove it from the statements that administer the key and name it only in the key users' statement.`,
        actions: beyond.map((a) => a.full),
      });
    }
  },
};

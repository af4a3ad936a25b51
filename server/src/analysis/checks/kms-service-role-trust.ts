// Check: kms-service-role-trust
// Fires on a role trust policy that trusts cks.kms.amazonaws.com: only AWS's own service-linked role
// AWSServiceRoleForKeyManagementServiceCustomKeyStores may, and it is created by KMS, not by you.
import type { Check } from '../check';
import { principalValues } from '../roles/analysis';

export const check: Check = {
  id: 'kms-service-role-trust',
  description: 'A customer-made role trusts cks.kms.amazonaws.com, which only the KMS service-linked role may.',
  defaultSeverity: 'error',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cks.kms.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  run(ctx) {
    if (ctx.kind !== 'trust' || ctx.options.role === 'service-linked-role') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isAllow) continue;
      for (const p of principalValues(s)) {
        if (p.value.toLowerCase() !== 'cks.kms.amazonaws.com') continue;
        ctx.report({
          node: p.node,
          message: 'Only the service-linked role AWSServiceRoleForKeyManagementServiceCustomKeyStores may trust cks.kms.amazonaws.com, and AWS KMS creates it itself when the first CloudHSM key store is created. A customer-made role that trusts it is a mistake: delete this role, or pin the file to service-linked-role if it documents the real role\'s trust policy.',
        });
      }
    }
  },
};

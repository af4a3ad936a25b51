// Check: service-linked-role-principal
// Fires when a key policy names the KMS service-linked role as a principal: the role never calls
// KMS key operations, and listing it (often as a key administrator) is a mistake.
import type { Check } from '../check';
import { principalValues } from '../roles/analysis';

export const check: Check = {
  id: 'service-linked-role-principal',
  description: 'A key policy names AWSServiceRoleForKeyManagementServiceCustomKeyStores as a principal.',
  defaultSeverity: 'warning',
  category: 'role',
  perStatement: true,
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores' }, Action: 'kms:*', Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'resource') return;
    for (const s of ctx.policy?.statements ?? []) {
      for (const p of principalValues(s)) {
        if (!/AWSServiceRoleForKeyManagementServiceCustomKeyStores$/i.test(p.value)) continue;
        ctx.report({
          node: p.node,
          message: 'The KMS service-linked role is not a key user or administrator: it only lets KMS view the cluster and manage the network path to it, and needs no key policy entry. Remove it from the key policy.',
        });
      }
    }
  },
};

// Check: service-linked-role-policy-change
// Fires when a policy allows attaching, putting or replacing policies of the KMS service-linked role:
// its permissions and trust are fixed by AWS, so these actions only open an escalation path.
import type { Check } from '../check';

const ACTIONS = /^iam:(attachrolepolicy|putrolepolicy|updateassumerolepolicy|\*|attach\*|put\*|update\*)$/i;

export const check: Check = {
  id: 'service-linked-role-policy-change',
  description: 'iam:AttachRolePolicy, iam:PutRolePolicy or iam:UpdateAssumeRolePolicy allowed on the KMS service-linked role.',
  defaultSeverity: 'error',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isAllow || !s.get('Action')) continue;
      const targets = s.resourceItems().filter((r) => /cks\.kms\.amazonaws\.com|AWSServiceRoleForKeyManagementServiceCustomKeyStores/i.test(r.value));
      if (targets.length === 0) continue;
      for (const item of s.actionItems()) {
        if (!ACTIONS.test(item.value)) continue;
        ctx.report({
          node: item.node,
          message: `${item.value} on the KMS service-linked role: AWS fixes that role's policy and trust, and nobody needs to change them. Remove this action (or this resource).`,
          actions: ctx.catalog.match(item.value).filter((a) => /^iam:(attachrolepolicy|putrolepolicy|updateassumerolepolicy)$/.test(a.lower)).map((a) => a.full),
        });
      }
    }
  },
};

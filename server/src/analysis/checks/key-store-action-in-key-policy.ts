// Check: key-store-action-in-key-policy
// Fires on custom key store actions named in a key policy: they are IAM-policy-only and have no
// effect there.
import type { Check } from '../check';
import { removeEntry } from '../roles/util';

export const check: Check = {
  id: 'key-store-action-in-key-policy',
  description: 'Custom key store actions in a key policy: they work only in IAM policies, so they have no effect there.',
  defaultSeverity: 'warning',
  category: 'role',
  perStatement: true,
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KeyStoreAdmin' }, Action: ['kms:DescribeKey', 'kms:ConnectCustomKeyStore'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'resource') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.get('Action')) continue;
      for (const item of s.actionItems()) {
        if (/[*?]/.test(item.value) || !/^kms:\w*customkeystores?$/i.test(item.value)) continue;
        const name = ctx.catalog.getAction(item.value)?.full ?? item.value;
        const entry = { statement: s, node: item.node, pattern: item.value, wildcard: false, notAction: false, conditional: false, actions: [] };
        ctx.report({
          node: item.node,
          message: `${name} has no effect in a key policy: custom key store actions are allowed only in IAM policies (with "Resource": "*"). Move it to the key store manager's IAM policy.`,
          actions: [name],
          tags: ['unnecessary'],
          fixes: [{ title: `Remove ${name}`, edits: removeEntry(ctx, entry), safe: true, isPreferred: true }],
        });
      }
    }
  },
};

// Check: account-action-in-key-policy
// Fires on KMS actions without the `key` resource type (kms:CreateKey, kms:ListKeys, kms:ListAliases,
// kms:GenerateRandom, kms:ListRetirableGrants…) named in a key policy: a key policy controls one key,
// so they have no effect there. The custom key store actions are key-store-action-in-key-policy's.
import type { Check } from '../check';
import { removeEntry } from '../roles/util';

const KEY_STORE = /^kms:\w*customkeystores?$/i;

export const check: Check = {
  id: 'account-action-in-key-policy',
  description: 'A KMS action without the key resource type (kms:CreateKey, kms:ListKeys, kms:ListAliases, kms:GenerateRandom…) in a key policy: it has no effect there.',
  defaultSeverity: 'warning',
  category: 'role',
  perStatement: true,
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KMSKeyAdmin' }, Action: ['kms:DescribeKey', 'kms:CreateKey', 'kms:ListAliases'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'resource') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.get('Action')) continue;
      for (const item of s.actionItems()) {
        if (/[*?]/.test(item.value) || KEY_STORE.test(item.value)) continue;
        const action = ctx.catalog.getAction(item.value);
        if (!action || action.service.prefix !== 'kms' || action.resourceTypes.some((r) => r.name === 'key')) continue;
        ctx.report({
          node: item.node,
          message: `${action.full} has no effect in a key policy: it does not act on a KMS key (it has no key resource type), and a key policy controls only its key. Grant it in an IAM policy with "Resource": "*".`,
          actions: [action.full],
          tags: ['unnecessary'],
          fixes: [{ title: `Remove ${action.full}`, edits: removeEntry(ctx, { statement: s, node: item.node, notAction: false }), safe: true, isPreferred: true }],
        });
      }
    }
  },
};

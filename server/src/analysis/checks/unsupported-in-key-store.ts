// Check: unsupported-in-key-store
// Fires on actions named for a key manager or key user that can never apply to keys in an AWS
// CloudHSM key store (asymmetric and HMAC operations, imported key material, rotation, multi-Region).
// In the key policy of a key known to be in a key store (options.keyStoreKey: Terraform's
// custom_key_store_id), it applies with certainty: to every principal, as a warning, saying why.
import type { Check } from '../check';
import { removeEntry } from '../roles/util';

export const check: Check = {
  id: 'unsupported-in-key-store',
  description: 'An action that can never apply to keys in an AWS CloudHSM key store (asymmetric, HMAC, imported key material, rotation, multi-Region).',
  defaultSeverity: 'information',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Sign'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' }] }),
  run(ctx) {
    const unsupported = ctx.roles.profiles.unsupported;
    // Key managers and key users; and in a key policy, AWS services that fit no class (another
    // service's service-linked role among the key administrators is granted rotation like anyone).
    const seen = new Set<unknown>(); // an entry shared by several principals is reported once
    // The key is known to be in a key store: whoever is granted these actions, they do nothing on it.
    const known = ctx.kind === 'resource' ? ctx.options.keyStoreKey : undefined;
    for (const subject of ctx.roles.subjects) {
      const id = subject.profile?.id;
      if (!known && (id ? id !== 'key-manager' && id !== 'key-user' : !(ctx.kind === 'resource' && subject.service))) continue;
      for (const e of subject.entries) {
        if (e.notAction || e.actions.length === 0) continue;
        // A wildcard that also matches supported actions is harmless (kms:GenerateDataKey* is fine);
        // flag names and wildcards that match nothing but unsupported actions.
        if (!e.actions.every((a) => unsupported.has(a)) || seen.has(e.node)) continue;
        seen.add(e.node);
        const a = e.actions[0];
        const list = e.actions.map((x) => x.full).join(', ');
        ctx.report({
          node: e.node,
          message: known
            ? (e.wildcard
              ? `This key is in a CloudHSM key store (${known}): "${e.pattern}" matches only actions that cannot apply to it (${list}). Remove it.`
              : `This key is in a CloudHSM key store (${known}): ${a.full} has no effect on it. ${unsupported.get(a)} Remove it.`)
            : e.wildcard
              ? `"${e.pattern}" matches only actions that cannot apply to keys in a CloudHSM key store (${list}). Remove it.`
              : `${a.full} has no effect on keys in a CloudHSM key store: ${unsupported.get(a)} Remove it.`,
          ...(known ? { severity: 'warning' as const } : {}),
          actions: e.actions.map((x) => x.full),
          tags: ['unnecessary'],
          fixes: [{ title: `Remove ${e.wildcard ? `"${e.pattern}"` : a.full}`, edits: removeEntry(ctx, e), isPreferred: true, safe: true }],
        });
      }
    }
  },
};

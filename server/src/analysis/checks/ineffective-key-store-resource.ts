// Check: ineffective-key-store-resource
// Fires when custom key store actions (or cloudhsm:DescribeClusters) are allowed with a Resource
// other than "*": they have no resource type, so the statement never matches them.
import type { Check } from '../check';
import { replaceNode } from '../edits';
import { noun } from '../roles/profiles';
import { addStatement, removeEntry } from '../roles/util';
import { Statement } from '../policy';
import type { Fix } from '../types';
import { mayBeStar } from '../util/arnPattern';

const STAR_ONLY = /^(kms:(create|connect|disconnect|update|delete)customkeystore|kms:describecustomkeystores|cloudhsm:describeclusters|cloudhsm:describebackups)$/;

export const check: Check = {
  id: 'ineffective-key-store-resource',
  description: 'Custom key store actions or cloudhsm:DescribeClusters with a Resource other than "*": they have no resource type, so they never match.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:ConnectCustomKeyStore', 'kms:DescribeCustomKeyStores'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isAllow || !s.get('Action') || !s.get('Resource')?.value) continue;
      const resources = s.resourceItems();
      // A Resource a host document computes (UNKNOWN) may well be "*", unless it is an ARN around its computed parts.
      if (resources.length === 0 || resources.some((r) => r.value === '*' || mayBeStar(r.value))) continue;
      const items = s.actionItems();
      for (const item of items) {
        if (/[*?]/.test(item.value) || !STAR_ONLY.test(item.value.toLowerCase())) continue;
        const action = ctx.catalog.getAction(item.value);
        const name = action?.full ?? item.value;
        // If the policy's principal class does not need the action, making it effective would widen
        // access: offer its removal instead.
        // Nor, for a policy of no class, when the action is a power dangerous-action reports
        // (DisconnectCustomKeyStore, DeleteCustomKeyStore…): the statement is harmless as written.
        const profile = ctx.roles.subjects[0]?.profile;
        const dangerous = !profile && !!action && ctx.roles.profiles.dangerous.some((p) => p.actions.has(action));
        if ((profile && action && !profile.allowed.has(action)) || dangerous) {
          const entry = { statement: s, node: item.node, pattern: name, wildcard: false, notAction: false, conditional: false, actions: [] };
          ctx.report({
            node: item.node,
            message: profile
              ? `${name} has no resource type, so this statement's Resource never matches it; and a ${noun(profile)} does not need it. Remove it.`
              : `${name} has no resource type, so this statement's Resource never matches it; and granting it would let this policy act on every custom key store of the account. Remove it, or grant it to a key store manager with "Resource": "*".`,
            actions: [name],
            tags: ['unnecessary'],
            fixes: [{ title: `Remove ${name}`, edits: removeEntry(ctx, entry), isPreferred: true, safe: true }],
          });
          continue;
        }
        ctx.report({
          node: item.node,
          message: `${name} has no resource type, so this statement's Resource (${resources.map((r) => r.value).join(', ')}) never matches it and the action is not granted. Grant it in a statement with "Resource": "*".`,
          actions: [name],
          fixes: fixes(ctx, s, item.node, name, items.length),
        });
      }
    }
  },
};

function fixes(ctx: Parameters<Check['run']>[0], s: Statement, node: NonNullable<ReturnType<Statement['get']>>['keyNode'], name: string, count: number): Fix[] {
  if (count === 1) {
    return [{ title: 'Set Resource to "*"', edits: [replaceNode(s.get('Resource')!.value!, '"*"')], isPreferred: true }];
  }
  const entry = { statement: s, node, pattern: name, wildcard: false, notAction: false, conditional: false, actions: [] };
  const remove = removeEntry(ctx, entry);
  const stmt: Record<string, unknown> = { Effect: 'Allow', Action: name, Resource: '*' };
  const add = addStatement(ctx, stmt);
  // With a single statement object the append rewrites it as a list, which would overlap the removal: no fix then.
  const overlap = remove.some((r) => add.some((x) => r.offset < x.offset + x.length && x.offset < r.offset + r.length));
  return remove.length && add.length && !overlap ? [{ title: `Move ${name} to a statement with "Resource": "*"`, edits: [...remove, ...add], isPreferred: true }] : [];
}

// Check: action-no-matching-resource
// Fires on an Action entry whose resource types can never match the statement's Resource, while
// other actions of the statement do (kms:ListAliases next to kms:Decrypt on a key ARN): that action
// grants (or denies) nothing here. When no action matches, resource-no-matching-action reports the
// resource instead; the custom key store actions are ineffective-key-store-resource's.
import type { Action } from '../catalog';
import type { Check } from '../check';
import { strings } from '../policy';
import { arnsMeet, checkArn, mayBeStar, resourceGlob, templateGlob } from '../util/arnPattern';

const STAR_ONLY = /^(kms:(create|connect|disconnect|update|delete)customkeystore|kms:describecustomkeystores|cloudhsm:describeclusters|cloudhsm:describebackups)$/;

/** Can the resource glob name a resource this action acts on? */
function fits(a: Action, resource: string): boolean {
  for (const r of a.resourceTypes) {
    const rt = a.service.resourceTypes.get(r.name);
    if (rt && arnsMeet(resource, templateGlob(rt))) return true;
  }
  return false;
}

export const check: Check = {
  id: 'action-no-matching-resource',
  description: 'An action\'s resource types can never match the statement\'s Resource, though other actions of the statement match it: that action grants nothing.',
  defaultSeverity: 'warning',
  category: 'resources',
  perStatement: true,
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ListAliases'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.get('Action') || s.get('NotResource')) continue;
      const resources = strings(s.get('Resource')?.value).map((i) => i.value);
      // "*" matches everything (a computed value may be "*"); a malformed ARN is invalid-arn's. An ARN
      // with computed parts is matched around them (util/arnPattern.ts arnsMeet).
      if (resources.length === 0 || resources.some((r) => r === '*' || mayBeStar(r) || checkArn(r))) continue;
      const globs = resources.map(resourceGlob);
      const items = s.actionItems().filter((i) => !/[*?]/.test(i.value));
      if (items.length < 2) continue;
      const actions = items.map((i) => ctx.catalog.getAction(i.value));
      const ok = actions.map((a) => !!a && globs.some((g) => fits(a, g)));
      if (!ok.some(Boolean)) continue;
      items.forEach((item, k) => {
        const a = actions[k];
        if (!a || ok[k] || STAR_ONLY.test(a.lower)) return;
        const types = a.resourceTypes.map((r) => r.name);
        ctx.report({
          node: item.node,
          message: types.length === 0
            ? `${a.full} has no resource type: it is granted only with "Resource": "*", so in this statement (${resources.join(', ')}) it ${s.isDeny ? 'denies' : 'grants'} nothing. Move it to a statement with "Resource": "*".`
            : `${a.full} acts on ${types.join(', ')} resources, which this statement's Resource (${resources.join(', ')}) never names: it ${s.isDeny ? 'denies' : 'grants'} nothing here. Move it to a statement whose Resource names a ${types[0]}.`,
          actions: [a.full],
          tags: ['unnecessary'],
        });
      });
    }
  },
};

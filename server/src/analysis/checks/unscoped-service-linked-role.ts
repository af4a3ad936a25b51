// Check: unscoped-service-linked-role
// Fires when iam:CreateServiceLinkedRole is granted without being limited, by resource ARN or by the
// iam:AWSServiceName condition, to the one service-linked role the principal class needs.
import { globToRegExp } from '../catalog';
import type { Check } from '../check';
import { noun } from '../roles/profiles';
import { insertValue, replaceNode } from '../edits';
import { addStatement, classified, conditionValues, removeEntry } from '../roles/util';
import type { Fix } from '../types';

export const check: Check = {
  id: 'unscoped-service-linked-role',
  description: 'iam:CreateServiceLinkedRole is not limited (by resource ARN or iam:AWSServiceName) to the service-linked role the class needs.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DeleteCustomKeyStore', 'kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const subject of classified(ctx)) {
      const slr = subject.profile.serviceLinkedRole;
      if (!slr) continue;
      const roleName = slr.arn.split('/').pop()!;
      for (const e of subject.entries) {
        if (e.notAction || !e.actions.some((a) => a.lower === 'iam:createservicelinkedrole')) continue;
        const s = e.statement;
        const byArn = !s.get('NotResource') && s.resourceItems().length > 0 && s.resourceItems().every((r) => {
          const v = r.value;
          return v !== '*' && globToRegExp(v).test(slr.arn.replace('::*:', '::111122223333:')) && v.toLowerCase().endsWith(roleName.toLowerCase());
        });
        const names = conditionValues(s, 'iam:AWSServiceName');
        const byCondition = names.length > 0 && names.every((n) => n.toLowerCase() === slr.service);
        if (byArn || byCondition) continue;
        // Limited to other services' roles (by condition, or every Resource a service-linked role ARN):
        // then the fixes replace that permission rather than narrow it, so they are not safe.
        const arnServices = s.resourceItems().map((r) => /:role\/aws-service-role\/([^/*?]+)\//i.exec(r.value)?.[1]);
        const others = names.length > 0 ? names : !s.get('NotResource') && arnServices.length > 0 && arnServices.every((x) => !!x) ? arnServices as string[] : [];
        const safe = others.length === 0;
        const fixes: Fix[] = [];
        const onlyAction = s.actionItems().length === 1 && !e.wildcard;
        const scoped = { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: slr.arn, Condition: { StringEquals: { 'iam:AWSServiceName': slr.service } } };
        if (onlyAction && !s.get('Condition') && s.get('Resource')?.value) {
          fixes.push({
            title: `Scope to ${roleName} with iam:AWSServiceName = ${slr.service}`,
            edits: [replaceNode(s.get('Resource')!.value!, JSON.stringify(slr.arn)), ...insertValue(ctx.text, s.node, 'Condition', scoped.Condition)],
            isPreferred: true, safe,
          });
        } else if (!e.wildcard) {
          const remove = removeEntry(ctx, e);
          const add = addStatement(ctx, scoped);
          if (remove.length && add.length && !overlaps(remove, add)) {
            fixes.push({ title: `Move to a statement scoped to ${roleName}`, edits: [...remove, ...add], isPreferred: true, safe });
          }
        }
        ctx.report({
          node: e.node,
          message: `${e.wildcard ? `"${e.pattern}" grants iam:CreateServiceLinkedRole` : 'iam:CreateServiceLinkedRole is granted'} ${others.length ? `only for ${[...new Set(others)].join(', ')}` : 'for any service'}: a ${noun(subject.profile)} only needs ${roleName}. Limit Resource to ${slr.arn} and add the condition iam:AWSServiceName = ${slr.service}.`,
          actions: ['iam:CreateServiceLinkedRole'],
          fixes,
        });
      }
    }
  },
};

function overlaps(a: Array<{ offset: number; length: number }>, b: Array<{ offset: number; length: number }>): boolean {
  return a.some((x) => b.some((y) => x.offset < y.offset + Math.max(y.length, 1) && y.offset < x.offset + Math.max(x.length, 1)));
}

// Check: pass-role-with-star
// Fires when an Allow statement grants iam:PassRole (directly or by a wildcard) on all roles ("*", a role wildcard, or NotResource) without an iam:PassedToService condition.
import type { Check } from '../check';
import type { Node } from '../json';
import { strings } from '../policy';
import { actionSummary, globCovers } from '../util/actionSyntax';
import { conditionEntries } from '../util/conditions';
import { splitArn } from '../util/arnPattern';

const PASS_ROLE = 'iam:passrole';

/** "*", or an IAM ARN whose resource part covers every role name (role/*, *). */
function allRoles(value: string): boolean {
  if (value === '*') return true;
  const p = splitArn(value);
  if (!p || !globCovers(p.service, 'iam')) return false;
  return globCovers(p.resource.replace(/\$\{[^}]*\}/g, '*'), 'role/*');
}

export const check: Check = {
  id: 'pass-role-with-star',
  description: 'iam:PassRole is allowed on all roles without an iam:PassedToService condition.',
  defaultSeverity: 'warning',
  category: 'security',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isAllow) continue;
      if (conditionEntries(s).some((e) => e.key.toLowerCase() === 'iam:passedtoservice')) continue;
      const summary = actionSummary(ctx.catalog, s);
      let at: Node | undefined;
      let how = '';
      if (summary.negated) {
        const excluded = summary.entries.some((e) => e.matches.some((a) => a.lower === PASS_ROLE));
        if (excluded || summary.entries.length === 0) continue;
        at = s.get('NotAction')?.keyNode;
        how = 'NotAction does not exclude iam:PassRole, so the statement allows it';
      } else {
        const e = summary.entries.find((x) => x.matches.some((a) => a.lower === PASS_ROLE));
        if (!e) continue;
        at = e.item.node;
        how = e.item.value.toLowerCase() === PASS_ROLE ? 'iam:PassRole is allowed' : `"${e.item.value}" includes iam:PassRole`;
      }
      if (!at) continue;
      const notRes = s.get('NotResource');
      let scope: string | undefined;
      if (notRes && !s.get('Resource')) scope = 'with NotResource, that is on every role not listed';
      else {
        const star = strings(s.get('Resource')?.value).find((r) => allRoles(r.value));
        if (star) scope = star.value === '*' ? 'on Resource "*"' : `on "${star.value}", that is on every role`;
      }
      if (!scope) continue;
      ctx.report({
        node: at,
        message: `${how} ${scope}: a principal can then pass any role, with all its permissions, to any AWS service. List the role ARNs the principal may pass in Resource, or add an iam:PassedToService condition.`,
        actions: ['iam:PassRole'],
      });
    }
  },
};

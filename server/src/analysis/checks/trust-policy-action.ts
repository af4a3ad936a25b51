// Check: trust-policy-action
// Fires in a role trust policy (or a trust-shaped statement: Principal, sts:AssumeRole*, no Resource) on an action a trust policy cannot grant.
import type { Check } from '../check';
import { removeChild } from '../edits';
import type { Fix } from '../types';
import { actionSummary } from '../util/actionSyntax';

const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];
const TRUST_LOWER = new Set(TRUST_ACTIONS.map((a) => a.toLowerCase()));

export const check: Check = {
  id: 'trust-policy-action',
  description: 'A role trust policy names an action other than sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity or sts:SetContext.',
  defaultSeverity: 'error',
  category: 'principals',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": ["sts:AssumeRole", "s3:GetObject"] } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const summary = actionSummary(ctx.catalog, s);
      if (summary.negated) continue;
      // A trust policy, or (when the kind was inferred otherwise) a statement shaped like one: a Principal,
      // an sts:AssumeRole* action and no Resource, which every resource-based policy statement has.
      const trustShaped = !!s.principalProp && !s.resourceProp && summary.entries.some((e) => e.matches.some((a) => TRUST_LOWER.has(a.lower) && a.lower.startsWith('sts:assumerole')));
      if (ctx.kind !== 'trust' && !trustShaped) continue;
      const container = s.actionProp?.value;
      for (const e of summary.entries) {
        // Unknown or malformed entries are reported by their own checks.
        if (e.matches.length === 0 || e.matches.some((a) => TRUST_LOWER.has(a.lower))) continue;
        const fixes: Fix[] = [];
        if (container?.type === 'array' && (container.children?.length ?? 0) > 1) {
          fixes.push({ title: `Remove "${e.item.value}"`, edits: removeChild(ctx.text, container, e.item.node), isPreferred: true, safe: s.isAllow });
        }
        ctx.report({
          node: e.item.node,
          message: `"${e.item.value}" cannot be granted by a role trust policy: trust policies allow only ${TRUST_ACTIONS.join(', ')}. Grant this permission in the role's permissions policy instead.`,
          actions: e.matches.length <= 10 ? e.matches.map((a) => a.full) : undefined,
          fixes,
        });
      }
    }
  },
};

// Check: missing-principal
// Fires on a statement of a resource (key) policy or a role trust policy with neither Principal nor
// NotPrincipal: such policies must say whom they apply to, and AWS rejects the statement.
import { closest } from '../catalog';
import type { Check } from '../check';
import { STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../policy';

const KNOWN = new Set<string>([...STATEMENT_ELEMENTS, ...TOP_ELEMENTS]);

export const check: Check = {
  id: 'missing-principal',
  description: 'A statement of a key policy or trust policy has no Principal; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'principals',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }, { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    if (ctx.kind === 'identity') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject || s.props.length === 0 || s.principalProp) continue;
      if (s.props.some((p) => !KNOWN.has(p.key) && ['Principal', 'NotPrincipal'].includes(closest(p.key, STATEMENT_ELEMENTS, 1)[0] ?? ''))) continue;
      ctx.report({
        offset: s.node.offset,
        length: 1,
        message: ctx.kind === 'trust'
          ? `Statement ${s.index + 1} has no Principal: a trust policy must name who may assume the role, e.g. "Principal": { "Service": "ec2.amazonaws.com" } or { "AWS": "arn:aws:iam::111122223333:root" }. AWS rejects the statement without one.`
          : `Statement ${s.index + 1} has no Principal: a key policy statement must name whom it applies to, e.g. "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyUser" }. AWS rejects the statement without one.`,
      });
    }
  },
};

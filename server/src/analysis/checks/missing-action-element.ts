// Check: missing-action-element
// Fires on a statement with neither Action nor NotAction: AWS rejects it.
import { closest } from '../catalog';
import type { Check } from '../check';
import { insertProperty } from '../edits';
import { Statement, STATEMENT_ELEMENTS, strings, toProps, TOP_ELEMENTS } from '../policy';
import type { Fix } from '../types';

const KNOWN = new Set<string>([...STATEMENT_ELEMENTS, ...TOP_ELEMENTS]);

export const check: Check = {
  id: 'missing-action-element',
  description: 'A statement has neither Action nor NotAction; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject || s.props.length === 0 || s.actionProp) continue;
      // "Actions" or "action": unknown-element's rename fixes this too.
      if (s.props.some((p) => !KNOWN.has(p.key) && ['Action', 'NotAction'].includes(closest(p.key, STATEMENT_ELEMENTS, 1)[0] ?? ''))) continue;
      const fixes: Fix[] = [];
      if (ctx.kind === 'trust') {
        // A trust policy grants one of the AssumeRole actions; which one follows from the principal type.
        const action = trustAction(s);
        const after = s.props.findIndex((p) => p.key === 'Principal' || p.key === 'NotPrincipal');
        fixes.push({ title: `Add "Action": "${action}"`, edits: insertProperty(ctx.text, s.node, 'Action', JSON.stringify(action), after >= 0 ? after + 1 : undefined), isPreferred: true });
      }
      ctx.report({
        offset: s.node.offset,
        length: 1,
        message: `Statement ${s.index + 1} has no Action: add "Action" with the actions it ${s.isDeny ? 'denies' : 'allows'} (e.g. "kms:Decrypt"). AWS rejects a statement without Action or NotAction.`,
        fixes,
      });
    }
  },
};

function trustAction(s: Statement): string {
  const federated = toProps(s.principalProp?.value).find((p) => p.key === 'Federated');
  if (!federated) return 'sts:AssumeRole';
  return strings(federated.value).some((x) => /:saml-provider\//.test(x.value)) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
}

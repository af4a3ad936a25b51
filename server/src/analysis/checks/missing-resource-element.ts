// Check: missing-resource-element
// Fires on a statement of an identity or resource (key) policy with neither Resource nor NotResource:
// AWS rejects it. Trust policies take no Resource (misplaced-element reports one there).
import { closest } from '../catalog';
import type { Check } from '../check';
import { insertProperty } from '../edits';
import { STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../policy';
import type { Fix } from '../types';

const KNOWN = new Set<string>([...STATEMENT_ELEMENTS, ...TOP_ELEMENTS]);

export const check: Check = {
  id: 'missing-resource-element',
  description: 'A statement of an identity or key policy has neither Resource nor NotResource; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt" } ] }',
  run(ctx) {
    if (ctx.kind === 'trust') return;
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject || s.props.length === 0 || s.resourceProp) continue;
      if (s.props.some((p) => !KNOWN.has(p.key) && ['Resource', 'NotResource'].includes(closest(p.key, STATEMENT_ELEMENTS, 1)[0] ?? ''))) continue;
      const fixes: Fix[] = [];
      if (ctx.kind === 'resource') {
        // In a key policy "*" is the key the policy is attached to: the usual and only meaningful value.
        const after = s.props.findIndex((p) => p.key === 'Action' || p.key === 'NotAction');
        fixes.push({ title: 'Add "Resource": "*" (this key)', edits: insertProperty(ctx.text, s.node, 'Resource', '"*"', after >= 0 ? after + 1 : undefined), isPreferred: true });
      }
      ctx.report({
        offset: s.node.offset,
        length: 1,
        message: ctx.kind === 'resource'
          ? `Statement ${s.index + 1} has no Resource: add "Resource": "*" (in a key policy, "*" means this KMS key). AWS rejects a statement without Resource or NotResource.`
          : `Statement ${s.index + 1} has no Resource: add "Resource" with the ARNs it applies to (e.g. "arn:aws:kms:us-east-1:111122223333:key/..."). AWS rejects a statement without Resource or NotResource.`,
        fixes,
      });
    }
  },
};

// Check: invalid-effect
// Fires when a statement's Effect is not exactly "Allow" or "Deny" (the values are case-sensitive).
import type { Check } from '../check';
import { replaceNode } from '../edits';
import { typeName } from '../json';

export const check: Check = {
  id: 'invalid-effect',
  description: 'Effect is not exactly "Allow" or "Deny" (values are case-sensitive).',
  defaultSeverity: 'error',
  category: 'structure',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "allow", "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const v = s.get('Effect')?.value;
      if (!v) continue;
      if (v.type === 'string' && (v.value === 'Allow' || v.value === 'Deny')) continue;
      const lower = v.type === 'string' ? String(v.value).trim().toLowerCase() : '';
      const guess = lower.startsWith('al') || lower === 'permit' ? 'Allow' : lower.startsWith('de') ? 'Deny' : undefined;
      ctx.report({
        node: v,
        message: v.type === 'string'
          ? `Effect "${v.value}" is not valid: use "Allow" or "Deny" (case-sensitive).${guess ? ` Did you mean "${guess}"?` : ''}`
          : `Effect must be the string "Allow" or "Deny", not ${typeName(v)}.`,
        fixes: guess
          // Fix-all may correct "deny" to "Deny", but never turns a statement AWS rejects into a grant.
          ? [{ title: `Change Effect to "${guess}"`, edits: [replaceNode(v, `"${guess}"`)], isPreferred: true, safe: guess === 'Deny' && lower === 'deny' }]
          : [{ title: 'Change Effect to "Deny"', edits: [replaceNode(v, '"Deny"')] }, { title: 'Change Effect to "Allow"', edits: [replaceNode(v, '"Allow"')] }],
      });
    }
  },
};

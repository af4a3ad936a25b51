// Check: missing-effect
// Fires on a statement without an Effect element: AWS rejects it (there is no default effect).
import { closest } from '../catalog';
import type { Check } from '../check';
import { insertProperty } from '../edits';
import { STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../policy';

const KNOWN = new Set<string>([...STATEMENT_ELEMENTS, ...TOP_ELEMENTS]);

export const check: Check = {
  id: 'missing-effect',
  description: 'A statement has no Effect; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      // Empty statements are empty-statement's; "effect" or "Efect" is unknown-element's (its rename fixes this too).
      if (!s.isObject || s.props.length === 0 || s.get('Effect')) continue;
      if (s.props.some((p) => !KNOWN.has(p.key) && closest(p.key, STATEMENT_ELEMENTS, 1)[0] === 'Effect')) continue;
      const sid = s.props.findIndex((p) => p.key === 'Sid');
      const at = sid >= 0 ? sid + 1 : 0;
      ctx.report({
        offset: s.node.offset,
        length: 1,
        message: `Statement ${s.index + 1} has no Effect: add "Effect": "Allow" or "Effect": "Deny". AWS rejects a statement without one.`,
        fixes: [
          { title: 'Add "Effect": "Allow"', edits: insertProperty(ctx.text, s.node, 'Effect', '"Allow"', at) },
          { title: 'Add "Effect": "Deny"', edits: insertProperty(ctx.text, s.node, 'Effect', '"Deny"', at) },
        ],
      });
    }
  },
};

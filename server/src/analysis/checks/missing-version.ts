// Check: missing-version
// Fires when the policy has no Version element: AWS then applies 2008-10-17, where policy variables
// such as ${aws:username} are plain text.
import type { Check } from '../check';
import { insertProperty } from '../edits';

export const check: Check = {
  id: 'missing-version',
  description: 'The policy has no Version; AWS then uses 2008-10-17, which does not support policy variables.',
  defaultSeverity: 'warning',
  category: 'structure',
  example: '{ "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p || p.props.some((x) => x.key === 'Version')) return;
    ctx.report({
      offset: p.root.offset,
      length: 1,
      message: 'Add "Version": "2012-10-17": without it AWS uses the 2008-10-17 language, in which policy variables are not substituted.',
      fixes: [{ title: 'Add "Version": "2012-10-17"', edits: insertProperty(ctx.text, p.root, 'Version', '"2012-10-17"', 0), isPreferred: true, safe: true }],
    });
  },
};

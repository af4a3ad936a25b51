// Check: principal-and-not-principal
// Fires on a statement that has both Principal and NotPrincipal: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { removeChild } from '../edits';

export const check: Check = {
  id: 'principal-and-not-principal',
  description: 'A statement has both Principal and NotPrincipal; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'principals',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" } ] }',
  run(ctx) {
    if (ctx.kind === 'identity') return; // misplaced-element: an identity policy takes neither
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      const pos = s.get('Principal');
      const neg = s.get('NotPrincipal');
      if (!pos || !neg) continue;
      const later = pos.node.offset > neg.node.offset ? pos : neg;
      const once = (key: string) => s.props.filter((p) => p.key === key).length === 1;
      ctx.report({
        node: later.keyNode,
        message: `Statement ${s.index + 1} has both Principal and NotPrincipal: AWS rejects it. Keep one: Principal lists what the statement applies to, NotPrincipal makes it apply to everything except what it lists.`,
        // A repeated key is duplicate-key's first: removing one copy would not resolve this.
        // An Allow may only lose NotPrincipal: dropping Principal instead would turn it into "allow everything
        // except …". A Deny may lose either: neither makes it grant anything.
        fixes: [
          ...(once('NotPrincipal') ? [{ title: 'Remove NotPrincipal', edits: removeChild(ctx.text, s.node, neg.node), isPreferred: true }] : []),
          ...(s.isDeny && once('Principal') ? [{ title: 'Remove Principal', edits: removeChild(ctx.text, s.node, pos.node) }] : []),
        ],
      });
    }
  },
};

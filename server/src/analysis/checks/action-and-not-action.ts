// Check: action-and-not-action
// Fires on a statement that has both Action and NotAction: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { removeChild } from '../edits';

export const check: Check = {
  id: 'action-and-not-action',
  description: 'A statement has both Action and NotAction; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "NotAction": "kms:Encrypt", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      const pos = s.get('Action');
      const neg = s.get('NotAction');
      if (!pos || !neg) continue;
      const later = pos.node.offset > neg.node.offset ? pos : neg;
      const once = (key: string) => s.props.filter((p) => p.key === key).length === 1;
      ctx.report({
        node: later.keyNode,
        message: `Statement ${s.index + 1} has both Action and NotAction: AWS rejects it. Keep one: Action lists what the statement applies to, NotAction makes it apply to everything except what it lists.`,
        // A repeated key is duplicate-key's first: removing one copy would not resolve this.
        // An Allow may only lose NotAction: dropping Action instead would turn it into "allow everything
        // except …". A Deny may lose either: neither makes it grant anything.
        fixes: [
          ...(once('NotAction') ? [{ title: 'Remove NotAction', edits: removeChild(ctx.text, s.node, neg.node), isPreferred: true }] : []),
          ...(s.isDeny && once('Action') ? [{ title: 'Remove Action', edits: removeChild(ctx.text, s.node, pos.node) }] : []),
        ],
      });
    }
  },
};

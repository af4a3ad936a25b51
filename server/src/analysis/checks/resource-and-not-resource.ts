// Check: resource-and-not-resource
// Fires on a statement that has both Resource and NotResource: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { removeChild } from '../edits';

export const check: Check = {
  id: 'resource-and-not-resource',
  description: 'A statement has both Resource and NotResource; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }',
  run(ctx) {
    if (ctx.kind === 'trust') return; // misplaced-element: a trust policy takes neither
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      const pos = s.get('Resource');
      const neg = s.get('NotResource');
      if (!pos || !neg) continue;
      const later = pos.node.offset > neg.node.offset ? pos : neg;
      const once = (key: string) => s.props.filter((p) => p.key === key).length === 1;
      ctx.report({
        node: later.keyNode,
        message: `Statement ${s.index + 1} has both Resource and NotResource: AWS rejects it. Keep one: Resource lists what the statement applies to, NotResource makes it apply to everything except what it lists.`,
        // A repeated key is duplicate-key's first: removing one copy would not resolve this.
        // An Allow may only lose NotResource: dropping Resource instead would turn it into "allow everything
        // except …". A Deny may lose either: neither makes it grant anything.
        fixes: [
          ...(once('NotResource') ? [{ title: 'Remove NotResource', edits: removeChild(ctx.text, s.node, neg.node), isPreferred: true }] : []),
          ...(s.isDeny && once('Resource') ? [{ title: 'Remove Resource', edits: removeChild(ctx.text, s.node, pos.node) }] : []),
        ],
      });
    }
  },
};

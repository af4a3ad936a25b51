// Check: empty-condition
// Fires on "Condition": {} and on an empty operator block such as "StringEquals": {}: they test
// nothing, so they only look like a restriction. IAM Access Analyzer reports them as "Empty object condition".
import type { Check } from '../check';
import { removeChild } from '../edits';
import { toProps } from '../policy';

export const check: Check = {
  id: 'empty-condition',
  description: 'A Condition, or a condition operator block, is an empty object: it restricts nothing.',
  defaultSeverity: 'warning',
  category: 'conditions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {} } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      const cond = s.get('Condition');
      const v = cond?.value;
      if (!cond || !v || v.type !== 'object') continue;
      const ops = toProps(v);
      // A repeated key is duplicate-key's first: removing one copy would leave the other (and this finding).
      const once = s.props.filter((p) => p.key === 'Condition').length === 1;
      // An empty block is vacuously true, so removing it leaves the statement's access exactly as it is.
      if (ops.length === 0) {
        ctx.report({
          node: v,
          message: `The Condition of statement ${s.index + 1} is empty: it restricts nothing. Add the conditions you meant (e.g. "StringEquals": { "kms:CallerAccount": "111122223333" }) or remove it.`,
          fixes: once ? [{ title: 'Remove the empty Condition', edits: removeChild(ctx.text, s.node, cond.node), isPreferred: true, safe: true }] : undefined,
        });
        continue;
      }
      for (const op of ops) {
        const block = op.value;
        if (!block || block.type !== 'object' || toProps(block).length > 0) continue;
        ctx.report({
          node: block,
          message: `The "${op.key}" block is empty: it tests no condition key and restricts nothing. Add the keys and values you meant, or remove it.`,
          fixes: !once || ops.filter((o) => o.key === op.key).length > 1 ? undefined : [ops.length === 1
            ? { title: 'Remove the empty Condition', edits: removeChild(ctx.text, s.node, cond.node), isPreferred: true, safe: true }
            : { title: `Remove the empty "${op.key}"`, edits: removeChild(ctx.text, v, op.node), isPreferred: true, safe: true }],
        });
      }
    }
  },
};

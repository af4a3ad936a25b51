// Check: json-syntax
// Fires on JSON that AWS would reject: malformed JSON, comments, trailing commas, a byte-order mark,
// an empty document. Malformed JSON stops all other checks; the tolerated forms do not.
import type { Check } from '../check';

export const check: Check = {
  id: 'json-syntax',
  description: 'JSON that AWS would reject: malformed syntax, comments, trailing commas, a byte-order mark or an empty document.',
  defaultSeverity: 'error',
  category: 'syntax',
  runsOnBrokenJson: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", } ] }',
  run(ctx) {
    for (const p of ctx.syntax) {
      ctx.report({
        offset: p.offset,
        length: p.length,
        message: p.message,
        fixes: p.removal ? [{ title: p.message.startsWith('Comments') ? 'Remove the comment' : p.message.startsWith('Trailing') ? 'Remove the trailing comma' : 'Remove the byte-order mark', edits: [{ ...p.removal, newText: '' }], isPreferred: true, safe: true }] : undefined,
      });
    }
  },
};

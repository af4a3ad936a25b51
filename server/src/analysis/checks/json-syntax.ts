// Check: json-syntax
// Fires on JSON that AWS would reject: malformed JSON, comments, trailing commas, a byte-order mark,
// an empty document; and (reported by the CLI, which reads bytes) a file that is not UTF-8. Malformed
// JSON stops all other checks; the tolerated forms do not.
import type { Check } from '../check';

export const check: Check = {
  id: 'json-syntax',
  description: 'JSON that AWS would reject: malformed syntax, comments, trailing commas, a byte-order mark, an empty document, or (from the CLI) a file that is not UTF-8.',
  defaultSeverity: 'error',
  category: 'syntax',
  runsOnBrokenJson: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", } ] }',
  run(ctx) {
    // In a broken document the parser's recovery can take a separating comma for a trailing one:
    // removing it would break the document further, so trailing commas get no fix until it parses.
    const broken = ctx.syntax.some((p) => p.fatal);
    // (The parser reports an unterminated block comment at the end one character too long: the removal is clamped.)
    for (const p of ctx.syntax) {
      ctx.report({
        offset: p.offset,
        length: p.length,
        message: p.message,
        fixes: p.removal && !(broken && p.message.startsWith('Trailing')) ? [{ title: p.message.startsWith('Comments') ? 'Remove the comment' : p.message.startsWith('Trailing') ? 'Remove the trailing comma' : 'Remove the byte-order mark', edits: [{ offset: p.removal.offset, length: Math.min(p.removal.length, ctx.text.length - p.removal.offset), newText: '' }], isPreferred: true, safe: true }] : undefined,
      });
    }
  },
};

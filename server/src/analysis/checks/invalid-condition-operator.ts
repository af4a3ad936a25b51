// Check: invalid-condition-operator
// Fires when a Condition operator is not an IAM condition operator (operators are case-sensitive; Null takes no IfExists).
import type { Check } from '../check';
import { bestMatches } from '../util/suggest';
import { keyOf } from '../json';
import type { Fix } from '../types';
import { ALL_OPERATORS, parseOperator } from '../util/operators';

export const check: Check = {
  id: 'invalid-condition-operator',
  description: 'A condition operator is not valid (unknown, wrong letter case, or Null with IfExists).',
  defaultSeverity: 'error',
  category: 'conditions',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringEqual": { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const cond = s.get('Condition')?.value;
      if (!cond || cond.type !== 'object') continue;
      for (const prop of cond.children ?? []) {
        const keyNode = prop.children?.[0];
        if (!keyNode) continue;
        const raw = keyOf(prop);
        const op = parseOperator(raw);
        if (op.valid) continue;
        const replace = (to: string): Fix['edits'] => [{ offset: keyNode.offset, length: keyNode.length, newText: JSON.stringify(to) }];
        if (op.nullIfExists) {
          const plain = (op.prefix ? op.prefix + ':' : '') + 'Null';
          ctx.report({
            node: keyNode,
            message: `"${raw}" is not valid: the Null operator cannot take the IfExists suffix (Null itself tests whether the key is present). Use "${plain}", or another operator with IfExists.`,
            fixes: [{ title: `Change to "${plain}"`, edits: replace(plain), isPreferred: true }],
          });
          continue;
        }
        if (op.caseFix) {
          ctx.report({
            node: keyNode,
            message: `"${raw}" is not valid: condition operators are case-sensitive and IAM rejects this spelling. Write "${op.caseFix}".`,
            // The intended operator is certain; IAM rejects the policy as written.
            fixes: [{ title: `Change to "${op.caseFix}"`, edits: replace(op.caseFix), isPreferred: true, safe: true }],
          });
          continue;
        }
        const near = bestMatches(raw, ALL_OPERATORS, 3, Math.max(2, Math.min(4, Math.floor(raw.length / 4))));
        ctx.report({
          node: keyNode,
          message: `"${raw}" is not an IAM condition operator.${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ' Use one of the String, Numeric, Date, Bool, Binary, IpAddress, Arn or Null operators.'}`,
          fixes: near.map((n, i) => ({ title: `Change to "${n}"`, edits: replace(n), isPreferred: i === 0 && near.length === 1 })),
        });
      }
    }
  },
};

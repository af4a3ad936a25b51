// Check: deprecated-condition-key
// Fires on the deprecated kms:CustomerMasterKeySpec and kms:CustomerMasterKeyUsage condition keys,
// which KMS still honours but the Service Authorization Reference attaches to no action.
import type { Check } from '../check';
import { keyOf } from '../json';

const REPLACEMENTS: Record<string, string> = {
  'kms:customermasterkeyspec': 'kms:KeySpec',
  'kms:customermasterkeyusage': 'kms:KeyUsage',
};

export const check: Check = {
  id: 'deprecated-condition-key',
  description: 'A deprecated KMS condition key (kms:CustomerMasterKeySpec, kms:CustomerMasterKeyUsage) is used instead of kms:KeySpec / kms:KeyUsage.',
  defaultSeverity: 'warning',
  category: 'role',
  perStatement: true,
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { StringEquals: { 'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT' } } }] }),
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const op of s.get('Condition')?.value?.children ?? []) {
        for (const kv of op.children?.[1]?.type === 'object' ? op.children[1].children ?? [] : []) {
          const key = keyOf(kv);
          const repl = REPLACEMENTS[key.toLowerCase()];
          if (!repl) continue;
          const keyNode = kv.children![0];
          ctx.report({
            node: keyNode,
            message: `${key} is deprecated: use ${repl}, which takes the same values.`,
            tags: ['deprecated'],
            fixes: [{ title: `Replace with ${repl}`, edits: [{ offset: keyNode.offset, length: keyNode.length, newText: JSON.stringify(repl) }], isPreferred: true, safe: true }],
          });
        }
      }
    }
  },
};

// Check: unmatched-wildcard
// Fires when an Action/NotAction entry with * or ? matches no action of its service (or of any service).
import type { Check } from '../check';
import { actionSummary, removeEntryFix } from '../util/actionSyntax';

export const check: Check = {
  id: 'unmatched-wildcard',
  description: 'An action wildcard matches no action, so the entry has no effect.',
  defaultSeverity: 'error',
  category: 'actions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt*x", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of actionSummary(ctx.catalog, s).entries) {
        if (e.kind !== 'unmatched-wildcard') continue;
        const service = e.parsed.wildService ? undefined : ctx.catalog.getService(e.parsed.service);
        const where = service ? `any action of ${service.name} (${service.prefix})` : 'any action of any service';
        ctx.report({
          node: e.item.node,
          message: `"${e.parsed.raw}" does not match ${where}, so this entry has no effect. Check the spelling of the part around the wildcard, or remove the entry.`,
          fixes: removeEntryFix(ctx.text, s, e),
        });
      }
    }
  },
};

// Check: unknown-action
// Fires when an Action/NotAction entry names a known service but an action that service does not have.
import type { Check } from '../check';
import { Catalog } from '../catalog';
import { bestMatches, memoSuggest } from '../util/suggest';
import { replaceNode } from '../edits';
import { actionSummary, removeEntryFix } from '../util/actionSyntax';

export const check: Check = {
  id: 'unknown-action',
  description: 'The action does not exist in its service; the entry matches nothing.',
  defaultSeverity: 'error',
  category: 'actions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrpyt", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of actionSummary(ctx.catalog, s).entries) {
        if (e.kind !== 'unknown-action') continue;
        const service = ctx.catalog.getService(e.parsed.service);
        if (!service) continue;
        const names = memoSuggest(ctx.catalog, `action\u0000${service.prefix}\u0000${e.parsed.action.toLowerCase()}`, () => bestMatches(e.parsed.action, service.actions.map((a) => a.name), 3));
        const suggestions = names.map((n) => `${e.parsed.service}:${n}`);
        const hint = suggestions.length ? ` Did you mean ${suggestions.map((v) => `"${v}"`).join(' or ')}?` : ` See ${Catalog.docsUrl(service)} for its actions.`;
        ctx.report({
          node: e.item.node,
          message: `"${e.parsed.raw}" is not an action of ${service.name} (${service.prefix}), so this entry matches nothing.${hint} Correct the action name or remove the entry.`,
          fixes: [
            ...suggestions.map((v, i) => ({ title: `Change to "${v}"`, edits: [replaceNode(e.item.node, JSON.stringify(v))], isPreferred: i === 0 })),
            ...removeEntryFix(ctx.text, s, e),
          ],
        });
      }
    }
  },
};

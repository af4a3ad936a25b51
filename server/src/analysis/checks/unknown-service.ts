// Check: unknown-service
// Fires when the service prefix of an Action/NotAction entry is not an AWS service prefix, so the entry matches nothing.
import type { Check } from '../check';
import { closest } from '../catalog';
import { replaceNode } from '../edits';
import { actionSummary, removeEntryFix } from '../util/actionSyntax';
import { memoSuggest } from '../util/suggest';

export const check: Check = {
  id: 'unknown-service',
  description: 'The service prefix of an action is not an AWS service prefix; the entry matches no action.',
  defaultSeverity: 'error',
  category: 'actions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kmss:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    let prefixes: string[] | undefined;
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of actionSummary(ctx.catalog, s).entries) {
        if (e.kind !== 'unknown-service') continue;
        const { service, action, raw } = e.parsed;
        prefixes ??= [...ctx.catalog.services.values()].map((x) => x.prefix);
        const near = memoSuggest(ctx.catalog, 'service\u0000' + service.toLowerCase(), () => closest(service, prefixes!, 5));
        // Suggest only spellings that name real actions; keep the action part as written.
        const suggestions = near.map((p) => `${p}:${action}`).filter((v) => ctx.catalog.match(v).length > 0).slice(0, 3);
        const hint = suggestions.length
          ? ` Did you mean ${suggestions.map((v) => `"${v}"`).join(' or ')}?`
          : near.length ? ` Did you mean the service ${near.slice(0, 3).map((p) => `"${p}"`).join(' or ')}?` : '';
        ctx.report({
          node: e.item.node,
          message: `"${service}" in "${raw}" is not an AWS service prefix, so this entry matches no action.${hint} Fix the prefix (see the Service Authorization Reference) or remove the entry.`,
          fixes: [
            ...suggestions.map((v, i) => ({ title: `Change to "${v}"`, edits: [replaceNode(e.item.node, JSON.stringify(v))], isPreferred: i === 0 && suggestions.length === 1 })),
            ...removeEntryFix(ctx.text, s, e),
          ],
        });
      }
    }
  },
};

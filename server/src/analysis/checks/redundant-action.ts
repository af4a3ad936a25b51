// Check: redundant-action
// Fires on an Action/NotAction entry that another entry of the same statement already covers (a duplicate, or a wildcard that includes it).
import type { Check } from '../check';
import { removeChild } from '../edits';
import { ActionEntry, actionSummary, coversLower } from '../util/actionSyntax';

export const check: Check = {
  id: 'redundant-action',
  description: 'An action entry is already covered by another entry of the same statement.',
  defaultSeverity: 'hint',
  category: 'actions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["kms:*", "kms:Decrypt"], "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const container = s.actionProp?.value;
      if (!container || container.type !== 'array') continue;
      const all = actionSummary(ctx.catalog, s).entries;
      const entries: ActionEntry[] = [];
      for (const e of all) if (!e.parsed.problem) entries.push(e);
      if (entries.length < 2) continue;
      const lowers = entries.map((e) => e.lower);
      // Only wildcard entries can cover a different entry; bucket them by service to keep this linear.
      const firstByText = new Map<string, number>();
      const wildBySvc = new Map<string, number[]>();
      const wildAnySvc: number[] = [];
      const allWild: number[] = [];
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (!firstByText.has(lowers[i])) firstByText.set(lowers[i], i);
        if (!e.parsed.wildService && !e.parsed.wildAction) continue;
        allWild.push(i);
        if (e.parsed.wildService) { wildAnySvc.push(i); continue; }
        const k = e.parsed.service.toLowerCase();
        const list = wildBySvc.get(k);
        if (list) list.push(i); else wildBySvc.set(k, [i]);
      }
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const first = firstByText.get(lowers[i])!;
        let by = first < i ? first : -1;
        if (by < 0 && allWild.length > 0) {
          const pools = [wildAnySvc, e.parsed.wildService ? allWild : (wildBySvc.get(e.parsed.service.toLowerCase()) ?? [])];
          for (const pool of pools) {
            for (const j of pool) {
              if (j === i || lowers[j] === lowers[i] || !coversLower(lowers[j], lowers[i])) continue;
              // Two different spellings that cover each other: keep the first.
              if (j > i && coversLower(lowers[i], lowers[j])) continue;
              by = j;
              break;
            }
            if (by >= 0) break;
          }
        }
        if (by < 0) continue;
        const other = entries[by].item.value;
        ctx.report({
          node: e.item.node,
          message: other === e.item.value
            ? `"${other}" is listed twice in this statement: remove this entry.`
            : lowers[by] === lowers[i]
              ? `"${e.item.value}" repeats "${other}" (action names are case-insensitive): remove this entry.`
              : `"${e.item.value}" is already covered by "${other}" in this statement: remove this entry.`,
          tags: ['unnecessary'],
          fixes: [{ title: `Remove "${e.item.value}"`, edits: removeChild(ctx.text, container, e.item.node), isPreferred: true, safe: true }],
        });
      }
    }
  },
};


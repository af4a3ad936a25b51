// Check: redundant-action
// Fires on an Action/NotAction entry that another entry of the same statement already covers (a duplicate, or a wildcard that includes it).
import type { Check } from '../check';
import { removeChild } from '../edits';
import { ActionEntry, actionSummary, globCovers } from '../util/actionSyntax';

export const check: Check = {
  id: 'redundant-action',
  description: 'An action entry is already covered by another entry of the same statement.',
  defaultSeverity: 'hint',
  category: 'actions',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["kms:*", "kms:Decrypt"], "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const container = s.actionProp?.value;
      if (!container || container.type !== 'array') continue;
      const entries = actionSummary(ctx.catalog, s).entries.filter((e) => !e.parsed.problem);
      if (entries.length < 2) continue;
      // Only wildcard entries can cover a different entry; bucket them by service to keep this linear.
      const firstByText = new Map<string, number>();
      const wildBySvc = new Map<string, ActionEntry[]>();
      const wildAnySvc: ActionEntry[] = [];
      entries.forEach((e, i) => {
        const lower = e.item.value.toLowerCase();
        if (!firstByText.has(lower)) firstByText.set(lower, i);
        if (!e.parsed.wildService && !e.parsed.wildAction) return;
        if (e.parsed.wildService) wildAnySvc.push(e);
        else {
          const k = e.parsed.service.toLowerCase();
          wildBySvc.set(k, [...(wildBySvc.get(k) ?? []), e]);
        }
      });
      entries.forEach((e, i) => {
        const lower = e.item.value.toLowerCase();
        let by: ActionEntry | undefined;
        const first = firstByText.get(lower)!;
        if (first < i) by = entries[first];
        if (!by) {
          const pool = e.parsed.wildService ? [...wildAnySvc, ...[...wildBySvc.values()].flat()] : [...wildAnySvc, ...(wildBySvc.get(e.parsed.service.toLowerCase()) ?? [])];
          by = pool.find((o) => o !== e && o.item.value.toLowerCase() !== lower && globCovers(o.item.value, e.item.value)
            // Two different spellings that cover each other: keep the first.
            && !(globCovers(e.item.value, o.item.value) && entries.indexOf(o) > i));
        }
        if (!by) return;
        const same = by.item.value.toLowerCase() === lower;
        ctx.report({
          node: e.item.node,
          message: same
            ? `"${e.item.value}" is listed twice in this statement ("${by.item.value}" comes first; actions are case-insensitive): remove this entry.`
            : `"${e.item.value}" is already covered by "${by.item.value}" in this statement: remove this entry.`,
          tags: ['unnecessary'],
          fixes: [{ title: `Remove "${e.item.value}"`, edits: removeChild(ctx.text, container, e.item.node), isPreferred: true, safe: true }],
        });
      });
    }
  },
};

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
      // Most lists hold neither a repeat nor a wildcard over another entry: find that out cheaply
      // (this runs on every statement of every keystroke).
      if (entries.length <= 32 && !mayRepeat(entries)) continue;
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

/**
 * Could an entry of this (short) list repeat or be covered by another? False when no two entries
 * are the same text and no wildcard entry covers another entry: then the check has nothing to say.
 */
function mayRepeat(entries: ActionEntry[]): boolean {
  for (let i = 0; i < entries.length; i++) {
    const a = entries[i];
    const wild = a.parsed.wildService || a.parsed.wildAction;
    for (let j = 0; j < entries.length; j++) {
      if (i === j) continue;
      const b = entries[j];
      if (j < i && a.lower === b.lower) return true;
      if (wild && coversLower(a.lower, b.lower)) return true;
    }
  }
  return false;
}

/**
 * "Fix all": applies every safe fix, re-analysing after each round (a fix can reveal or resolve
 * another finding), until nothing safe is left. Returns one edit over the changed span, so that
 * applying it twice changes nothing the second time.
 */
import type { Knowledge } from './knowledge';
import { applyEdits } from './edits';
import { analyze } from './analyze';
import type { AnalysisOptions, Edit } from './types';

// Adjacent removals apply every other one per round, so N of them take about log2(N) rounds.
const MAX_ROUNDS = 32;

export function fixAllText(k: Knowledge, text: string, options: AnalysisOptions = {}): string {
  let cur = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = analyze(k, cur, options);
    const edits: Edit[] = [];
    let lastEnd = -1;
    const candidates = result.findings
      .map((f) => f.fixes?.find((x) => x.safe))
      .filter((x): x is NonNullable<typeof x> => !!x)
      .sort((a, b) => Math.min(...a.edits.map((e) => e.offset)) - Math.min(...b.edits.map((e) => e.offset)));
    for (const fix of candidates) {
      const sorted = [...fix.edits].sort((a, b) => a.offset - b.offset);
      if (sorted.length === 0 || sorted[0].offset <= lastEnd) continue;
      // Edits of one fix must not overlap each other either.
      if (sorted.some((e, i) => i > 0 && e.offset < sorted[i - 1].offset + sorted[i - 1].length)) continue;
      edits.push(...sorted);
      lastEnd = Math.max(...sorted.map((e) => e.offset + Math.max(e.length, 1)));
    }
    if (edits.length === 0) break;
    const next = applyEdits(cur, edits);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

export function fixAll(k: Knowledge, text: string, options: AnalysisOptions = {}): Edit[] {
  const fixed = fixAllText(k, text, options);
  if (fixed === text) return [];
  let start = 0;
  while (start < text.length && start < fixed.length && text[start] === fixed[start]) start++;
  let endA = text.length;
  let endB = fixed.length;
  while (endA > start && endB > start && text[endA - 1] === fixed[endB - 1]) { endA--; endB--; }
  return [{ offset: start, length: endA - start, newText: fixed.slice(start, endB) }];
}

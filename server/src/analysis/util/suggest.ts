/**
 * Did-you-mean suggestions: the catalog's bounded edit distance, keeping only the candidates at the
 * smallest distance found (so "aws:SourceIpp" suggests aws:SourceIp, not every aws:Source... key).
 */
import { closest, editDistance } from '../catalog';
import { detach } from './detach';

export function bestMatches(word: string, candidates: Iterable<string>, limit = 3, max?: number): string[] {
  const near = closest(word, candidates, 10, max);
  if (near.length === 0) return near;
  const w = word.toLowerCase();
  const dist = near.map((c) => editDistance(w, c.toLowerCase(), 8));
  const best = Math.min(...dist);
  return near.filter((_, i) => dist[i] === best).slice(0, limit);
}

const memo = new WeakMap<object, Map<string, string[]>>();

/**
 * Memoizes a suggestion list per owner object (the catalog) and key: suggestions cost an edit distance
 * per candidate, and the same unknown name is re-analysed on every keystroke.
 */
export function memoSuggest(owner: object, key: string, compute: () => string[]): string[] {
  let m = memo.get(owner);
  if (!m) { m = new Map(); memo.set(owner, m); }
  let v = m.get(key);
  if (!v) {
    v = compute();
    if (m.size > 2000) m.clear();
    m.set(detach(key), v);
  }
  return v;
}

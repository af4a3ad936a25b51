/**
 * Fixes of embedded policies: the core's fix is a set of edits of the projected JSON. It becomes
 * structural edits of the host value (a structural diff of the JSON before and after the fix) that
 * the policy's writer writes in the host syntax.
 *
 * The diff: objects by key (in order, duplicates paired in order); arrays by the longest common
 * subsequence of equal items, a removed and an inserted item at the same place diffed as one item;
 * otherwise the value is replaced. A change that would rewrite or drop a computed value (UNKNOWN), or
 * write one, cannot be expressed: the fix is then not offered.
 */
import { Node, parseTree } from 'jsonc-parser';
import { applyEdits } from '../edits';
import type { Edit } from '../types';
import type { HostArray, HostObject, HostValue, StructuralEdit } from './types';
import { UNKNOWN } from './types';

/** Structural edits that turn `before` (the host value) into the projected text after `edits`; undefined when not expressible. */
export function structuralEdits(before: HostValue, projectedText: string, edits: Edit[]): StructuralEdit[] | undefined {
  const afterText = applyEdits(projectedText, edits);
  const errors: unknown[] = [];
  const after = parseTree(afterText, errors as never[], { allowTrailingComma: true });
  if (!after || errors.length > 0) return undefined;
  const out: StructuralEdit[] = [];
  return diff(before, after, out) ? out : undefined;
}

/** The plain JSON value of a host value (computed values as UNKNOWN strings). */
export function plain(v: HostValue): unknown {
  switch (v.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of v.props) o[p.key] = plain(p.value);
      return o;
    }
    case 'array': return v.items.map(plain);
    case 'string': return v.parts.map((p) => p.kind === 'text' ? p.text : UNKNOWN).join('');
    case 'unknown': return UNKNOWN;
    case 'null': return null;
    default: return v.value;
  }
}

/** The plain JSON value of a jsonc-parser node. */
function nodeValue(n: Node): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) if (p.children?.[0] && p.children[1]) o[p.children[0].value as string] = nodeValue(p.children[1]);
      return o;
    }
    case 'array': return (n.children ?? []).map(nodeValue);
    default: return n.value;
  }
}

/** Cheap structural equality of a host value and a parsed node. */
function same(h: HostValue, n: Node): boolean {
  switch (h.type) {
    case 'object':
      if (n.type !== 'object' || (n.children?.length ?? 0) !== h.props.length) return false;
      return h.props.every((p, i) => { const c = n.children![i]; return c.children?.[0]?.value === p.key && !!c.children[1] && same(p.value, c.children[1]); });
    case 'array':
      if (n.type !== 'array' || (n.children?.length ?? 0) !== h.items.length) return false;
      return h.items.every((it, i) => same(it, n.children![i]));
    case 'string': return n.type === 'string' && (h.parts.length === 1 && h.parts[0].kind === 'text' ? n.value === h.parts[0].text : n.value === plain(h));
    case 'unknown': return n.type === 'string' && n.value === UNKNOWN;
    case 'null': return n.type === 'null';
    default: return n.type === h.type && n.value === h.value;
  }
}

const hasUnknown = (v: unknown): boolean => JSON.stringify(v).includes(UNKNOWN);

/** Appends the edits turning `h` into `n`; false when a computed value would be rewritten or written. */
function diff(h: HostValue, n: Node, out: StructuralEdit[]): boolean {
  if (same(h, n)) return true;
  if (h.type === 'object' && n.type === 'object') return diffObject(h, n, out);
  if (h.type === 'array' && n.type === 'array') return diffArray(h, n, out);
  const value = nodeValue(n);
  if (hasUnknown(plain(h)) || hasUnknown(value)) return false;
  out.push({ op: 'replace', target: h, value });
  return true;
}

function diffObject(h: HostObject, n: Node, out: StructuralEdit[]): boolean {
  const after = (n.children ?? []).filter((p) => p.children?.[0] && p.children[1]);
  const used = new Set<number>();
  // Pair props by key, in order.
  const pairOf = new Map<number, number>();
  for (let i = 0; i < h.props.length; i++) {
    const j = after.findIndex((p, k) => !used.has(k) && p.children![0].value === h.props[i].key);
    if (j >= 0) { used.add(j); pairOf.set(i, j); }
  }
  for (let i = 0; i < h.props.length; i++) {
    const j = pairOf.get(i);
    if (j === undefined) out.push({ op: 'remove-prop', object: h, prop: h.props[i] });
    else if (!diff(h.props[i].value, after[j].children![1], out)) return false;
  }
  for (let k = 0; k < after.length; k++) {
    if (used.has(k)) continue;
    const value = nodeValue(after[k].children![1]);
    if (hasUnknown(value)) return false;
    // Before the host prop paired with the next paired key, else at the end.
    let index = h.props.length;
    for (let m = k + 1; m < after.length; m++) {
      if (!used.has(m)) continue;
      for (const [i, j] of pairOf) if (j === m) { index = i; break; }
      break;
    }
    out.push({ op: 'insert-prop', object: h, index, key: after[k].children![0].value as string, value });
  }
  return true;
}

function diffArray(h: HostArray, n: Node, out: StructuralEdit[]): boolean {
  const a = h.items;
  const b = n.children ?? [];
  // LCS on item equality (policies' lists are short; quadratic is fine, bounded anyway).
  if (a.length * b.length > 250_000) return false;
  const L: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) L[i][j] = same(a[i], b[j]) ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  let i = 0, j = 0;
  const gap = (i0: number, i1: number, j0: number, j1: number): boolean => {
    // Pair removed and inserted items positionally (an item changed in place), then remove / insert the rest.
    const paired = Math.min(i1 - i0, j1 - j0);
    for (let k = 0; k < paired; k++) if (!diff(a[i0 + k], b[j0 + k], out)) return false;
    for (let k = i0 + paired; k < i1; k++) {
      if (plain(a[k]) === UNKNOWN) return false; // which computed value goes cannot be told
      out.push({ op: 'remove-item', array: h, index: k });
    }
    if (j1 - j0 > paired) {
      const values = b.slice(j0 + paired, j1).map(nodeValue);
      if (values.some(hasUnknown)) return false;
      out.push({ op: 'insert-items', array: h, index: i1, values });
    }
    return true;
  };
  let gi = 0, gj = 0;
  while (i < a.length && j < b.length) {
    if (same(a[i], b[j]) && L[i][j] === L[i + 1][j + 1] + 1) {
      if (!gap(gi, i, gj, j)) return false;
      i++; j++; gi = i; gj = j;
    } else if (L[i + 1][j] >= L[i][j + 1]) i++;
    else j++;
  }
  return gap(gi, a.length, gj, b.length);
}

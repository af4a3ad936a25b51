/**
 * Projection: an embedded policy's HostValue tree becomes a JSON policy text the core analyses
 * unchanged, with a source map between the two. Computed values (UNKNOWN) project to the string
 * "\uE000" (wholly computed) or to one \uE000 character per computed part of a string.
 *
 * The source map is a tree of spans mirroring the HostValue tree: each projected node knows its host
 * node's range; the characters of `exact` string parts and of keys written as in the host map one to
 * one. A projected range maps to the innermost span that holds it: character-exact inside one exact
 * run, otherwise that node's whole host range.
 */
import type { HostRange, HostValue } from './types';
import { UNKNOWN } from './types';

/** One projected node (or an exact run of characters inside a string or key). */
export interface Span {
  /** Projected range. */
  start: number;
  end: number;
  /** The host range it stands for. */
  host: HostRange;
  /** Exact run: projected character `start + i` is host character `host.offset + i`. */
  exact?: boolean;
  /** Child spans, in projected order (keys, values, items, runs). */
  children?: Span[];
  /** The host node (for structural edits); absent on runs and keys. */
  node?: HostValue;
}

export interface Projection {
  /** The projected JSON policy text. */
  text: string;
  /** The span of the root value. */
  root: Span;
}

/**
 * Projects a host value to JSON text, indented by two spaces (the core's fixes keep that layout).
 * With the host text, keys written in the host exactly as projected (bare or in plain quotes) map
 * character by character; without it keys map as a whole.
 */
export function project(value: HostValue, hostText?: string): Projection {
  const out: string[] = [];
  let pos = 0;
  const emit = (s: string) => { out.push(s); pos += s.length; };

  /** A JSON string of literal runs and unknown parts; `runs` collects the exact runs' spans. */
  const emitString = (parts: Array<{ text: string; offset: number; length: number; exact: boolean } | { unknown: true; offset: number; length: number }>, spans: Span[]) => {
    emit('"');
    for (const p of parts) {
      if ('unknown' in p) {
        spans.push({ start: pos, end: pos + 1, host: { offset: p.offset, length: p.length } });
        emit(UNKNOWN);
        continue;
      }
      if (!p.exact) {
        const start = pos;
        emit(escapeBody(p.text));
        spans.push({ start, end: pos, host: { offset: p.offset, length: p.length } });
        continue;
      }
      // Exact text: runs of characters that need no escape map one to one; an escaped character maps to itself.
      let i = 0;
      const t = p.text;
      while (i < t.length) {
        let j = i;
        while (j < t.length && !needsEscape(t.charCodeAt(j))) j++;
        if (j > i) {
          spans.push({ start: pos, end: pos + (j - i), host: { offset: p.offset + i, length: j - i }, exact: true });
          emit(t.slice(i, j));
        }
        if (j < t.length) {
          const start = pos;
          emit(escapeBody(t[j]));
          spans.push({ start, end: pos, host: { offset: p.offset + j, length: 1 } });
          j++;
        }
        i = j;
      }
    }
    emit('"');
  };

  const walk = (v: HostValue, indent: string): Span => {
    const start = pos;
    const span: Span = { start, end: start, host: { offset: v.offset, length: v.length }, node: v };
    switch (v.type) {
      case 'object': {
        const children: Span[] = [];
        if (v.props.length === 0) { emit('{}'); break; }
        emit('{\n');
        const inner = indent + '  ';
        v.props.forEach((p, i) => {
          emit(inner);
          const keyStart = pos;
          const keyRuns: Span[] = [];
          // A key written as in the host (bare, or quoted without escapes) maps character by character.
          const k = p.key;
          const written = hostText?.slice(p.keyOffset, p.keyOffset + p.keyLength);
          const bare = written === k && !k.split('').some((ch) => needsEscape(ch.charCodeAt(0)));
          const quoted = !bare && written !== undefined && written.length === k.length + 2 && written.slice(1, -1) === k && !k.split('').some((ch) => needsEscape(ch.charCodeAt(0)));
          emitString([{ text: k, offset: p.keyOffset + (quoted ? 1 : 0), length: bare || quoted ? k.length : p.keyLength, exact: bare || quoted }], keyRuns);
          const keySpan: Span = { start: keyStart, end: pos, host: { offset: p.keyOffset, length: p.keyLength }, children: keyRuns };
          emit(': ');
          const valueSpan = walk(p.value, inner);
          const propSpan: Span = { start: keyStart, end: pos, host: { offset: p.offset, length: p.length }, children: [keySpan, valueSpan] };
          children.push(propSpan);
          emit(i < v.props.length - 1 ? ',\n' : '\n');
        });
        emit(indent + '}');
        span.children = children;
        break;
      }
      case 'array': {
        const children: Span[] = [];
        if (v.items.length === 0) { emit('[]'); break; }
        emit('[\n');
        const inner = indent + '  ';
        v.items.forEach((item, i) => {
          emit(inner);
          children.push(walk(item, inner));
          emit(i < v.items.length - 1 ? ',\n' : '\n');
        });
        emit(indent + ']');
        span.children = children;
        break;
      }
      case 'string': {
        const runs: Span[] = [];
        emitString(v.parts.map((p) => p.kind === 'text' ? p : { unknown: true as const, offset: p.offset, length: p.length }), runs);
        span.children = runs;
        break;
      }
      case 'unknown':
        emit('"' + UNKNOWN + '"');
        break;
      case 'number':
        emit(Number.isFinite(v.value) ? String(v.value) : '0');
        break;
      case 'boolean':
        emit(v.value ? 'true' : 'false');
        break;
      case 'null':
        emit('null');
        break;
    }
    span.end = pos;
    return span;
  };

  const root = walk(value, '');
  return { text: out.join(''), root };
}

function needsEscape(c: number): boolean {
  return c === 0x22 || c === 0x5c || c < 0x20 || c === 0x2028 || c === 0x2029;
}

/** The body of a JSON string literal for `s` (no quotes). */
function escapeBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The innermost span holding [start, end] (end inclusive of a zero-length range at a span's end). */
function innermost(root: Span, start: number, end: number): Span {
  let cur = root;
  for (;;) {
    const kids = cur.children;
    if (!kids || kids.length === 0) return cur;
    // Binary search: the last child starting at or before `start`.
    let lo = 0, hi = kids.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kids[mid].start <= start) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return cur;
    const k = kids[found];
    if (start >= k.start && end <= k.end && (end > start ? start < k.end : start <= k.end)) cur = k;
    else return cur;
  }
}

/** Maps a projected range to the host: exact inside one exact run, else the host range of the innermost node holding it. */
export function toHost(projection: Projection, offset: number, length: number): HostRange {
  const s = innermost(projection.root, offset, offset + length);
  if (s.exact) return { offset: s.host.offset + (offset - s.start), length };
  return s.host;
}

/** The innermost projected node (a span with `node`) holding a projected range. */
export function nodeAt(projection: Projection, offset: number, length = 0): Span {
  let cur = projection.root;
  let best = cur;
  for (;;) {
    const next = cur.children?.find((k) => k.start <= offset && offset + length <= k.end);
    if (!next) return best;
    cur = next;
    if (cur.node) best = cur;
  }
}

/** The host range of a projected range when it maps exactly: inside one exact run, or exactly one span (a whole node). */
export function toHostExact(projection: Projection, offset: number, length: number): HostRange | undefined {
  const s = innermost(projection.root, offset, offset + length);
  if (s.exact) return { offset: s.host.offset + (offset - s.start), length };
  if (s.start === offset && s.end === offset + length) return s.host;
  // A zero-length range just inside an empty string's quotes.
  if (length === 0 && s.node?.type === 'string' && s.end - s.start === 2 && offset === s.start + 1) return { offset: s.host.offset + 1, length: 0 };
  return undefined;
}

/**
 * Maps a host offset to the projected text, for completion and hover: exact inside an exact run (its
 * end included, where the user types), else the start of the innermost node's projection, or
 * undefined when the offset is outside the policy. `exact` says which.
 */
export function toProjected(projection: Projection, hostOffset: number): { offset: number; exact: boolean } | undefined {
  const inHost = (s: Span) => hostOffset >= s.host.offset && hostOffset <= s.host.offset + s.host.length;
  if (!inHost(projection.root)) return undefined;
  let cur = projection.root;
  for (;;) {
    const kids = cur.children;
    let next: Span | undefined;
    if (kids) {
      // Prefer an exact run; then a strict container; then one the offset ends.
      for (const k of kids) if (k.exact && inHost(k)) { next = k; break; }
      if (!next) for (const k of kids) if (hostOffset >= k.host.offset && hostOffset < k.host.offset + k.host.length) { next = k; break; }
      if (!next) for (const k of kids) if (inHost(k)) { next = k; break; }
    }
    if (!next) break;
    cur = next;
  }
  if (cur.exact) return { offset: cur.start + (hostOffset - cur.host.offset), exact: true };
  // A string with no exact run under the offset: just inside its opening quote.
  if (cur.node?.type === 'string' && cur.children?.length === 0) return { offset: cur.start + 1, exact: false };
  return { offset: cur.start, exact: false };
}

/** Does every node of `v` lie in [start, end]? */
export function within(v: HostValue, start: number, end: number): boolean {
  if (v.offset < start || v.offset + v.length > end) return false;
  switch (v.type) {
    case 'object': return v.props.every((p) => p.offset >= start && p.offset + p.length <= end && within(p.value, start, end));
    case 'array': return v.items.every((i) => within(i, start, end));
    case 'string': return v.parts.every((x) => x.offset >= start && x.offset + x.length <= end);
    default: return true;
  }
}

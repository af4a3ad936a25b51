/**
 * A CloudFormation YAML template kept open in an editor: each new version is read by re-parsing only
 * the resource an edit touched, when that is certain to give the tree a full parse would give.
 *
 * The invariant: `update(text)` returns exactly what `readCloudFormation(text)` returns (same
 * policies, values, ranges, problems; test/unit/host-cloudformation-incremental.test.ts compares
 * them on random edits). The previous tree is reused only when all of this holds, else the whole
 * text is parsed again:
 *   - the previous version parsed without a problem, its root and its `Resources` are untagged block
 *     maps, and it has no anchor or alias anywhere (a value could then be shared across resources)
 *     and no directive (`%TAG` changes what `!Sub` means);
 *   - the edit lies inside one resource's slice: from the start of the line of its logical id to the
 *     start of the next resource's line (or of the next top-level key, or the end of the text);
 *   - the new slice has no tab, every line after the first is blank, a comment, or indented deeper
 *     than the logical id, and parsed alone (YAML reads an indented block map like any other) it is
 *     one untagged block map with one entry at the logical id's column, without problem, anchor or alias.
 * The new entry's ranges are moved by the slice's offset, every node after the slice by the length
 * change, and the enclosing maps' lengths recomputed as the parser computes them.
 * Pure; never throws (any failure falls back to a full parse).
 */
import type { Edit } from '../../types';
import type { HostReadResult, HostWriter } from '../types';
import { precheck, readTree } from './read';
import type { SamTemplates } from './sam';
import { deref, entryOf, fromYaml, looksLikeJson, parseTemplateTree, type ParsedTree, type REntry, type RMap, type RNode, type RStr } from './tree';
import { plainSafe } from './yamlWriter';

/**
 * How the last version was read: `scalar` when the edit stayed inside one plain scalar (nothing
 * parsed), `incremental` when one resource was parsed again, `full`, or `none` (not parsed at all).
 */
export type ReadMode = 'full' | 'incremental' | 'scalar' | 'none';

/** A resource's slice of the text: [start, end), its logical id at column `indent`. */
interface Span { start: number; end: number }

interface State {
  text: string;
  tree: ParsedTree;
  root: RMap;
  /** The root's `Resources` entry (the last one: the one the reader reads). */
  resourcesEntry: REntry;
  resources: RMap;
  indent: number;
  spans: Span[];
}

export class CloudFormationDocument {
  private state: State | undefined;
  /** How the last update was read. */
  lastMode: ReadMode = 'none';
  private scalar = false;

  /** `writer` gives the writer of a version's policies; `sam` the SAM policy templates (see readCloudFormation). */
  constructor(private readonly writer?: (text: string) => HostWriter | undefined, private readonly sam?: SamTemplates) {}

  /** Reads a new version; `changes` (offsets into the previous version, in order) are optional. */
  update(text: string, changes?: readonly Edit[]): HostReadResult {
    const writer = this.writer?.(text);
    const early = precheck(text);
    if (early) { this.reset(); this.lastMode = 'none'; return early; }
    let tree: ParsedTree | undefined;
    this.scalar = false;
    try {
      tree = this.incremental(text, changes);
    } catch {
      tree = undefined;
    }
    if (tree) {
      this.lastMode = this.scalar ? 'scalar' : 'incremental';
    } else {
      this.lastMode = 'full';
      tree = parseTemplateTree(text);
      this.state = undefined;
      try { this.state = stateOf(text, tree); } catch { this.state = undefined; }
    }
    return readTree(text, tree, writer, this.sam);
  }

  /** Forgets the kept tree. */
  reset(): void { this.state = undefined; }

  /** The new version's tree from the previous one, or undefined when a full parse is needed. */
  private incremental(text: string, changes?: readonly Edit[]): ParsedTree | undefined {
    const st = this.state;
    if (!st || looksLikeJson(text)) return undefined;
    let edit: Edit | undefined;
    if (changes && changes.length === 1) edit = changes[0];
    else if (!changes || changes.length === 0) edit = diff(st.text, text);
    if (!edit || edit.offset < 0 || edit.offset + edit.length > st.text.length) return undefined;
    // Given changes are checked: they must turn the previous text into this one.
    if (changes && st.text.slice(0, edit.offset) + edit.newText + st.text.slice(edit.offset + edit.length) !== text) return undefined;
    const delta = edit.newText.length - edit.length;
    // The span holding the whole edit (start <= offset, end strictly after the replaced text).
    const i = spanOf(st.spans, edit.offset, edit.offset + edit.length);
    if (i < 0) return undefined;
    const span = st.spans[i];
    const newEnd = span.end + delta;
    // Typing inside one plain scalar (a name, an action, a key) that stays a plain string: no parse at all.
    if (scalarEdit(st.resources.entries[i], edit, delta, text)) {
      for (let j = i + 1; j < st.resources.entries.length; j++) moveEntry(st.resources.entries[j], delta);
      const rootEntries = st.root.entries;
      const at = rootEntries.indexOf(st.resourcesEntry);
      for (let j = at + 1; j < rootEntries.length; j++) moveEntry(rootEntries[j], delta);
      st.resources.length += delta;
      st.resourcesEntry.length += delta;
      st.root.length += delta;
      span.end = newEnd;
      for (let j = i + 1; j < st.spans.length; j++) { st.spans[j].start += delta; st.spans[j].end += delta; }
      st.text = text;
      this.scalar = true;
      return st.tree;
    }
    const slice = text.slice(span.start, newEnd);
    if (!sliceShapeOk(slice, st.indent)) return undefined;
    const part = fromYaml(slice);
    if (part.problems.length || part.anchors) return undefined;
    const m = part.root;
    if (!m || m.t !== 'map' || m.flow || m.tag || m.entries.length !== 1 || m.offset !== st.indent) return undefined;
    const entry = m.entries[0];
    if (entry.keyOffset !== st.indent) return undefined;
    // From here on nothing fails: splice the new entry in.
    moveTree(entry.value, span.start);
    const moved: REntry = { ...entry, keyOffset: entry.keyOffset + span.start, offset: entry.offset + span.start };
    const res = st.resources;
    for (let j = i + 1; j < res.entries.length; j++) moveEntry(res.entries[j], delta);
    const rootEntries = st.root.entries;
    const at = rootEntries.indexOf(st.resourcesEntry);
    for (let j = at + 1; j < rootEntries.length; j++) moveEntry(rootEntries[j], delta);
    res.entries[i] = moved;
    const last = res.entries[res.entries.length - 1];
    res.length = last.offset + last.length - res.offset;
    st.resourcesEntry.length = res.offset + res.length - st.resourcesEntry.keyOffset;
    const lastRoot = rootEntries[rootEntries.length - 1];
    st.root.length = lastRoot.offset + lastRoot.length - st.root.offset;
    // The spans: this one's end and every later one move.
    span.end = newEnd;
    for (let j = i + 1; j < st.spans.length; j++) { st.spans[j].start += delta; st.spans[j].end += delta; }
    st.text = text;
    return st.tree;
  }
}

/**
 * An edit inside one plain one-line scalar of a resource (a value, or a key) after which that
 * scalar is still a plain string YAML reads as written (`plainSafe`: no indicator, no `: ` or ` #`,
 * no flow character, nothing that reads as a number, boolean or null): the scalar's value and length
 * change, every range after it moves, every node holding it grows. False, with nothing changed, when
 * the edit is anything else.
 */
function scalarEdit(resource: REntry, edit: Edit, delta: number, text: string): boolean {
  const from = edit.offset;
  const to = edit.offset + edit.length;
  // The path to the scalar: the entries and nodes that hold it.
  const path: Array<REntry | RNode> = [];
  let e: REntry = resource;
  let key = false;
  let leaf: RStr | undefined;
  for (;;) {
    path.push(e);
    if (from >= e.keyOffset && to <= e.keyOffset + e.keyLength) { key = true; break; }
    let n: RNode = e.value;
    let next: REntry | undefined;
    for (;;) {
      if (from < n.offset || to > n.offset + n.length) return false;
      path.push(n);
      if (n.t === 'str') { leaf = n; break; }
      if (n.t === 'map') { next = n.entries.find((x) => from >= x.offset && to <= x.offset + x.length); break; }
      if (n.t === 'seq') {
        const item = n.items.find((x) => from >= x.offset && to <= x.offset + x.length);
        if (!item) return false;
        n = item;
        continue;
      }
      return false;
    }
    if (leaf) break;
    if (!next) return false;
    e = next;
  }
  let start: number, end: number;
  if (key) {
    start = e.keyOffset;
    end = e.keyOffset + e.keyLength;
  } else {
    if (!leaf || leaf.style !== 'plain' || leaf.exactAt !== leaf.offset || leaf.value.length !== leaf.length) return false;
    start = leaf.offset;
    end = leaf.offset + leaf.length;
  }
  const token = text.slice(start, end + delta);
  if (!plainSafe(token)) return false;
  if (key) {
    // The key's text was the key itself (a plain key): the key with the edit applied is the new text.
    const rebuilt = e.key.slice(0, from - start) + edit.newText + e.key.slice(to - start);
    if (e.keyLength !== e.key.length || rebuilt !== token) return false;
  }
  // Nothing can fail from here.
  if (key) { e.key = token; e.keyLength += delta; } else { leaf!.value = token; leaf!.length += delta; }
  for (const x of path) {
    if (x === leaf) continue;
    x.length += delta;
    if ('t' in x && x.t === 'map') { for (const k of x.entries) if (k.offset >= end) moveEntry(k, delta); }
    else if ('t' in x && x.t === 'seq') { for (const k of x.items) if (k.offset >= end) moveTree(k, delta); }
  }
  // A key edit: the entry's value (after the key) moves.
  if (key) moveTree(e.value, delta);
  return true;
}

/** The state a full parse leaves for the next version, or undefined when the next one must be parsed whole too. */
function stateOf(text: string, tree: ParsedTree): State | undefined {
  if (tree.syntax !== 'yaml' || tree.problems.length || tree.anchors || !tree.root) return undefined;
  if (/^%/m.test(text)) return undefined;
  const root = tree.root;
  if (root.t !== 'map' || root.flow || root.tag) return undefined;
  const resourcesEntry = entryOf(root, 'Resources');
  const resources = deref(resourcesEntry?.value);
  if (!resourcesEntry || resources?.t !== 'map' || resources.flow || resources.tag || !resources.entries.length) return undefined;
  const indent = column(text, resources.entries[0].keyOffset);
  if (indent <= 0) return undefined;
  const starts: number[] = [];
  for (const e of resources.entries) {
    if (column(text, e.keyOffset) !== indent) return undefined;
    starts.push(e.keyOffset - indent);
  }
  // The last span ends where the next top-level key's line starts (or at the end of the text).
  const after = root.entries[root.entries.indexOf(resourcesEntry) + 1];
  const end = after ? text.lastIndexOf('\n', after.keyOffset - 1) + 1 : text.length;
  if (after && column(text, after.keyOffset) !== 0) return undefined;
  const spans: Span[] = starts.map((s, j) => ({ start: s, end: j + 1 < starts.length ? starts[j + 1] : end }));
  if (spans.some((s) => s.end <= s.start)) return undefined;
  return { text, tree, root, resourcesEntry, resources, indent, spans };
}

/** The column of `offset` when only spaces precede it on its line, else -1. */
function column(text: string, offset: number): number {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  for (let k = ls; k < offset; k++) if (text.charCodeAt(k) !== 0x20) return -1;
  return offset - ls;
}

/** The span that holds [from, to) with `to` strictly before its end; -1 when none. */
function spanOf(spans: Span[], from: number, to: number): number {
  let lo = 0, hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= from) lo = mid + 1;
    else if (spans[mid].start > from) hi = mid - 1;
    else return to < spans[mid].end ? mid : -1;
  }
  return -1;
}

/** No tab; every line after the first blank, a comment, or deeper than `indent`; the slice ends with a line break. */
function sliceShapeOk(slice: string, indent: number): boolean {
  if (slice.includes('\t') || /\r(?!\n)/.test(slice)) return false;
  if (!slice.endsWith('\n')) return false;
  let i = slice.indexOf('\n') + 1;
  while (i < slice.length) {
    let k = i;
    while (slice.charCodeAt(k) === 0x20) k++;
    const c = slice[k];
    if (c !== '\n' && c !== '\r' && c !== '#' && k - i <= indent) return false;
    const nl = slice.indexOf('\n', k);
    i = nl < 0 ? slice.length : nl + 1;
  }
  return true;
}

function moveEntry(e: REntry, d: number): void {
  e.keyOffset += d;
  e.offset += d;
  moveTree(e.value, d);
}

/** Moves every range of a tree by `d` (in place: the kept tree belongs to the document alone). */
function moveTree(n: RNode, d: number): void {
  if (d === 0) return;
  n.offset += d;
  switch (n.t) {
    case 'map': for (const e of n.entries) moveEntry(e, d); break;
    case 'seq': for (const x of n.items) moveTree(x, d); break;
    case 'str': if (n.exactAt >= 0) n.exactAt += d; break;
    default: break;
  }
}

const CHUNK = 256;

/** The one edit that turns `a` into `b` (common prefix and suffix kept). */
function diff(a: string, b: string): Edit {
  const max = Math.min(a.length, b.length);
  // Whole chunks first (a native comparison), then character by character.
  let s = 0;
  while (s + CHUNK <= max && a.slice(s, s + CHUNK) === b.slice(s, s + CHUNK)) s += CHUNK;
  while (s < max && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let e = 0;
  while (e + CHUNK <= max - s && a.slice(a.length - e - CHUNK, a.length - e) === b.slice(b.length - e - CHUNK, b.length - e)) e += CHUNK;
  while (e < max - s && a.charCodeAt(a.length - 1 - e) === b.charCodeAt(b.length - 1 - e)) e++;
  return { offset: s, length: a.length - s - e, newText: b.slice(s, b.length - e) };
}

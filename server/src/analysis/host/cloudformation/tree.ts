/**
 * The template as a syntax-neutral tree (RNode) with exact host ranges, from YAML (the `yaml`
 * package's Document API, CloudFormation's short-form intrinsic tags as custom tags) or from JSON
 * (jsonc-parser). Aliases are shared, never copied: an alias bomb costs nothing here (the reader
 * expands values with a budget). Scalars keep the string CloudFormation reads: the core schema
 * (YAML 1.2) has no dates and no `yes`/`no` booleans, so `Version: 2012-10-17` is a string.
 * Pure; never throws (errors become `problems` with ranges).
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode } from 'yaml';

/** The intrinsic function names of CloudFormation's YAML short form (`!Sub` ...). */
export const SHORT_FORM = [
  'Sub', 'Ref', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'ImportValue', 'FindInMap', 'Base64', 'Cidr',
  'GetAZs', 'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform', 'ToJsonString', 'Length',
] as const;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'json';

interface RBase {
  /** Host range of the value (without its tag or anchor). */
  offset: number; length: number;
  /** The YAML tag (`!Sub`), if any. */
  tag?: string;
}
export interface RMap extends RBase { t: 'map'; flow: boolean; entries: REntry[] }
export interface RSeq extends RBase { t: 'seq'; flow: boolean; items: RNode[] }
export interface RStr extends RBase {
  t: 'str'; value: string; style: ScalarStyle;
  /** Host offset of `value[0]` when the value is the host text verbatim (no escapes, one line); -1 otherwise. */
  exactAt: number;
}
export interface RScalar extends RBase { t: 'num' | 'bool' | 'null'; value: number | boolean | null }
/** A YAML alias (`*x`): the anchored value, shared. */
export interface RAlias extends RBase { t: 'alias'; target: RNode | undefined; name: string }
export type RNode = RMap | RSeq | RStr | RScalar | RAlias;
export interface REntry {
  key: string; keyOffset: number; keyLength: number;
  /** The whole entry: key to the end of the value. */
  offset: number; length: number;
  value: RNode;
}

export interface TreeProblem { offset: number; length: number; message: string }
export interface ParsedTree {
  root: RNode | undefined; problems: TreeProblem[]; syntax: 'yaml' | 'json';
  /** YAML: an anchor or an alias occurs somewhere (a value may then be shared across resources). */
  anchors?: boolean;
}

/** A JSON template starts with `{` (after white space and comments); anything else is read as YAML. */
export function looksLikeJson(text: string): boolean {
  const m = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/.exec(text);
  return text.charCodeAt(m ? m[0].length : 0) === 0x7b;
}

export function parseTemplateTree(text: string): ParsedTree {
  try {
    return looksLikeJson(text) ? fromJson(text) : fromYaml(text);
  } catch (e) {
    return { root: undefined, problems: [{ offset: 0, length: 0, message: `The template could not be read: ${(e as Error)?.message ?? e}` }], syntax: looksLikeJson(text) ? 'json' : 'yaml' };
  }
}

// -- YAML -----------------------------------------------------------------------------------------

const customTags = SHORT_FORM.flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (c: unknown) => c },
  { tag: `!${name}`, collection: 'map' as const, resolve: (c: unknown) => c },
]);

export function fromYaml(text: string): ParsedTree {
  const doc = parseDocument(text, {
    // toJS() is never called (its maxAliasCount does not apply): the reader expands aliases itself, with a budget.
    schema: 'core', customTags: customTags as never, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false,
  }) as Document.Parsed;
  const problems: TreeProblem[] = doc.errors.map((e) => ({ offset: e.pos[0], length: Math.max(0, e.pos[1] - e.pos[0]), message: e.message.split('\n')[0] }));
  const anchors = new Map<string, RNode>();
  let sawAnchor = false;
  let depth = 0;

  function conv(n: unknown): RNode {
    const node = n as YamlNode & { range?: [number, number, number]; tag?: string; anchor?: string };
    const range = node?.range ?? [0, 0, 0];
    const base = { offset: range[0], length: Math.max(0, range[1] - range[0]) };
    const tag = node?.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!') ? node.tag : undefined;
    let out: RNode;
    if (depth > 400) return { ...base, t: 'null', value: null };
    depth++;
    try {
      if (node?.anchor) sawAnchor = true;
      if (isAlias(node)) {
        sawAnchor = true;
        const name = node.source;
        out = { ...base, t: 'alias', name, target: anchors.get(name) };
      } else if (isMap(node)) {
        const entries: REntry[] = [];
        const m: RMap = { ...base, t: 'map', flow: !!node.flow, entries, tag };
        if (node.anchor) anchors.set(node.anchor, m);
        for (const p of node.items) {
          if (!isPair(p)) continue;
          const k = p.key as (YamlNode & { range?: [number, number, number] }) | null;
          if (isAlias(k) || (k as { anchor?: string } | null)?.anchor) sawAnchor = true;
          const kr = k?.range ?? [base.offset, base.offset, base.offset];
          const key = isScalar(k) ? keyText(k, text) : k ? text.slice(kr[0], kr[1]) : '';
          const v = p.value == null ? undefined : conv(p.value);
          const valueEnd = v ? v.offset + v.length : kr[1];
          const value: RNode = v ?? { offset: kr[1], length: 0, t: 'null', value: null };
          entries.push({ key, keyOffset: kr[0], keyLength: Math.max(0, kr[1] - kr[0]), offset: kr[0], length: Math.max(0, valueEnd - kr[0]), value });
        }
        // A block collection's range runs to the next line (and over trailing comments): end it at its last value.
        if (!m.flow && entries.length) m.length = entries[entries.length - 1].offset + entries[entries.length - 1].length - m.offset;
        out = m;
      } else if (isSeq(node)) {
        const s: RSeq = { ...base, t: 'seq', flow: !!node.flow, items: [], tag };
        if (node.anchor) anchors.set(node.anchor, s);
        for (const it of node.items) s.items.push(it == null ? { ...base, length: 0, t: 'null', value: null } : conv(it));
        if (!s.flow && s.items.length) { const last = s.items[s.items.length - 1]; s.length = Math.max(0, last.offset + last.length - s.offset); }
        out = s;
      } else if (isScalar(node)) {
        out = scalar(node, text, tag);
        if (node.anchor) anchors.set(node.anchor, out);
      } else {
        out = { ...base, t: 'null', value: null };
      }
    } finally {
      depth--;
    }
    return out;
  }

  const root = doc.contents == null ? undefined : conv(doc.contents);
  return { root, problems, syntax: 'yaml', anchors: sawAnchor };
}

function keyText(k: Scalar, text: string): string {
  if (typeof k.value === 'string') return k.value;
  const r = (k as Scalar & { range?: [number, number, number] }).range;
  return r && k.type === 'PLAIN' ? text.slice(r[0], r[1]) : String(k.value);
}

function scalar(node: Scalar, text: string, tag: string | undefined): RNode {
  const r = (node as Scalar & { range?: [number, number, number] }).range ?? [0, 0, 0];
  const offset = r[0];
  const length = Math.max(0, r[1] - r[0]);
  const source = text.slice(r[0], r[1]);
  const style: ScalarStyle = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single'
    : node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL' ? 'block' : 'plain';
  const v = node.value;
  if (typeof v === 'string' || tag) {
    const value = typeof v === 'string' ? v : String(v ?? '');
    let exactAt = -1;
    if (style === 'plain' && source === value) exactAt = offset;
    else if ((style === 'single' || style === 'double') && source.slice(1, -1) === value && !value.includes('\n')) exactAt = offset + 1;
    return { offset, length, t: 'str', value, style, exactAt, tag };
  }
  if (typeof v === 'number') {
    // CloudFormation keeps the digits it reads: `0123` or `1e3` stay as written (a string).
    if (String(v) === source) return { offset, length, t: 'num', value: v };
    return { offset, length, t: 'str', value: source, style, exactAt: style === 'plain' ? offset : -1 };
  }
  if (typeof v === 'boolean') return { offset, length, t: 'bool', value: v };
  if (v === null || v === undefined) {
    if (source.trim() === '') return { offset, length, t: 'null', value: null };
    return { offset, length, t: 'null', value: null };
  }
  return { offset, length, t: 'str', value: source, style, exactAt: -1 };
}

// -- JSON -----------------------------------------------------------------------------------------

function fromJson(text: string): ParsedTree {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: TreeProblem[] = errors.map((e) => ({ offset: e.offset, length: e.length, message: jsonError(e.error) }));
  let depth = 0;
  function conv(n: JsonNode): RNode {
    const base = { offset: n.offset, length: n.length };
    if (depth > 400) return { ...base, t: 'null', value: null };
    depth++;
    try {
      switch (n.type) {
        case 'object': {
          const entries: REntry[] = [];
          for (const p of n.children ?? []) {
            const [k, v] = p.children ?? [];
            if (!k) continue;
            const value: RNode = v ? conv(v) : { offset: k.offset + k.length, length: 0, t: 'null', value: null };
            entries.push({ key: String(k.value), keyOffset: k.offset, keyLength: k.length, offset: p.offset, length: p.length, value });
          }
          return { ...base, t: 'map', flow: true, entries };
        }
        case 'array': return { ...base, t: 'seq', flow: true, items: (n.children ?? []).map(conv) };
        case 'string': {
          const value = String(n.value);
          const exactAt = text.slice(n.offset + 1, n.offset + n.length - 1) === value ? n.offset + 1 : -1;
          return { ...base, t: 'str', value, style: 'json', exactAt };
        }
        case 'number': return { ...base, t: 'num', value: n.value as number };
        case 'boolean': return { ...base, t: 'bool', value: n.value as boolean };
        default: return { ...base, t: 'null', value: null };
      }
    } finally {
      depth--;
    }
  }
  return { root: tree ? conv(tree) : undefined, problems, syntax: 'json' };
}

const JSON_ERRORS: Record<number, string> = {
  1: 'Invalid symbol', 2: 'Invalid number format', 3: 'Property name expected', 4: 'Value expected',
  5: 'Colon expected', 6: 'Comma expected', 7: 'Closing brace expected', 8: 'Closing bracket expected',
  9: 'End of file expected', 10: 'Invalid comment token', 11: 'Unexpected end of comment', 12: 'Unexpected end of string',
  13: 'Unexpected end of number', 14: 'Invalid unicode', 15: 'Invalid escape character', 16: 'Invalid character',
};
function jsonError(code: number): string { return JSON_ERRORS[code] ?? 'Syntax error'; }

/** The entry of a map by key (the last one: duplicate keys, the last wins as in CloudFormation's JSON reading). */
export function entryOf(n: RNode | undefined, key: string): REntry | undefined {
  if (!n || n.t !== 'map') return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) if (n.entries[i].key === key) return n.entries[i];
  return undefined;
}

/** Follows aliases (bounded). */
export function deref(n: RNode | undefined): RNode | undefined {
  for (let i = 0; n && n.t === 'alias' && i < 64; i++) n = n.target;
  return n && n.t === 'alias' ? undefined : n;
}

/**
 * A policy document written as a JSON string, which CloudFormation accepts where a document goes:
 *   PolicyDocument: '{"Version": "2012-10-17", ...}'      (a quoted or plain scalar)
 *   PolicyDocument: |                                       (a literal block scalar)
 *     {"Version": "2012-10-17", ...}
 *   PolicyDocument: !Sub | ...  /  Fn::Sub: '...'            (`${AWS::AccountId}` are unknown parts)
 *   "PolicyDocument": "{\"Version\": ...}"                  (a JSON template's string)
 * The string's value is parsed by jsonc-parser and every range is mapped back to the host: each
 * character of the value to the host character (or escape sequence) it comes from. Literal block
 * scalars map line by line (the indentation removed); one-line quoted scalars map through their
 * escapes; a scalar whose mapping cannot be exact (folded, multi-line quoted, an indentation
 * indicator) puts every range on the whole scalar instead. A part is exact only when its characters
 * are the host's verbatim. Such policies have no writer: fixes are not offered (the string is not
 * rewritten). Pure; never throws.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { HostProblem, HostProp, HostValue, StringPart } from '../types';
import type { CfnMeta } from './values';
import { deref, type RMap, type RNode, type RStr } from './tree';
import { intrinsicOf } from './values';
import { JSON_ESCAPES, jsonEscapeAt } from '../../util/jsonString';

export interface JsonStringDocument {
  /** The document, or undefined when the string is not JSON (a problem says why). */
  value: HostValue | undefined;
  problems: HostProblem[];
  /** Host range of the string (the policy's range). */
  range: { offset: number; length: number };
}

const MAX_DEPTH = 128;

/**
 * The document when `n` is a string (or an `Fn::Sub` of a string) whose value is a JSON object;
 * undefined when it is not such a string (the caller reads it as a value).
 */
export function jsonStringDocument(text: string, n: RNode): JsonStringDocument | undefined {
  const v = deref(n);
  if (!v) return undefined;
  let str: RStr | undefined;
  let sub = false;
  let vars: RMap | undefined;
  const fn = intrinsicOf(v);
  if (fn) {
    if (fn.name !== 'Sub') return undefined;
    const a = deref(fn.arg);
    if (a?.t === 'str' && !intrinsicOf(a)) str = a;
    else if (a?.t === 'seq' && a.items.length === 2) {
      const t = deref(a.items[0]);
      const m = deref(a.items[1]);
      if (t?.t === 'str' && !intrinsicOf(t)) str = t;
      if (m?.t === 'map') vars = m;
    }
    sub = true;
  } else if (v.t === 'str') str = v;
  if (!str || !str.value.trimStart().startsWith('{')) return undefined;
  const range = { offset: v.offset, length: v.length };
  const map = charMap(text, str);
  return parse(str.value, map, str, range, sub, vars);
}

/**
 * `at[i]`: the host offset of value character i (`at[value.length]`: just past the last one), or
 * undefined when the scalar's characters cannot be mapped one by one.
 */
function charMap(text: string, s: RStr): Int32Array | undefined {
  const value = s.value;
  if (s.exactAt >= 0) {
    const at = new Int32Array(value.length + 1);
    for (let i = 0; i <= value.length; i++) at[i] = s.exactAt + i;
    return at;
  }
  const source = text.slice(s.offset, s.offset + s.length);
  let at: Int32Array | undefined;
  if (s.style === 'block') at = literalBlock(source, s.offset, value);
  else if (s.style === 'single') at = singleQuoted(source, s.offset, value);
  else if (s.style === 'double' || s.style === 'json') at = doubleQuoted(source, s.offset, value, s.style === 'json');
  return at;
}

/** `|`, `|-`, `|+` (no indentation indicator): each line's content after the block's indentation, then its line break. */
function literalBlock(source: string, base: number, value: string): Int32Array | undefined {
  const header = /^\|([+-]?)[ \t]*(?:#[^\n]*)?\r?\n/.exec(source);
  if (!header) return undefined;
  const at: number[] = [];
  let built = '';
  let i = header[0].length;
  let indent = -1;
  while (i < source.length && built.length < value.length + 1) {
    let nl = source.indexOf('\n', i);
    if (nl < 0) nl = source.length;
    let lineEnd = nl;
    if (lineEnd > i && source[lineEnd - 1] === '\r') lineEnd--;
    const line = source.slice(i, lineEnd);
    if (indent < 0 && line.trim() !== '') indent = line.length - line.trimStart().length;
    if (indent >= 0 && line.length > indent) {
      for (let k = indent; k < line.length; k++) { at.push(base + i + k); built += line[k]; }
    }
    if (nl < source.length || built.length < value.length) { at.push(base + lineEnd); built += '\n'; }
    i = nl + 1;
  }
  if (built.length < value.length || built.slice(0, value.length) !== value) return undefined;
  const out = new Int32Array(value.length + 1);
  for (let k = 0; k < value.length; k++) out[k] = at[k];
  out[value.length] = value.length < at.length ? at[value.length] : base + source.length;
  return out;
}

/** A one-line `'...'` scalar: `''` is one `'`. */
function singleQuoted(source: string, base: number, value: string): Int32Array | undefined {
  if (source.length < 2 || source[0] !== "'" || source[source.length - 1] !== "'" || /[\r\n]/.test(source)) return undefined;
  const at: number[] = [];
  let built = '';
  for (let i = 1; i < source.length - 1; i++) {
    at.push(base + i);
    built += source[i];
    if (source[i] === "'") i++;
  }
  return finish(at, built, value, base + source.length - 1);
}

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** A one-line `"..."` scalar (YAML escapes) or JSON string (JSON escapes): each value character maps to its escape's start. */
function doubleQuoted(source: string, base: number, value: string, json: boolean): Int32Array | undefined {
  if (source.length < 2 || source[0] !== '"' || source[source.length - 1] !== '"' || /[\r\n]/.test(source)) return undefined;
  const simple = json ? JSON_ESCAPES : YAML_ESCAPES;
  const at: number[] = [];
  let built = '';
  for (let i = 1; i < source.length - 1; i++) {
    const c = source[i];
    if (c !== '\\') { at.push(base + i); built += c; continue; }
    const e = source[i + 1];
    const hex = e === 'u' ? 4 : !json && e === 'x' ? 2 : !json && e === 'U' ? 8 : 0;
    let out: string;
    if (hex) {
      const h = source.slice(i + 2, i + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== hex) return undefined;
      out = String.fromCodePoint(parseInt(h, 16));
      i += 1 + hex;
    } else {
      if (e === undefined || !Object.prototype.hasOwnProperty.call(simple, e)) return undefined;
      out = simple[e];
      i += 1;
    }
    for (const ch of out.split('')) { at.push(base + i - (hex ? 1 + hex : 1)); built += ch; }
  }
  return finish(at, built, value, base + source.length - 1);
}

function finish(at: number[], built: string, value: string, end: number): Int32Array | undefined {
  if (built !== value) return undefined;
  const out = new Int32Array(value.length + 1);
  for (let k = 0; k < value.length; k++) out[k] = at[k];
  out[value.length] = end;
  return out;
}

/** A `${...}` of an Fn::Sub string (value offsets, end exclusive); `literal` for `${!X}`. */
interface SubVar { start: number; end: number; name: string; literal: boolean; inString: boolean }

function subVars(value: string): SubVar[] {
  const out: SubVar[] = [];
  let inString = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inString) {
      if (c === '\\') { i++; continue; }
      if (c === '"') { inString = false; continue; }
    } else if (c === '"') { inString = true; continue; }
    if (c === '$' && value[i + 1] === '{') {
      const close = value.indexOf('}', i + 2);
      if (close < 0) break;
      const inner = value.slice(i + 2, close);
      out.push({ start: i, end: close + 1, name: inner.startsWith('!') ? inner.slice(1) : inner.trim(), literal: inner.startsWith('!'), inString });
      i = close;
    }
  }
  return out;
}

function parse(value: string, map: Int32Array | undefined, s: RStr, range: { offset: number; length: number }, sub: boolean, vars: RMap | undefined): JsonStringDocument {
  // Host range of value[a, b): mapped, or the whole scalar when the value cannot be mapped.
  const host = (a: number, b: number) => (map ? { offset: map[a], length: Math.max(0, map[b] - map[a]) } : { offset: s.offset, length: s.length });
  const exact = (a: number, b: number) => !!map && map[b] - map[a] === b - a;
  const vs = sub ? subVars(value) : [];
  // Outside JSON strings a `${X}` stands where a value goes: masked as a string of its length.
  let masked = value;
  const whole = new Map<number, SubVar>();
  for (const x of vs) {
    if (x.inString || x.end - x.start < 2) continue;
    masked = masked.slice(0, x.start) + '"' + 'x'.repeat(x.end - x.start - 2) + '"' + masked.slice(x.end);
    whole.set(x.start, x);
  }
  const errors: ParseError[] = [];
  const root = parseTree(masked, errors, { allowTrailingComma: false, disallowComments: true });
  const problems: HostProblem[] = errors.slice(0, 5).map((e) => ({
    ...host(Math.min(e.offset, value.length), Math.min(e.offset + Math.max(1, e.length), value.length)),
    message: `JSON syntax in the policy document string: ${printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}.`,
  }));
  if (!root || errors.length || root.type !== 'object') return { value: undefined, problems, range };
  const ro: CfnMeta = { readonly: true };
  const varValue = (name: string): string | undefined => {
    const e = vars?.entries.find((x) => x.key === name);
    const v = deref(e?.value);
    return v?.t === 'str' && !v.tag && !intrinsicOf(v) ? v.value : undefined;
  };

  const conv = (n: JsonNode, depth: number): HostValue => {
    const r = host(n.offset, n.offset + n.length);
    if (depth > MAX_DEPTH) return { type: 'unknown', ...r, source: value.slice(n.offset, n.offset + Math.min(n.length, 200)), meta: ro };
    switch (n.type) {
      case 'object': {
        const props: HostProp[] = [];
        for (const p of n.children ?? []) {
          const [k, v] = p.children ?? [];
          if (!k || !v) continue;
          const kr = host(k.offset, k.offset + k.length);
          const pr = host(p.offset, p.offset + p.length);
          props.push({ key: String(k.value), offset: pr.offset, length: pr.length, keyOffset: kr.offset, keyLength: kr.length, value: conv(v, depth + 1) });
        }
        return { type: 'object', ...r, props, meta: ro };
      }
      case 'array': return { type: 'array', ...r, items: (n.children ?? []).map((c) => conv(c, depth + 1)), meta: ro };
      case 'string': {
        const w = whole.get(n.offset);
        if (w && w.end === n.offset + n.length) return { type: 'unknown', ...r, source: value.slice(w.start, w.end), meta: ro };
        return { type: 'string', ...r, parts: stringParts(n), meta: ro };
      }
      case 'number': return { type: 'number', ...r, value: n.value as number, meta: ro };
      case 'boolean': return { type: 'boolean', ...r, value: n.value as boolean, meta: ro };
      default: return { type: 'null', ...r, meta: ro };
    }
  };

  /** The parts of a JSON string literal (value offsets between its quotes). */
  const stringParts = (n: JsonNode): StringPart[] => {
    const parts: StringPart[] = [];
    const from = n.offset + 1;
    const to = n.offset + n.length - 1;
    let buf = '';
    let start = from;
    let escaped = false;
    const flush = (end: number) => {
      if (end > start || buf) parts.push({ kind: 'text', text: buf, ...host(start, end), exact: !escaped && exact(start, end) });
      buf = '';
      escaped = false;
    };
    let i = from;
    while (i < to) {
      const x = sub ? vs.find((y) => y.start === i && y.inString) : undefined;
      if (x) {
        flush(i);
        const lit = x.literal ? undefined : varValue(x.name);
        if (x.literal) parts.push({ kind: 'text', text: '${' + x.name + '}', ...host(x.start, x.end), exact: false });
        else if (lit !== undefined) parts.push({ kind: 'text', text: lit, ...host(x.start, x.end), exact: false });
        else parts.push({ kind: 'unknown', ...host(x.start, x.end), source: value.slice(x.start, x.end) });
        i = start = x.end;
        continue;
      }
      const c = value[i];
      if (c === '\\') {
        const esc = jsonEscapeAt(value, i);
        buf += esc.text;
        i = esc.next;
        escaped = true;
        continue;
      }
      buf += c;
      i++;
    }
    flush(Math.min(i, to));
    return parts;
  };

  return { value: conv(root, 0), problems, range };
}

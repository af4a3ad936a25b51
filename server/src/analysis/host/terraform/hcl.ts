/**
 * HCL expressions (tree-sitter nodes of the Terraform grammar) as HostValue trees.
 * Literals, tuples, objects and quoted templates become values; everything Terraform computes
 * (references, variables, locals, function calls, conditionals, for-expressions, operations,
 * interpolations and directives inside strings) becomes an unknown value or an unknown string part.
 */
import type { Node } from 'web-tree-sitter';
import { UNKNOWN, type HostArray, type HostObject, type HostProp, type HostString, type HostValue, type StringPart } from '../types';

/** Nesting depth beyond which a value is taken as unknown (a guard against pathological input). */
const MAX_DEPTH = 200;

/** The one meaningful child of an `expression` wrapper, or the node itself. */
export function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 64; i++) {
    const t = n.type;
    if (t === 'expression' || t === 'literal_value' || t === 'collection_value' || t === 'template_expr') {
      // fast path: one named child (a node per call is what costs here)
      const count = n.namedChildCount;
      if (count === 1) { n = n.namedChild(0) ?? n; continue; }
      const named = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      if (named.length !== 1) return n;
      // `(expr)` is its inner expression
      n = named[0];
      continue;
    }
    return n;
  }
  return n;
}

/** The callee name of a function call (`jsonencode`), else undefined. */
export function functionName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type !== 'function_call') return undefined;
  return n.namedChild(0)?.text;
}

/** The expressions passed to a function call. */
export function functionArgs(node: Node): Node[] {
  const n = unwrap(node);
  const args = n.namedChildren.find((c) => c?.type === 'function_arguments');
  return args ? args.namedChildren.filter((c): c is Node => c !== null && c.type === 'expression') : [];
}

/**
 * A traversal such as `aws_iam_role.lambda.name` or `data.aws_iam_policy_document.x.json` as its
 * dotted names (index steps are skipped), else undefined.
 */
export function traversal(node: Node): string[] | undefined {
  const n = node.type === 'expression' ? node : node.parent;
  if (!n || n.type !== 'expression') return undefined;
  const kids = n.namedChildren;
  if (kids.length === 0 || kids[0]?.type !== 'variable_expr') return undefined;
  const names: string[] = [kids[0].text];
  for (let i = 1; i < kids.length; i++) {
    const k = kids[i];
    if (!k) return undefined;
    if (k.type === 'get_attr') names.push(k.namedChild(0)?.text ?? '');
    else if (k.type === 'index' || k.type === 'splat') continue;
    else return undefined;
  }
  return names;
}

/** Every traversal inside a node (references in a template, a list, a function's arguments ...). */
export function traversalsIn(node: Node, out: string[][] = [], depth = 0): string[][] {
  if (depth > MAX_DEPTH) return out;
  if (node.type === 'expression') {
    const t = traversal(node);
    if (t) { out.push(t); return out; }
  }
  for (const c of node.namedChildren) if (c) traversalsIn(c, out, depth + 1);
  return out;
}

/** Whether a node or any descendant is a syntax error or a missing token. */
function broken(node: Node): boolean {
  return node.hasError || node.isMissing;
}

/**
 * Decodes literal template text `text[start, end)` into parts: runs without escapes are exact,
 * each escape is a part of its own (not exact). `quoted`: backslash escapes apply (quoted strings);
 * heredocs only know `$${` and `%%{`.
 */
export function literalParts(text: string, start: number, end: number, quoted: boolean, parts: StringPart[]): void {
  let run = start;
  const flush = (to: number) => {
    if (to > run) parts.push({ kind: 'text', text: text.slice(run, to), offset: run, length: to - run, exact: true });
  };
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 0x24 /* $ */ || c === 0x25 /* % */) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 0x7b && i + 2 < end) {
      flush(i);
      parts.push({ kind: 'text', text: text[i] + '{', offset: i, length: 3, exact: false });
      i += 3; run = i;
      continue;
    }
    if (quoted && c === 0x5c /* \ */ && i + 1 < end) {
      const e = text[i + 1];
      let decoded: string | undefined;
      let len = 2;
      if (e === 'n') decoded = '\n';
      else if (e === 'r') decoded = '\r';
      else if (e === 't') decoded = '\t';
      else if (e === '"') decoded = '"';
      else if (e === '\\') decoded = '\\';
      else if (e === 'u' || e === 'U') {
        const digits = e === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + digits);
        if (hex.length === digits && /^[0-9a-fA-F]+$/.test(hex) && i + 2 + digits <= end) {
          const cp = parseInt(hex, 16);
          if (cp <= 0x10ffff) { decoded = String.fromCodePoint(cp); len = 2 + digits; }
        }
      }
      if (decoded !== undefined) {
        flush(i);
        parts.push({ kind: 'text', text: decoded, offset: i, length: len, exact: false });
        i += len; run = i;
        continue;
      }
    }
    i++;
  }
  flush(end);
}

/** A quoted string or template (`"..."`) as a HostString; interpolations and directives are unknown parts. */
export function quotedString(text: string, node: Node): HostString {
  const parts: StringPart[] = [];
  if (node.type === 'string_lit') {
    // no interpolation in a string literal: its text lies between the quotes
    const s = node.startIndex, e = node.endIndex;
    if (e - s >= 2 && text.charCodeAt(s) === 0x22 && text.charCodeAt(e - 1) === 0x22) {
      literalParts(text, s + 1, e - 1, true, parts);
      return { type: 'string', offset: s, length: e - s, parts };
    }
  }
  const open = node.firstChild;
  const close = node.lastChild;
  const start = open && open.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
  const end = close && close.type === 'quoted_template_end' && close.startIndex >= start ? close.startIndex : node.endIndex;
  let pos = start;
  for (const c of node.children) {
    if (!c) continue;
    if (c.type === 'template_interpolation' || c.type === 'template_directive' || c.type === 'ERROR') {
      if (c.startIndex > pos) literalParts(text, pos, c.startIndex, true, parts);
      parts.push({ kind: 'unknown', offset: c.startIndex, length: c.endIndex - c.startIndex, source: c.text });
      pos = c.endIndex;
    }
  }
  if (end > pos) literalParts(text, pos, end, true, parts);
  return { type: 'string', offset: node.startIndex, length: node.endIndex - node.startIndex, parts };
}

function unknownOf(node: Node): HostValue {
  return { type: 'unknown', offset: node.startIndex, length: node.endIndex - node.startIndex, source: node.text };
}

/** The plain text of a string value when it has no unknown part, else undefined. */
export function stringText(v: HostValue | undefined): string | undefined {
  if (!v || v.type !== 'string') return undefined;
  let s = '';
  for (const p of v.parts) {
    if (p.kind !== 'text') return undefined;
    s += p.text;
  }
  return s;
}

/** The key of an object element: a bare identifier or a literal string; anything computed is UNKNOWN. */
function keyOf(text: string, keyNode: Node): { key: string; computed: boolean } {
  const k = unwrap(keyNode);
  if (k.type === 'variable_expr' && keyNode.namedChildCount === 1) return { key: k.text, computed: false };
  if (k.type === 'string_lit' || k.type === 'quoted_template') {
    const s = stringText(quotedString(text, k));
    if (s !== undefined) return { key: s, computed: false };
  }
  return { key: UNKNOWN, computed: true };
}

/** An HCL expression as a HostValue. */
export function toHostValue(text: string, node: Node, depth = 0): HostValue {
  if (depth > MAX_DEPTH) return unknownOf(node);
  const n = unwrap(node);
  switch (n.type) {
    case 'string_lit':
    case 'quoted_template':
      return quotedString(text, n);
    case 'numeric_lit': {
      const v = Number(n.text);
      return Number.isFinite(v) ? { type: 'number', offset: n.startIndex, length: n.endIndex - n.startIndex, value: v } : unknownOf(n);
    }
    case 'bool_lit':
      return { type: 'boolean', offset: n.startIndex, length: n.endIndex - n.startIndex, value: n.text === 'true' };
    case 'null_lit':
      return { type: 'null', offset: n.startIndex, length: n.endIndex - n.startIndex };
    case 'tuple': {
      const arr: HostArray = { type: 'array', offset: n.startIndex, length: n.endIndex - n.startIndex, items: [] };
      for (const c of n.namedChildren) {
        if (c && c.type === 'expression') arr.items.push(toHostValue(text, c, depth + 1));
      }
      return arr;
    }
    case 'object': {
      const obj: HostObject = { type: 'object', offset: n.startIndex, length: n.endIndex - n.startIndex, props: [] };
      for (const c of n.namedChildren) {
        if (!c || c.type !== 'object_elem') continue;
        let keyNode: Node | null, valNode: Node | null;
        if (c.namedChildCount === 2) { keyNode = c.namedChild(0); valNode = c.namedChild(1); }
        else { keyNode = c.childForFieldName('key'); valNode = c.childForFieldName('val'); }
        if (!keyNode || !valNode || keyNode.isMissing || valNode.isMissing) continue;
        const { key } = keyOf(text, keyNode);
        const prop: HostProp = {
          key,
          offset: c.startIndex, length: c.endIndex - c.startIndex,
          keyOffset: keyNode.startIndex, keyLength: keyNode.endIndex - keyNode.startIndex,
          value: broken(valNode) && unwrap(valNode).type !== 'object' && unwrap(valNode).type !== 'tuple'
            ? unknownOf(valNode) : toHostValue(text, valNode, depth + 1),
        };
        obj.props.push(prop);
      }
      return obj;
    }
    default:
      return unknownOf(n);
  }
}

/**
 * Writers of structural edits back into Terraform, in the author's style.
 * 'hcl-object': `jsonencode({...})` objects and tuples (separator `=` or `:`, quoted or bare keys,
 * commas, one entry per line or inline, indentation). 'hcl-policy-document': the statement blocks of
 * `data "aws_iam_policy_document"` (lists stay HCL lists, a statement is a `statement { }` block, a
 * Condition is `condition { test variable values }` blocks, a Principal is `principals { }` blocks).
 */
import type { Edit } from '../../types';
import type { HostArray, HostObject, HostProp, HostRange, HostValue, HostWriter, StructuralEdit } from '../types';
import type { BlocksMeta, DefaultMeta, PolicyDocumentMeta, StatementMeta, StatementsMeta, TestMeta } from './policyDocument';
import { lineIndent, STATEMENT_ATTRIBUTES } from './policyDocument';

/** The author's style of HCL objects. */
export interface HclStyle { sep: ' = ' | ': ' | ' : '; quoteKeys: boolean; commas: boolean; unit: string }

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL quoted string: JSON escapes plus `$${` and `%%{` so that nothing is interpolated. */
export function hclString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return undefined;
}

/** A JSON value as an HCL expression; `indent` is the indentation of the line it starts on. */
export function hclValue(v: unknown, indent: string, style: HclStyle): string | undefined {
  if (isScalar(v)) return scalar(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isScalar)) {
      const items = v.map(scalar);
      if (items.some((x) => x === undefined)) return undefined;
      const inline = `[${items.join(', ')}]`;
      if (inline.length + indent.length <= 100) return inline;
    }
    const inner = indent + style.unit;
    const items: string[] = [];
    for (const x of v) {
      const s = hclValue(x, inner, style);
      if (s === undefined) return undefined;
      items.push(inner + s);
    }
    return `[\n${items.join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const inner = indent + style.unit;
  const lines: string[] = [];
  for (const [k, x] of entries) {
    const s = hclValue(x, inner, style);
    if (s === undefined) return undefined;
    lines.push(`${inner}${hclKey(k, style)}${style.sep}${s}`);
  }
  return `{\n${lines.join(style.commas ? ',\n' : '\n')}${style.commas ? ',' : ''}\n${indent}}`;
}

function hclKey(k: string, style: HclStyle): string {
  return !style.quoteKeys && BARE_KEY.test(k) ? k : hclString(k);
}

/** The author's style, read from the objects of a policy value. */
export function styleOf(text: string, value: HostValue): HclStyle {
  const style: HclStyle = { sep: ' = ', quoteKeys: false, commas: false, unit: '  ' };
  let found = false;
  const visit = (v: HostValue, depth: number): void => {
    if (found || depth > 50) return;
    if (v.type === 'object' && v.props.length > 0) {
      const p = v.props[0];
      const between = text.slice(p.keyOffset + p.keyLength, p.value.offset);
      style.sep = between.trim() === ':' ? (between.startsWith(':') ? ': ' : ' : ') : ' = ';
      style.quoteKeys = text[p.keyOffset] === '"' && BARE_KEY.test(p.key);
      if (v.props.length > 1) style.commas = text.slice(p.offset + p.length, v.props[1].offset).includes(',');
      else style.commas = trailingComma(text, p.offset + p.length, v.offset + v.length) >= 0;
      const ind = lineIndent(text, p.offset);
      const outer = lineIndent(text, v.offset);
      if (ind.length > outer.length && ind.startsWith(outer) && text.lastIndexOf('\n', p.offset) > v.offset) style.unit = ind.slice(outer.length);
      found = true;
      return;
    }
    if (v.type === 'object') for (const p of v.props) visit(p.value, depth + 1);
    if (v.type === 'array') for (const x of v.items) visit(x, depth + 1);
  };
  visit(value, 0);
  return style;
}

/** Skips whitespace and comments from `pos`; returns the offset of the first other character. */
function skipTrivia(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) { const nl = text.indexOf('\n', i); i = nl < 0 ? end : nl + 1; continue; }
    if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? end : e + 2; continue; }
    break;
  }
  return i;
}

/** Offset of a comma right after `pos` (past whitespace and comments), else -1. */
function trailingComma(text: string, pos: number, end: number): number {
  const i = skipTrivia(text, pos, end);
  return text[i] === ',' ? i : -1;
}

/** Widens a deletion to whole lines when what it removes stands alone on its lines. */
function wholeLines(text: string, start: number, end: number): HostRange {
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if ((s === 0 || text[s - 1] === '\n') && (text[e] === '\n' || text[e] === '\r')) {
    if (text[e] === '\r') e++;
    if (text[e] === '\n') e++;
    return { offset: s, length: e - s };
  }
  return { offset: start, length: end - start };
}

/** Removes element `index` of a list of ranges (tuple items or object entries) inside `container`. */
function removeElement(text: string, elems: HostRange[], index: number, container: HostRange): Edit {
  const el = elems[index];
  const end = container.offset + container.length;
  if (index + 1 < elems.length) {
    const next = elems[index + 1];
    const lineStart = (at: number) => { let i = at; while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--; return i; };
    const s = lineStart(el.offset);
    const n = lineStart(next.offset);
    // one element per line: remove whole lines up to the next element's line
    if ((s === 0 || text[s - 1] === '\n') && (n === 0 || text[n - 1] === '\n')) return { offset: s, length: n - s, newText: '' };
    return { offset: el.offset, length: next.offset - el.offset, newText: '' };
  }
  if (index > 0) {
    const prev = elems[index - 1];
    return { offset: prev.offset + prev.length, length: el.offset + el.length - (prev.offset + prev.length), newText: '' };
  }
  const comma = trailingComma(text, el.offset + el.length, end);
  const r = wholeLines(text, el.offset, comma >= 0 ? comma + 1 : el.offset + el.length);
  return { offset: r.offset, length: r.length, newText: '' };
}

/** Inserts rendered elements before element `index` (or appends) in a list of ranges inside `container`. */
function insertElements(text: string, elems: HostRange[], index: number, container: HostRange, rendered: (indent: string) => string[] | undefined, commas: boolean, unit: string, emptyInline: boolean): Edit | undefined {
  const open = container.offset;
  const close = container.offset + container.length - 1;
  if (elems.length === 0) {
    const outer = lineIndent(text, open);
    if (emptyInline) {
      const r = rendered(outer);
      return r && { offset: open + 1, length: close - open - 1, newText: r.join(', ') };
    }
    const inner = outer + unit;
    const r = rendered(inner);
    return r && { offset: open + 1, length: close - open - 1, newText: `\n${r.map((x) => inner + x).join(commas ? ',\n' : '\n')}${commas ? ',' : ''}\n${outer}` };
  }
  const first = elems[0];
  const multiline = text.slice(open + 1, first.offset).includes('\n');
  const indent = multiline ? lineIndent(text, first.offset) : lineIndent(text, open);
  const r = rendered(indent);
  if (!r) return undefined;
  const sep = commas || !multiline ? ',' : '';
  if (index < elems.length) {
    const at = elems[index].offset;
    const glue = multiline ? `${sep}\n${indent}` : ', ';
    return { offset: at, length: 0, newText: r.join(glue) + glue };
  }
  const last = elems[elems.length - 1];
  const comma = trailingComma(text, last.offset + last.length, close);
  if (comma >= 0) {
    return multiline
      ? { offset: comma + 1, length: 0, newText: r.map((x) => `\n${indent}${x},`).join('') }
      : { offset: comma + 1, length: 0, newText: r.map((x) => ` ${x},`).join('') };
  }
  return multiline
    ? { offset: last.offset + last.length, length: 0, newText: r.map((x) => `${sep}\n${indent}${x}`).join('') }
    : { offset: last.offset + last.length, length: 0, newText: r.map((x) => `, ${x}`).join('') };
}

function sorted(edits: Edit[]): Edit[] | undefined {
  const out = [...edits].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < out.length; i++) {
    if (out[i].offset < out[i - 1].offset + out[i - 1].length) return undefined;
  }
  return out;
}

/** One edit of an HCL object or tuple written in HCL syntax. */
function hclEdit(text: string, c: StructuralEdit, style: HclStyle): Edit | undefined {
  switch (c.op) {
    case 'replace': {
      const s = hclValue(c.value, lineIndent(text, c.target.offset), style);
      return s === undefined ? undefined : { offset: c.target.offset, length: c.target.length, newText: s };
    }
    case 'remove-item':
      if (c.index < 0 || c.index >= c.array.items.length) return undefined;
      return removeElement(text, c.array.items, c.index, c.array);
    case 'insert-items':
      if (c.index < 0 || c.index > c.array.items.length) return undefined;
      return insertElements(text, c.array.items, c.index, c.array, (indent) => {
        const out: string[] = [];
        for (const v of c.values) { const s = hclValue(v, indent, style); if (s === undefined) return undefined; out.push(s); }
        return out;
      }, true, style.unit, c.values.every(isScalar));
    case 'remove-prop': {
      const i = c.object.props.indexOf(c.prop);
      if (i < 0) return undefined;
      return removeElement(text, c.object.props, i, c.object);
    }
    case 'insert-prop':
      if (c.index < 0 || c.index > c.object.props.length) return undefined;
      return insertElements(text, c.object.props, c.index, c.object, (indent) => {
        const s = hclValue(c.value, indent, style);
        return s === undefined ? undefined : [`${hclKey(c.key, style)}${style.sep}${s}`];
      }, style.commas, style.unit, false);
  }
}

/** The writer of a `jsonencode(...)` policy, in the style of its own objects. */
export function hclObjectWriter(policy: HostValue): HostWriter {
  return {
    write(text: string, changes: StructuralEdit[]): Edit[] | undefined {
      const style = styleOf(text, policy);
      const edits: Edit[] = [];
      for (const c of changes) {
        const e = hclEdit(text, c, style);
        if (!e) return undefined;
        edits.push(e);
      }
      return sorted(edits);
    },
  };
}

// ---- data "aws_iam_policy_document" ----

const ELEMENT_ATTRIBUTES: Record<string, string> = Object.fromEntries(Object.entries(STATEMENT_ATTRIBUTES).map(([a, e]) => [e, a]));
const LIST_STYLE: HclStyle = { sep: ' = ', quoteKeys: false, commas: true, unit: '  ' };

function pdMeta(v: { meta?: unknown } | undefined): PolicyDocumentMeta | undefined {
  const m = v?.meta as PolicyDocumentMeta | undefined;
  return m && typeof m === 'object' && 'pd' in m ? m : undefined;
}

function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? v : undefined;
  return typeof v === 'string' ? [v] : undefined;
}

/** `values` of a condition: strings (booleans and numbers as Terraform writes them). */
function conditionValues(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) {
    if (typeof x === 'string') out.push(x);
    else if (typeof x === 'number' || typeof x === 'boolean') out.push(String(x));
    else return undefined;
  }
  return out;
}

function list(values: unknown[], indent: string): string | undefined {
  return hclValue(values, indent, LIST_STYLE);
}

function principalBlocks(element: 'Principal' | 'NotPrincipal', v: unknown, indent: string, unit: string): string[] | undefined {
  const name = element === 'Principal' ? 'principals' : 'not_principals';
  const inner = indent + unit;
  const block = (type: string, ids: unknown[]) => {
    const l = list(ids, inner);
    return l && `${name} {\n${inner}type        = ${hclString(type)}\n${inner}identifiers = ${l}\n${indent}}`;
  };
  if (v === '*') { const b = block('*', ['*']); return b ? [b] : undefined; }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const [type, ids] of Object.entries(v as Record<string, unknown>)) {
    const l = asList(ids);
    const b = l && block(type, l);
    if (!b) return undefined;
    out.push(b);
  }
  return out;
}

function conditionBlock(test: string, variable: string, values: unknown, indent: string, unit: string): string | undefined {
  const inner = indent + unit;
  const vals = conditionValues(values);
  const l = vals && list(vals, inner);
  return l && `condition {\n${inner}test     = ${hclString(test)}\n${inner}variable = ${hclString(variable)}\n${inner}values   = ${l}\n${indent}}`;
}

function conditionBlocks(v: unknown, indent: string, unit: string): string[] | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const [test, vars] of Object.entries(v as Record<string, unknown>)) {
    if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return undefined;
    for (const [variable, values] of Object.entries(vars as Record<string, unknown>)) {
      const b = conditionBlock(test, variable, values, indent, unit);
      if (!b) return undefined;
      out.push(b);
    }
  }
  return out;
}

/** The body lines (attributes and blocks) of one statement element. */
function elementLines(key: string, v: unknown, indent: string, unit: string): string[] | undefined {
  const attr = ELEMENT_ATTRIBUTES[key];
  if (attr) {
    if (key === 'Sid' || key === 'Effect') return typeof v === 'string' ? [`${attr} = ${hclString(v)}`] : undefined;
    const l = asList(v);
    const s = l && list(l, indent);
    return s ? [`${attr} = ${s}`] : undefined;
  }
  if (key === 'Principal' || key === 'NotPrincipal') return principalBlocks(key, v, indent, unit);
  if (key === 'Condition') return conditionBlocks(v, indent, unit);
  return undefined;
}

function statementBlock(v: unknown, indent: string, unit: string): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const inner = indent + unit;
  const lines: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const l = elementLines(k, x, inner, unit);
    if (!l) return undefined;
    lines.push(...l.map((s) => inner + s));
  }
  return `statement {\n${lines.join('\n')}\n${indent}}`;
}

/** Inserts whole lines before a block's closing brace. */
function beforeClose(text: string, close: number, indent: string, bodyIndent: string, lines: string[]): Edit {
  let s = close;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s === 0 || text[s - 1] === '\n') return { offset: s, length: 0, newText: lines.map((l) => bodyIndent + l + '\n').join('') };
  return { offset: close, length: 0, newText: lines.map((l) => '\n' + bodyIndent + l).join('') + '\n' + indent };
}

function deleteBlocks(text: string, blocks: HostRange[]): Edit[] {
  return blocks.map((b) => { const r = wholeLines(text, b.offset, b.offset + b.length); return { offset: r.offset, length: r.length, newText: '' }; });
}

function unitOf(m: { indent: string; bodyIndent: string }): string {
  return m.bodyIndent.length > m.indent.length && m.bodyIndent.startsWith(m.indent) ? m.bodyIndent.slice(m.indent.length) : '  ';
}

function documentEdits(text: string, c: StructuralEdit): Edit[] | undefined {
  switch (c.op) {
    case 'replace': {
      const m = pdMeta(c.target);
      if (!m) {
        // A real HCL value: a string or a list (an element's single string is written as a list)
        if (c.target.type === 'array' && typeof c.value === 'string') {
          const s = list([c.value], lineIndent(text, c.target.offset));
          return s ? [{ offset: c.target.offset, length: c.target.length, newText: s }] : undefined;
        }
        const e = hclEdit(text, c, LIST_STYLE);
        return e && [e];
      }
      if (m.pd === 'default' && typeof c.value === 'string') {
        const d = m as DefaultMeta;
        if (d.statement) return [beforeClose(text, d.statement.close, d.statement.indent, d.statement.bodyIndent, [`${d.attribute} = ${hclString(c.value)}`])];
        return undefined;
      }
      if (m.pd === 'statement') {
        const s = statementBlock(c.value, m.indent, unitOf(m));
        return s ? [{ offset: m.block.offset, length: m.block.length, newText: s }] : undefined;
      }
      if (m.pd === 'blocks') {
        const st = m.statement;
        const lines = m.element === 'Condition' ? conditionBlocks(c.value, st.bodyIndent, unitOf(st)) : principalBlocks(m.element, c.value, st.bodyIndent, unitOf(st));
        if (!lines) return undefined;
        const [first, ...rest] = m.blocks;
        return [{ offset: first.offset, length: first.length, newText: lines.join('\n' + st.bodyIndent) }, ...deleteBlocks(text, rest)];
      }
      return undefined;
    }
    case 'remove-item': {
      const m = pdMeta(c.array);
      if (!m) { const e = hclEdit(text, c, LIST_STYLE); return e && [e]; }
      if (m.pd === 'statements') {
        const sm = pdMeta(c.array.items[c.index]);
        return sm && sm.pd === 'statement' ? deleteBlocks(text, [sm.block]) : undefined;
      }
      return undefined;
    }
    case 'insert-items': {
      const m = pdMeta(c.array);
      if (!m) { const e = hclEdit(text, c, LIST_STYLE); return e && [e]; }
      if (m.pd !== 'statements') return undefined;
      const sm = m as StatementsMeta;
      const unit = unitOf(sm);
      const blocks: string[] = [];
      for (const v of c.values) { const b = statementBlock(v, sm.bodyIndent, unit); if (!b) return undefined; blocks.push(b); }
      const next = c.array.items[c.index];
      const nm = pdMeta(next);
      if (nm && nm.pd === 'statement' && nm.block.offset > sm.block.offset && nm.block.offset < sm.block.offset + sm.block.length) {
        let s = nm.block.offset;
        while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
        return [{ offset: s, length: 0, newText: blocks.map((b) => sm.bodyIndent + b + '\n\n').join('') }];
      }
      let at = sm.close;
      while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
      if (at > 0 && text[at - 1] !== '\n') return undefined;
      return [{ offset: at, length: 0, newText: blocks.map((b) => `\n${sm.bodyIndent}${b}\n`).join('') }];
    }
    case 'remove-prop': {
      const m = pdMeta(c.object);
      const pm = pdMeta(c.prop);
      if (pm && (pm.pd === 'blocks' || pm.pd === 'test')) return deleteBlocks(text, pm.blocks);
      if (m && m.pd === 'statement') {
        if (pdMeta(c.prop.value)?.pd === 'default') return undefined;
        return deleteBlocks(text, [{ offset: c.prop.offset, length: c.prop.length }]);
      }
      if (m && m.pd === 'blocks' && m.element !== 'Condition') {
        // a principals block of one type
        return deleteBlocks(text, [{ offset: c.prop.offset, length: c.prop.length }]);
      }
      return undefined;
    }
    case 'insert-prop': {
      const m = pdMeta(c.object);
      if (!m) return undefined;
      if (m.pd === 'statement') {
        const lines = elementLines(c.key, c.value, m.bodyIndent, unitOf(m));
        return lines && [beforeClose(text, m.close, m.indent, m.bodyIndent, lines.map((l) => l.split('\n').map((x, i) => i === 0 ? x : x).join('\n')))];
      }
      if (m.pd === 'blocks') {
        const st = m.statement;
        const lines = m.element === 'Condition'
          ? conditionBlocks({ [c.key]: c.value }, st.bodyIndent, unitOf(st))
          : principalBlocks(m.element, { [c.key]: c.value }, st.bodyIndent, unitOf(st));
        return lines && [beforeClose(text, st.close, st.indent, st.bodyIndent, lines)];
      }
      if (m.pd === 'test') {
        const st = (m as TestMeta).statement;
        const b = conditionBlock(m.test, c.key, c.value, st.bodyIndent, unitOf(st));
        return b ? [beforeClose(text, st.close, st.indent, st.bodyIndent, [b])] : undefined;
      }
      return undefined;
    }
  }
}

/** The writer of `data "aws_iam_policy_document"` policies. */
export const policyDocumentWriter: HostWriter = {
  write(text: string, changes: StructuralEdit[]): Edit[] | undefined {
    const edits: Edit[] = [];
    for (const c of changes) {
      const e = documentEdits(text, c);
      if (!e) return undefined;
      edits.push(...e);
    }
    return sorted(edits);
  },
};

export type { HostArray, HostObject, HostProp, StatementMeta, BlocksMeta };

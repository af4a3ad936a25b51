/**
 * Edits that keep the document's own style: its indentation unit, line endings, and whether a list
 * is written on one line or one entry per line. Every fix in the core is built from these helpers.
 */
import type { Node } from './json';
import type { Edit } from './types';

export interface Style { indent: string; eol: string }

/** The indentation unit and line ending the document uses (defaults: two spaces, \n). */
export function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  let indent = '  ';
  if (m) indent = m[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 8));
  return { indent, eol };
}

/** The whitespace that starts the line containing `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start, start + 200));
  return m ? m[0] : '';
}

function isMultiline(text: string, node: Node): boolean {
  return text.slice(node.offset, node.offset + node.length).includes('\n');
}

export function replaceNode(node: Node, newText: string): Edit {
  return { offset: node.offset, length: node.length, newText };
}

/** `value` as JSON laid out in the document's style, its first line at the caret and later lines at `baseIndent`. */
export function formatValue(value: unknown, style: Style, baseIndent: string): string {
  return JSON.stringify(value, null, style.indent).split('\n').join(style.eol + baseIndent);
}

/** Removes `item` (a child of the array or object `parent`) with its separating comma. */
export function removeChild(text: string, parent: Node, item: Node): Edit[] {
  const kids = parent.children ?? [];
  const i = kids.indexOf(item);
  if (i < 0) return [];
  if (kids.length === 1) {
    // Keep the container; drop everything inside it.
    return [{ offset: parent.offset + 1, length: parent.length - 2, newText: '' }];
  }
  if (i < kids.length - 1) {
    const next = kids[i + 1];
    return [{ offset: item.offset, length: next.offset - item.offset, newText: '' }];
  }
  const prev = kids[i - 1];
  const from = prev.offset + prev.length;
  return [{ offset: from, length: item.offset + item.length - from, newText: '' }];
}

/** Appends string values to an Action/Resource value that is a string or an array of strings. */
export function appendStrings(text: string, value: Node, values: string[]): Edit[] {
  if (values.length === 0) return [];
  const style = detectStyle(text);
  const quoted = values.map((v) => JSON.stringify(v));
  if (value.type === 'string') {
    return [replaceNode(value, listText(text, style, value, [JSON.stringify(value.value), ...quoted]))];
  }
  if (value.type !== 'array') return [replaceNode(value, listText(text, style, value, quoted))];
  const kids = value.children ?? [];
  if (kids.length === 0) return [replaceNode(value, listText(text, style, value, quoted))];
  const last = kids[kids.length - 1];
  const end = last.offset + last.length;
  if (isMultiline(text, value)) {
    const ind = lineIndent(text, last.offset);
    return [{ offset: end, length: 0, newText: quoted.map((q) => ',' + style.eol + ind + q).join('') }];
  }
  return [{ offset: end, length: 0, newText: quoted.map((q) => ', ' + q).join('') }];
}

/** Replaces one string entry (the whole value, or one array item) by several strings; [] removes it. */
export function replaceString(text: string, value: Node, item: Node, values: string[]): Edit[] {
  const style = detectStyle(text);
  const quoted = values.map((v) => JSON.stringify(v));
  if (value === item) {
    if (quoted.length === 1) return [replaceNode(item, quoted[0])];
    return [replaceNode(item, listText(text, style, value, quoted))];
  }
  if (quoted.length === 0) return removeChild(text, value, item);
  const sep = isMultiline(text, value) ? ',' + style.eol + lineIndent(text, item.offset) : ', ';
  return [replaceNode(item, quoted.join(sep))];
}

/** A JSON array of already-quoted entries, inline when short, else one entry per line. */
function listText(text: string, style: Style, at: Node, quoted: string[]): string {
  const inline = '[' + quoted.join(', ') + ']';
  const ind = lineIndent(text, at.offset);
  const col = at.offset - (text.lastIndexOf('\n', at.offset - 1) + 1);
  if (col + inline.length <= 100 && quoted.length <= 3) return inline;
  return '[' + style.eol + quoted.map((q) => ind + style.indent + q).join(',' + style.eol) + style.eol + ind + ']';
}

/** Inserts `"key": valueText` into an object at child position `index` (default: at the end). */
export function insertProperty(text: string, obj: Node, key: string, valueText: string, index?: number): Edit[] {
  const style = detectStyle(text);
  const kids = obj.children ?? [];
  const entry = JSON.stringify(key) + ': ' + valueText;
  if (kids.length === 0) {
    return [{ offset: obj.offset + 1, length: obj.length - 2, newText: ' ' + entry + ' ' }];
  }
  const at = index === undefined ? kids.length : Math.max(0, Math.min(index, kids.length));
  const multiline = isMultiline(text, obj);
  if (at < kids.length) {
    const next = kids[at];
    const sep = multiline ? ',' + style.eol + lineIndent(text, next.offset) : ', ';
    return [{ offset: next.offset, length: 0, newText: entry + sep }];
  }
  const last = kids[kids.length - 1];
  const sep = multiline ? ',' + style.eol + lineIndent(text, last.offset) : ', ';
  return [{ offset: last.offset + last.length, length: 0, newText: sep + entry }];
}

/** Inserts `"key": value`, laying out an object value across lines when the object is multi-line. */
export function insertValue(text: string, obj: Node, key: string, value: unknown, index?: number): Edit[] {
  const kids = obj.children ?? [];
  const style = detectStyle(text);
  const ind = kids.length ? lineIndent(text, kids[kids.length - 1].offset) : lineIndent(text, obj.offset) + style.indent;
  const valueText = isMultiline(text, obj) ? formatValue(value, style, ind) : JSON.stringify(value);
  return insertProperty(text, obj, key, valueText, index);
}

/** Appends a statement object to the Statement array (or turns a single statement into an array). */
export function appendStatement(text: string, statementValue: Node, statement: unknown): Edit[] {
  const style = detectStyle(text);
  if (statementValue.type === 'array') {
    const kids = statementValue.children ?? [];
    if (kids.length === 0) {
      const ind = lineIndent(text, statementValue.offset);
      return [replaceNode(statementValue, '[' + style.eol + ind + style.indent + formatValue(statement, style, ind + style.indent) + style.eol + ind + ']')];
    }
    const last = kids[kids.length - 1];
    const ind = lineIndent(text, last.offset);
    const sep = isMultiline(text, statementValue) ? ',' + style.eol + ind : ', ';
    return [{ offset: last.offset + last.length, length: 0, newText: sep + formatValue(statement, style, ind) }];
  }
  // A single statement object: wrap it and the new one in an array.
  const ind = lineIndent(text, statementValue.offset);
  const inner = ind + style.indent;
  const existing = text.slice(statementValue.offset, statementValue.offset + statementValue.length)
    .split(/\r?\n/).join(style.eol + style.indent);
  return [replaceNode(statementValue, '[' + style.eol + inner + existing + ',' + style.eol + inner + formatValue(statement, style, inner) + style.eol + ind + ']')];
}

/** Applies non-overlapping edits to `text` (last first). */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/**
 * Offsets inside JSON string literals. A string node's value is the decoded text; its range in the
 * document covers the quotes and any escapes. These helpers map a position in the decoded value
 * back to a document offset, so findings can point at a part of a string (a `${...}` variable).
 */
import type { Node } from '../json';

/** The document offset of the decoded character `index` of the string node `node` (index may equal the length). */
export function stringOffset(text: string, node: Node, index: number): number {
  const value = typeof node.value === 'string' ? node.value : '';
  const start = node.offset + 1;
  // No escapes: the raw text between the quotes is the value itself.
  if (node.length === value.length + 2) return start + Math.max(0, Math.min(index, value.length));
  let raw = start;
  const end = node.offset + node.length - 1;
  for (let i = 0; i < index && raw < end; i++) {
    if (text.charCodeAt(raw) === 0x5c /* \ */) raw += text.charCodeAt(raw + 1) === 0x75 /* u */ ? 6 : 2;
    else raw += 1;
  }
  return Math.min(raw, end);
}

/** The document range of the decoded substring [from, to) of a string node. */
export function stringRange(text: string, node: Node, from: number, to: number): { offset: number; length: number } {
  const offset = stringOffset(text, node, from);
  return { offset, length: Math.max(1, stringOffset(text, node, to) - offset) };
}

/** What the single-character JSON escapes (`\n`, `\"`, …) stand for. */
export const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The text of the JSON escape starting at `s[i]` (a backslash) and the index after it; lenient on a malformed one. */
export function jsonEscapeAt(s: string, i: number): { text: string; next: number } {
  const e = s[i + 1];
  if (e === 'u') return { text: String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16) || 0), next: i + 6 };
  return { text: JSON_ESCAPES[e] ?? e ?? '', next: i + 2 };
}

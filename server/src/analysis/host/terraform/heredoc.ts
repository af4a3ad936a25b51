/**
 * Heredocs (`<<EOF`, `<<-EOT`) holding JSON: the body region goes to the JSON template reader, which
 * reads `${...}` interpolations and `%{...}` directives as unknown values and `$${` as a literal `${`.
 * Offsets stay host offsets: `<<-` only strips indentation, which JSON ignores between tokens.
 */
import type { Node } from 'web-tree-sitter';
import type { HostRange, HostValue } from '../types';

/** Reads JSON with template syntax in `text[start, end)`; values carry host offsets. */
export type JsonTemplateReader = (text: string, start: number, end: number) => HostValue | undefined;

/** The body of a heredoc: from the line after `<<EOF` to the start of the closing marker's line. */
export function heredocBody(text: string, node: Node): HostRange | undefined {
  const ids = node.namedChildren.filter((c): c is Node => c !== null && c.type === 'heredoc_identifier');
  if (ids.length < 2) return undefined;
  const open = ids[0], close = ids[ids.length - 1];
  const nl = text.indexOf('\n', open.endIndex);
  if (nl < 0 || nl >= close.startIndex) return undefined;
  const start = nl + 1;
  let end = close.startIndex;
  while (end > start && text[end - 1] !== '\n') end--;
  return { offset: start, length: end - start };
}

export function readHeredoc(text: string, node: Node, reader: JsonTemplateReader | undefined): { value: HostValue; range: HostRange } | undefined {
  if (!reader) return undefined;
  const body = heredocBody(text, node);
  if (!body) return undefined;
  const value = reader(text, body.offset, body.offset + body.length);
  return value ? { value, range: body } : undefined;
}

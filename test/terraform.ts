/**
 * Test support for the Terraform reader: loads web-tree-sitter and the Terraform grammar from
 * node_modules (as the edges do from their bundle), and turns HostValue trees into the plain JSON a
 * projection gives (unknown values and parts as UNKNOWN).
 */
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Edit } from '../server/src/analysis/types';
import { UNKNOWN, type HostValue } from '../server/src/analysis/host/types';

const ROOT = path.join(__dirname, '..');
let loading: Promise<Parser> | undefined;

/** A parser with the Terraform language set (loaded once per process). */
export function terraformParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}

/** The plain JSON value of a HostValue, as the projection sees it. */
export function plain(v: HostValue): unknown {
  switch (v.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of v.props) o[p.key] = plain(p.value);
      return o;
    }
    case 'array': return v.items.map(plain);
    case 'string': return v.parts.map((p) => p.kind === 'text' ? p.text : UNKNOWN).join('');
    case 'number': case 'boolean': return v.value;
    case 'null': return null;
    case 'unknown': return UNKNOWN;
  }
}

/** Applies non-overlapping edits. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/**
 * Test support for the Terraform reader: loads web-tree-sitter and the Terraform grammar from
 * node_modules (as the edges do from their bundle), and turns HostValue trees into the plain JSON a
 * projection gives (unknown values and parts as UNKNOWN).
 */
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
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

/** The plain JSON value of a HostValue, as the projection sees it; edits applied as the core applies them. */
export { plain } from '../server/src/analysis/host/editmap';
export { applyEdits } from '../server/src/analysis/edits';

/**
 * What every read must satisfy, whatever the input: no HCL problem reported, every range inside the
 * text and inside its parent, exact text parts and unknown sources equal to the host text.
 */
export function checkRead(text: string, r: { policies: { locator: string; value: HostValue; range: { offset: number; length: number } }[]; problems: unknown[] }): void {
  if (r.problems.length) throw new Error(`problems reported: ${JSON.stringify(r.problems)}`);
  const within = (o: number, l: number, what: string) => {
    if (!(o >= 0 && l >= 0 && o + l <= text.length)) throw new Error(`${what}: range ${o}+${l} outside the text (${text.length})`);
  };
  const visit = (v: HostValue, depth: number): void => {
    if (depth > 500) throw new Error('too deep');
    within(v.offset, v.length, v.type);
    if (v.type === 'string') {
      for (const p of v.parts) {
        within(p.offset, p.length, 'part');
        if (p.kind === 'text' && p.exact && text.slice(p.offset, p.offset + p.length) !== p.text) throw new Error(`exact part ${JSON.stringify(p.text)} is not the host text`);
        if (p.kind === 'unknown' && text.slice(p.offset, p.offset + p.length) !== p.source) throw new Error('unknown part source is not the host text');
      }
    } else if (v.type === 'array') v.items.forEach((x) => visit(x, depth + 1));
    else if (v.type === 'object') for (const p of v.props) { within(p.offset, p.length, 'prop'); within(p.keyOffset, p.keyLength, 'key'); visit(p.value, depth + 1); }
    else if (v.type === 'unknown' && text.slice(v.offset, v.offset + v.length) !== v.source) throw new Error('unknown source is not the host text');
  };
  for (const p of r.policies) { within(p.range.offset, p.range.length, p.locator); visit(p.value, 0); }
}

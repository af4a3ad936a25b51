// Check: missing-statement
// Fires when a document analysed as a policy has no Statement element; when statement elements
// (Effect, Action, ...) sit at the top level instead, the fix moves them into a Statement.
import { closest } from '../catalog';
import type { Check } from '../check';
import { detectStyle, lineIndent, replaceNode } from '../edits';
import { Prop, STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../policy';
import type { Fix } from '../types';

const IN_STATEMENT = new Set<string>(STATEMENT_ELEMENTS);
const AT_TOP = new Set<string>(TOP_ELEMENTS);

export const check: Check = {
  id: 'missing-statement',
  description: 'The policy has no Statement element; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }',
  run(ctx) {
    const p = ctx.policy;
    if (!p || p.statementProp) return;
    // "statement" or "Statment": unknown-element offers the rename, which also resolves this.
    if (p.props.some((x) => !AT_TOP.has(x.key) && closest(x.key, TOP_ELEMENTS, 1)[0] === 'Statement')) return;
    const loose = p.props.filter((x) => IN_STATEMENT.has(x.key));
    const fixes: Fix[] = [];
    if (loose.length > 0) {
      fixes.push({ title: 'Move the statement elements into a Statement', edits: [replaceNode(p.root, wrapped(ctx.text, p.root.offset, p.props))], isPreferred: true });
    }
    ctx.report({
      offset: p.root.offset,
      length: 1,
      message: loose.length > 0
        ? `The policy has no Statement: ${loose.map((x) => x.key).join(', ')} must be inside a statement, in "Statement": [{ ... }]. AWS rejects the policy as it is.`
        : 'The policy has no Statement: add "Statement": [{ "Effect": ..., "Action": ..., "Resource": ... }]. AWS rejects a policy without statements.',
      fixes,
    });
  },
};

/** The policy object rebuilt with its statement elements moved into "Statement": [{...}] (last). */
function wrapped(text: string, rootOffset: number, props: Prop[]): string {
  const { indent, eol } = detectStyle(text);
  const base = lineIndent(text, rootOffset);
  const i1 = base + indent;
  const i2 = i1 + indent;
  const i3 = i2 + indent;
  const raw = (x: Prop, to: string) => {
    const from = lineIndent(text, x.node.offset);
    return text.slice(x.node.offset, x.node.offset + x.node.length).split(/\r?\n/)
      .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line)).join(eol);
  };
  const moved = props.filter((x) => IN_STATEMENT.has(x.key));
  const kept = props.filter((x) => !IN_STATEMENT.has(x.key));
  const statement = `"Statement": [${eol}${i2}{${eol}${moved.map((x) => i3 + raw(x, i3)).join(',' + eol)}${eol}${i2}}${eol}${i1}]`;
  return `{${eol}${[...kept.map((x) => i1 + raw(x, i1)), i1 + statement].join(',' + eol)}${eol}${base}}`;
}

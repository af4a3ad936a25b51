// Check: misplaced-element
// Fires on a policy element that exists but not where it is written: a statement element (Effect,
// Action, ...) at the top level next to Statement; Version, Id or Statement inside a statement;
// Principal/NotPrincipal in an identity policy; Resource/NotResource in a role trust policy.
import type { Check, CheckContext } from '../check';
import { detectStyle, insertProperty, lineIndent, removeChild } from '../edits';
import { getNodeValue } from 'jsonc-parser';
import { Prop, Statement, STATEMENT_ELEMENTS } from '../policy';
import type { Edit, Fix } from '../types';

const IN_STATEMENT = new Set<string>(STATEMENT_ELEMENTS);

export const check: Check = {
  id: 'misplaced-element',
  description: 'A policy element is in the wrong place or the wrong kind of policy (e.g. Principal in an identity policy, Resource in a trust policy).',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*" } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const objects = p.statements.filter((s) => s.isObject);

    // Statement elements at the top level. Without any Statement, missing-statement reports them (and wraps them).
    if (p.statementProp) {
      for (const prop of p.props) {
        if (!IN_STATEMENT.has(prop.key)) continue;
        const fixes: Fix[] = [];
        if (objects.length === 1 && !objects[0].get(prop.key) && prop.value) {
          fixes.push({ title: `Move ${prop.key} into the statement`, edits: move(ctx, prop, objects[0].node.offset, (text, raw) => insertProperty(text, objects[0].node, prop.key, raw)), isPreferred: true });
        }
        fixes.push({ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, p.root, prop.node) });
        ctx.report({
          node: prop.keyNode,
          message: `${prop.key} is a statement element: it has no effect at the top level of the policy, and AWS rejects the policy. Move it into the statement it belongs to.`,
          fixes,
        });
      }
    }

    for (const s of objects) {
      for (const prop of s.props) {
        if (prop.key === 'Version' || prop.key === 'Id') topElementInStatement(ctx, s, prop);
        else if (prop.key === 'Statement') {
          ctx.report({
            node: prop.keyNode,
            message: `Statement ${s.index + 1} contains a Statement: statements cannot be nested, and AWS rejects the policy. Move the inner statements into the top-level Statement array.`,
          });
        } else if (ctx.kind === 'identity' && (prop.key === 'Principal' || prop.key === 'NotPrincipal')) {
          ctx.report({
            node: prop.keyNode,
            message: `An identity policy cannot have ${prop.key}: it applies to the user, group or role it is attached to, and AWS rejects it. Remove ${prop.key}, or analyse this document as a key policy or trust policy if that is what it is.`,
            fixes: [{ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, s.node, prop.node) }],
          });
        } else if (ctx.kind === 'trust' && (prop.key === 'Resource' || prop.key === 'NotResource')) {
          ctx.report({
            node: prop.keyNode,
            message: `A role trust policy cannot have ${prop.key}: the resource is the role itself, and IAM rejects the policy. Remove ${prop.key}.`,
            // The element has no meaning in a trust policy, so removing it cannot change access.
            fixes: [{ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, s.node, prop.node), isPreferred: true, safe: true }],
          });
        }
      }
    }
  },
};

function topElementInStatement(ctx: CheckContext, s: Statement, prop: Prop): void {
  const p = ctx.policy!;
  const top = p.props.find((x) => x.key === prop.key);
  const fixes: Fix[] = [];
  let advice: string;
  if (!top && prop.value) {
    advice = `Move it to the top level of the policy.`;
    fixes.push({ title: `Move ${prop.key} to the top of the policy`, edits: move(ctx, prop, p.root.offset, (text, raw) => insertProperty(text, p.root, prop.key, raw, 0)), isPreferred: true });
    fixes.push({ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, s.node, prop.node) });
  } else if (top && top.value && prop.value && JSON.stringify(getNodeValue(top.value)) === JSON.stringify(getNodeValue(prop.value))) {
    advice = 'The policy already has the same value at the top level: remove this one.';
    fixes.push({ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, s.node, prop.node), isPreferred: true, safe: true });
  } else {
    advice = `The policy's ${prop.key} belongs at the top level: remove this one.`;
    fixes.push({ title: `Remove ${prop.key}`, edits: removeChild(ctx.text, s.node, prop.node) });
  }
  ctx.report({
    node: prop.keyNode,
    message: `${prop.key} belongs at the top level of the policy, not in statement ${s.index + 1}: AWS rejects the policy. ${advice}`,
    fixes,
  });
}

/** Removes `prop` from where it is and inserts its value elsewhere (via `insert`), re-indented for the target. */
function move(ctx: CheckContext, prop: Prop, targetOffset: number, insert: (text: string, raw: string) => Edit[]): Edit[] {
  const v = prop.value!;
  const { indent, eol } = detectStyle(ctx.text);
  const from = lineIndent(ctx.text, prop.node.offset);
  const to = lineIndent(ctx.text, targetOffset) + indent;
  const raw = ctx.text.slice(v.offset, v.offset + v.length).split(/\r?\n/)
    .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line)).join(eol);
  return [...removeChild(ctx.text, prop.node.parent!, prop.node), ...insert(ctx.text, raw)];
}

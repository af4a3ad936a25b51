// Check: empty-statement
// Fires on "Statement": [] and on a statement that is an empty object {}: AWS rejects both (a policy
// needs at least one statement, and a statement needs Effect, Action and, mostly, Resource).
import type { Check } from '../check';
import { removeChild } from '../edits';

export const check: Check = {
  id: 'empty-statement',
  description: 'Statement is an empty array, or a statement is an empty object; AWS rejects the policy.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [] }',
  run(ctx) {
    const p = ctx.policy;
    const v = p?.statementProp?.value;
    if (!p || !v) return;
    if (v.type === 'array' && (v.children ?? []).length === 0) {
      ctx.report({
        node: v,
        message: 'Statement is empty: a policy needs at least one statement, or AWS rejects it. Add one, e.g. { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }.',
      });
      return;
    }
    const others = p.statements.filter((s) => !(s.isObject && s.props.length === 0));
    for (const s of p.statements) {
      if (!s.isObject || s.props.length > 0) continue;
      const needs = ctx.kind === 'identity' ? 'Effect, Action and Resource' : ctx.kind === 'trust' ? 'Effect, Principal and Action' : 'Effect, Principal, Action and Resource';
      ctx.report({
        node: s.node,
        message: `Statement ${s.index + 1} is empty: AWS rejects a statement without ${needs}. Fill it in or remove it.`,
        // Removing it cannot grant anything; it is offered only when other statements remain.
        fixes: v.type === 'array' && others.length > 0
          ? [{ title: 'Remove the empty statement', edits: removeChild(ctx.text, v, s.node) }]
          : undefined,
      });
    }
  },
};

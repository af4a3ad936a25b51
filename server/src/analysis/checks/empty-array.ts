// Check: empty-array
// Fires on an element that lists nothing: Action, NotAction, Resource or NotResource as [], a Principal
// as {} or with a type of [] (the statement then has no effect), and a condition key with [] as its
// values (what that means depends on the operator). IAM Access Analyzer reports these as "Empty array".
import type { Check, CheckContext } from '../check';
import { removeChild } from '../edits';
import type { Node } from '../json';
import { Statement, toProps } from '../policy';
import type { Fix } from '../types';

export const check: Check = {
  id: 'empty-array',
  description: 'An element lists nothing ([] or an empty Principal), so the statement has no effect or the condition does not do what it seems.',
  defaultSeverity: 'warning',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [], "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      for (const prop of s.props) {
        const v = prop.value;
        if (!v) continue;
        const empty = (v.type === 'array' || v.type === 'object') && (v.children ?? []).length === 0;
        switch (prop.key) {
          case 'Action': case 'NotAction': case 'Resource': case 'NotResource':
            // In a trust policy Resource itself is misplaced-element's.
            if (empty && v.type === 'array' && !(ctx.kind === 'trust' && prop.key.endsWith('Resource'))) {
              const what = prop.key.endsWith('Action') ? 'actions' : 'resources';
              ctx.report({ node: v, message: `${prop.key} is empty: statement ${s.index + 1} names no ${what}, so it has no effect. List the ${what} it should ${s.isDeny ? 'deny' : 'allow'}, or remove the statement.`, fixes: removeStatement(ctx, s) });
            }
            break;
          case 'Principal': case 'NotPrincipal':
            if (ctx.kind === 'identity') break; // misplaced-element
            if (empty && v.type === 'object') {
              ctx.report({ node: v, message: `${prop.key} is empty: statement ${s.index + 1} names no principal, so it has no effect. Name the principals, e.g. { "AWS": "arn:aws:iam::111122223333:role/KeyUser" }, or remove the statement.`, fixes: removeStatement(ctx, s) });
            } else if (v.type === 'object') {
              for (const t of toProps(v)) {
                if (t.value?.type === 'array' && (t.value.children ?? []).length === 0) {
                  ctx.report({ node: t.value, message: `${prop.key} "${t.key}" is empty: it names no principal. List the principals, or remove "${t.key}".` });
                }
              }
            }
            break;
          case 'Condition':
            if (v.type !== 'object') break;
            for (const op of toProps(v)) {
              if (op.value?.type !== 'object') continue;
              for (const key of toProps(op.value)) {
                if (key.value?.type === 'array' && (key.value.children ?? []).length === 0) conditionKey(ctx, op.key, key.key, key.value);
              }
            }
            break;
        }
      }
    }
  },
};

/** Removing a statement that has no effect cannot change access; offered when other statements remain. */
function removeStatement(ctx: CheckContext, s: Statement): Fix[] | undefined {
  const list = ctx.policy?.statementProp?.value;
  if (!list || list.type !== 'array' || (list.children ?? []).length < 2) return undefined;
  return [{ title: `Remove statement ${s.index + 1}`, edits: removeChild(ctx.text, list, s.node) }];
}

function conditionKey(ctx: CheckContext, operator: string, key: string, node: Node): void {
  let meaning: string;
  if (operator === 'Null') {
    meaning = 'the Null operator takes "true" (the key is absent) or "false" (the key is present).';
  } else if (operator.startsWith('ForAnyValue:')) {
    meaning = 'with ForAnyValue it never matches, so the statement has no effect. List the values, or remove the key.';
  } else if (operator.startsWith('ForAllValues:')) {
    meaning = 'with ForAllValues it matches only when the request has no values for the key. To test that the key is absent, use "Null": { "' + key + '": "true" } instead.';
  } else if (operator.endsWith('IfExists')) {
    meaning = 'with ...IfExists it matches only when the key is absent from the request. To test that, use "Null": { "' + key + '": "true" } instead.';
  } else if (/Not/.test(operator)) {
    meaning = `with the negated operator ${operator} it matches every request that has the key, so the key restricts nothing. List the values, or remove the key.`;
  } else {
    meaning = 'nothing can equal an empty list, so the condition never matches and the statement has no effect. List the values, or remove the key.';
  }
  ctx.report({ node, message: `Condition key "${key}" has no values: ${meaning}` });
}

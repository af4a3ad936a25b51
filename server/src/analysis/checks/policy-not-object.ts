// Check: policy-not-object
// Fires when a document that must be a policy (a file mapped to a principal class or the policy globs,
// or explicit CLI input) is an array, a string, a number, true, false or null instead of a JSON object.
import type { Check, CheckContext } from '../check';
import { detectStyle, lineIndent, replaceNode } from '../edits';
import { keyOf, Node, parseJson, properties, typeName } from '../json';
import type { Fix } from '../types';

const STATEMENT_KEYS = new Set(['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal']);

export const check: Check = {
  id: 'policy-not-object',
  description: 'The document is not a JSON object: a policy is an object with Version and Statement.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '[ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] } ]',
  run(ctx) {
    // The analyzer builds ctx.policy for every object; without one, the top-level value is something
    // else (or the document is empty, which json-syntax reports). Re-parsing is cheap and only happens here.
    if (ctx.policy) return;
    const root = parseJson(ctx.text).root;
    if (!root || root.type === 'object') return;
    const kids = root.children ?? [];
    const hasStatement = (n: Node) => properties(n).some((p) => keyOf(p) === 'Statement');
    const looksLikeStatement = (n: Node) => n.type === 'object' && properties(n).some((p) => STATEMENT_KEYS.has(keyOf(p)));
    let hint = '';
    let fixes: Fix[] = [];
    if (root.type === 'array' && kids.length === 1 && kids[0].type === 'object' && hasStatement(kids[0])) {
      hint = ' The policy is wrapped in an array: remove the brackets around it.';
      fixes = [{ title: 'Remove the array around the policy', edits: [replaceNode(root, unwrap(ctx, kids[0], root))], isPreferred: true }];
    } else if (root.type === 'array' && kids.length > 0 && kids.every(looksLikeStatement)) {
      hint = ' This looks like a list of statements: put it in the Statement element of a policy object.';
      fixes = [{ title: 'Wrap the statements in a policy document', edits: [replaceNode(root, wrap(ctx, root))], isPreferred: true }];
    } else if (root.type === 'string') {
      const inner = parseJson(String(root.value)).root;
      if (inner && inner.type === 'object' && hasStatement(inner)) {
        hint = ' It is a policy encoded as a JSON string (as in an API response or a template): decode it.';
        fixes = [{ title: 'Decode the JSON string into the policy', edits: [replaceNode(root, String(root.value))], isPreferred: true }];
      }
    }
    ctx.report({
      node: root,
      message: `A policy document must be a JSON object such as {"Version": "2012-10-17", "Statement": [...]}, not ${typeName(root)}: AWS rejects it.${hint}`,
      fixes,
    });
  },
};

/** The text of `node`, its later lines moved from its own indentation to `to`. */
function reindented(ctx: CheckContext, node: Node, to: string): string {
  const from = lineIndent(ctx.text, node.offset);
  const eol = detectStyle(ctx.text).eol;
  return ctx.text.slice(node.offset, node.offset + node.length).split(/\r?\n/)
    .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line)).join(eol);
}

function unwrap(ctx: CheckContext, policy: Node, root: Node): string {
  return reindented(ctx, policy, lineIndent(ctx.text, root.offset));
}

function wrap(ctx: CheckContext, root: Node): string {
  const { indent, eol } = detectStyle(ctx.text);
  const base = lineIndent(ctx.text, root.offset);
  return `{${eol}${base}${indent}"Version": "2012-10-17",${eol}${base}${indent}"Statement": ${reindented(ctx, root, base + indent)}${eol}${base}}`;
}

// Check: unknown-element
// Fires on a key that is no IAM policy element, at the top level (Version, Id, Statement) or in a
// statement (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition).
// Element names are case-sensitive; a known element in the wrong place is misplaced-element's.
import { closest } from '../catalog';
import type { Check } from '../check';
import { removeChild, replaceNode } from '../edits';
import { Prop, STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../policy';
import type { Fix } from '../types';

const KNOWN = new Set<string>([...TOP_ELEMENTS, ...STATEMENT_ELEMENTS]);

export const check: Check = {
  id: 'unknown-element',
  description: 'A key that is not an IAM policy element (element names are case-sensitive, e.g. "effect" or "Actions").',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Actions": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const inspect = (props: Prop[], names: readonly string[], others: readonly string[], where: string, list: string) => {
      for (const prop of props) {
        if (KNOWN.has(prop.key)) continue;
        const guess = closest(prop.key, names, 1)[0];
        const fixes: Fix[] = [];
        let advice: string;
        if (guess) {
          const caseOnly = guess.toLowerCase() === prop.key.toLowerCase();
          if (props.some((q) => q.key === guess)) {
            advice = ` Did you mean "${guess}"? ${where} already has "${guess}": remove this one.`;
          } else {
            advice = caseOnly ? ` Element names are case-sensitive: write "${guess}".` : ` Did you mean "${guess}"?`;
            // A case-only rename is the one reading of what was written, so fix-all may apply it.
            fixes.push({ title: `Rename to "${guess}"`, edits: [replaceNode(prop.keyNode, JSON.stringify(guess))], isPreferred: true, safe: caseOnly });
          }
        } else {
          const elsewhere = closest(prop.key, others, 1)[0];
          advice = elsewhere
            ? ` Did you mean "${elsewhere}"? It belongs ${names === TOP_ELEMENTS ? 'inside a statement' : 'at the top level of the policy'}.`
            : ` ${list} Remove it.`;
        }
        fixes.push({ title: `Remove "${prop.key}"`, edits: removeChild(ctx.text, prop.node.parent!, prop.node) });
        ctx.report({ node: prop.keyNode, message: `"${prop.key}" is not a policy element: AWS rejects the policy.${advice}`, fixes });
      }
    };
    inspect(p.props, TOP_ELEMENTS, STATEMENT_ELEMENTS, 'The policy', 'The top level of a policy can contain only Version, Id and Statement.');
    for (const s of p.statements) {
      if (!s.isObject) continue;
      inspect(s.props, STATEMENT_ELEMENTS, TOP_ELEMENTS, `Statement ${s.index + 1}`,
        'A statement can contain only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition.');
    }
  },
};

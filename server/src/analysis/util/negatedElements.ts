/**
 * NotAction, NotPrincipal, NotResource: the rules the three elements share. A statement with both
 * elements of a pair is rejected by AWS (the `<element>-and-not-<element>` checks); an Allow with the
 * negated element alone grants everything it does not list (the `not-<element>-with-allow` checks).
 */
import type { CheckContext } from '../check';
import { removeChild } from '../edits';

/** Reports, at the later key, each statement that has both `element` and `Not<element>`. */
export function reportBothElements(ctx: CheckContext, element: 'Action' | 'Principal' | 'Resource'): void {
  const negated = `Not${element}`;
  for (const s of ctx.policy?.statements ?? []) {
    if (!s.isObject) continue;
    const pos = s.get(element);
    const neg = s.get(negated);
    if (!pos || !neg) continue;
    const later = pos.node.offset > neg.node.offset ? pos : neg;
    const once = (key: string) => s.props.filter((p) => p.key === key).length === 1;
    ctx.report({
      node: later.keyNode,
      message: `Statement ${s.index + 1} has both ${element} and ${negated}: AWS rejects it. Keep one: ${element} lists what the statement applies to, ${negated} makes it apply to everything except what it lists.`,
      // A repeated key is duplicate-key's first: removing one copy would not resolve this.
      // An Allow may only lose Not<element>: dropping <element> instead would turn it into "allow
      // everything except …". A Deny may lose either: neither makes it grant anything.
      fixes: [
        ...(once(negated) ? [{ title: `Remove ${negated}`, edits: removeChild(ctx.text, s.node, neg.node), isPreferred: true }] : []),
        ...(s.isDeny && once(element) ? [{ title: `Remove ${element}`, edits: removeChild(ctx.text, s.node, pos.node) }] : []),
      ],
    });
  }
}

/** Reports, at its key, the Not<element> of each Allow statement that does not also have `element` (then the pair rule reports). */
export function reportAllowWithNegated(ctx: CheckContext, element: 'Action' | 'Principal' | 'Resource', message: string): void {
  for (const s of ctx.policy?.statements ?? []) {
    if (!s.isObject || !s.isAllow || s.get(element)) continue;
    const neg = s.get(`Not${element}`);
    if (neg) ctx.report({ node: neg.keyNode, message });
  }
}

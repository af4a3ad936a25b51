// Check: invalid-action-format
// Fires when an Action/NotAction entry is not of the form "service:action" (or "*").
import type { Check } from '../check';
import { removeChild, replaceNode } from '../edits';
import type { Fix } from '../types';
import { ActionProblem, actionSummary, parseAction } from '../util/actionSyntax';

function explain(raw: string, problem: ActionProblem, knownService: boolean): string {
  const shown = JSON.stringify(raw);
  switch (problem) {
    case 'empty': return 'The action is empty: write "service:action" (e.g. "kms:Decrypt") or remove the entry.';
    case 'whitespace': return `${shown} has leading or trailing spaces, so it matches no action: remove them.`;
    case 'inner-space': return `${shown} contains a space; actions are written "service:action" without spaces (e.g. "kms:Decrypt").`;
    case 'no-colon': return knownService
      ? `${shown} is a service prefix without an action: write "${raw}:ActionName" (e.g. "${raw}:Describe*"), or "${raw}:*" for all of its actions.`
      : `${shown} is not of the form "service:action" (e.g. "kms:Decrypt"): add the service prefix and a colon.`;
    case 'many-colons': return `${shown} has more than one colon: an action is "service:action" (e.g. "kms:Decrypt").`;
    case 'no-service': return `${shown} has no service prefix before the colon: write it as "service:action" (e.g. "kms:Decrypt").`;
    case 'no-action': return `${shown} has no action name after the colon: complete it (e.g. "${raw}Decrypt"), or use "${raw}*" for all actions of the service.`;
    case 'bad-service-char': return `The service prefix in ${shown} contains characters that service prefixes never have (letters, digits and hyphens only).`;
    case 'bad-action-char': return `The action name in ${shown} contains characters that action names never have (letters, digits, and the wildcards * and ?).`;
    case 'variable': return `${shown} contains a policy variable: variables work only in Resource and Condition values, not in actions. Write the action name.`;
  }
}

export const check: Check = {
  id: 'invalid-action-format',
  description: 'An action is not of the form "service:action".',
  defaultSeverity: 'error',
  category: 'actions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const container = s.actionProp?.value;
      for (const e of actionSummary(ctx.catalog, s).entries) {
        const problem = e.parsed.problem;
        if (e.kind !== 'invalid' || !problem) continue;
        const raw = e.parsed.raw;
        const fixes: Fix[] = [];
        const inArray = container?.type === 'array' && (container.children?.length ?? 0) > 1;
        if (problem === 'empty' && inArray) {
          // An empty entry matches nothing: removing it changes no permission.
          fixes.push({ title: 'Remove the empty entry', edits: removeChild(ctx.text, container!, e.item.node), isPreferred: true, safe: true });
        }
        if (problem === 'whitespace' || problem === 'inner-space') {
          const compact = problem === 'whitespace' ? raw.trim() : raw.replace(/\s+/g, '');
          if (!parseAction(compact).problem) fixes.push({ title: `Change to "${compact}"`, edits: [replaceNode(e.item.node, JSON.stringify(compact))], isPreferred: true });
        }
        ctx.report({ node: e.item.node, message: explain(raw, problem, problem === 'no-colon' && !!ctx.catalog.getService(raw)), fixes });
      }
    }
  },
};

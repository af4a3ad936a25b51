// Check: not-action-with-allow
// Fires on "Effect": "Allow" with NotAction: the statement allows every action of every service that is
// not listed, including actions AWS adds later, which is usually much more than intended.
import type { Check } from '../check';

export const check: Check = {
  id: 'not-action-with-allow',
  description: 'An Allow statement uses NotAction, which allows every action not listed, in every service, including future ones.',
  defaultSeverity: 'warning',
  category: 'security',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "NotAction": "kms:ScheduleKeyDeletion", "Resource": "*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject || !s.isAllow || s.get('Action')) continue; // with both, action-and-not-action reports
      const na = s.get('NotAction');
      if (!na) continue;
      ctx.report({
        node: na.keyNode,
        message: 'Allow with NotAction allows every action that is not listed, in every AWS service, including actions added later. List the actions to allow in "Action" instead; to carve out exceptions from a broad grant, use a separate Deny statement.',
      });
    }
  },
};

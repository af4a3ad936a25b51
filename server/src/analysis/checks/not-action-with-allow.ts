// Check: not-action-with-allow
// Fires on "Effect": "Allow" with NotAction: the statement allows every action of every service that is
// not listed, including actions AWS adds later, which is usually much more than intended.
import type { Check } from '../check';
import { reportAllowWithNegated } from '../util/negatedElements';

export const check: Check = {
  id: 'not-action-with-allow',
  description: 'An Allow statement uses NotAction, which allows every action not listed, in every service, including future ones.',
  defaultSeverity: 'warning',
  category: 'security',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "NotAction": "kms:ScheduleKeyDeletion", "Resource": "*" } ] }',
  run(ctx) {
    reportAllowWithNegated(ctx, 'Action', 'Allow with NotAction allows every action that is not listed, in every AWS service, including actions added later. List the actions to allow in "Action" instead; to carve out exceptions from a broad grant, use a separate Deny statement.');
  },
};

// Check: action-and-not-action
// Fires on a statement that has both Action and NotAction: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { reportBothElements } from '../util/negatedElements';

export const check: Check = {
  id: 'action-and-not-action',
  description: 'A statement has both Action and NotAction; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "NotAction": "kms:Encrypt", "Resource": "*" } ] }',
  run(ctx) {
    reportBothElements(ctx, 'Action');
  },
};

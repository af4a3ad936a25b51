// Check: principal-and-not-principal
// Fires on a statement that has both Principal and NotPrincipal: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { reportBothElements } from '../util/negatedElements';

export const check: Check = {
  id: 'principal-and-not-principal',
  description: 'A statement has both Principal and NotPrincipal; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'principals',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" } ] }',
  run(ctx) {
    if (ctx.kind === 'identity') return; // misplaced-element: an identity policy takes neither
    reportBothElements(ctx, 'Principal');
  },
};

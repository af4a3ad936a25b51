// Check: not-principal-with-allow
// Fires on "Effect": "Allow" with NotPrincipal: the statement allows every principal not listed,
// anonymous users included. AWS recommends Principal instead (IAM Access Analyzer flags it too).
import type { Check } from '../check';
import { reportAllowWithNegated } from '../util/negatedElements';

export const check: Check = {
  id: 'not-principal-with-allow',
  description: 'An Allow statement uses NotPrincipal, which grants access to everyone not listed, anonymous users included.',
  defaultSeverity: 'warning',
  category: 'principals',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:role/Intruder" }, "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    if (ctx.kind === 'identity') return; // misplaced-element reports NotPrincipal there
    reportAllowWithNegated(ctx, 'Principal', 'Allow with NotPrincipal allows every principal that is not listed, including anonymous users and other accounts. Name the principals that need access in "Principal" instead; to exclude some principals from a broad grant, use a separate Deny statement.');
  },
};

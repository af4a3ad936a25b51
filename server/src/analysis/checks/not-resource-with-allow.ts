// Check: not-resource-with-allow
// Fires on "Effect": "Allow" with NotResource: the statement allows its actions on every resource that
// is not listed, in every account, including resources created later.
import type { Check } from '../check';
import { reportAllowWithNegated } from '../util/negatedElements';

export const check: Check = {
  id: 'not-resource-with-allow',
  description: 'An Allow statement uses NotResource, which allows the actions on every resource not listed, in any account.',
  defaultSeverity: 'warning',
  category: 'security',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }',
  run(ctx) {
    if (ctx.kind === 'trust') return; // misplaced-element reports NotResource there
    reportAllowWithNegated(ctx, 'Resource', 'Allow with NotResource allows the actions on every resource that is not listed, in any account, including resources created later. List the resources to allow in "Resource" instead; to exclude some resources from a broad grant, use a separate Deny statement.');
  },
};

// Check: resource-and-not-resource
// Fires on a statement that has both Resource and NotResource: the two are mutually exclusive and AWS rejects the statement.
import type { Check } from '../check';
import { reportBothElements } from '../util/negatedElements';

export const check: Check = {
  id: 'resource-and-not-resource',
  description: 'A statement has both Resource and NotResource; AWS rejects it.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }',
  run(ctx) {
    if (ctx.kind === 'trust') return; // misplaced-element: a trust policy takes neither
    reportBothElements(ctx, 'Resource');
  },
};

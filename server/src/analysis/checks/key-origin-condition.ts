// Check: key-origin-condition
// Fires (as a hint) when a key manager may call kms:CreateKey without the condition
// kms:KeyOrigin = AWS_CLOUDHSM, the closest control there is over where new keys are created.
import type { Check } from '../check';
import { insertValue } from '../edits';
import { classified, conditionValues } from '../roles/util';
import { UNKNOWN } from '../host/types';

export const check: Check = {
  id: 'key-origin-condition',
  description: 'A key manager may call kms:CreateKey without the condition kms:KeyOrigin = AWS_CLOUDHSM.',
  defaultSeverity: 'hint',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeCustomKeyStores', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const subject of classified(ctx)) {
      if (subject.profile.id !== 'key-manager') continue;
      for (const e of subject.entries) {
        if (e.notAction || !e.actions.some((a) => a.lower === 'kms:createkey')) continue;
        const origins = conditionValues(e.statement, 'kms:KeyOrigin');
        // A value a host document computes (UNKNOWN) may well be AWS_CLOUDHSM.
        if (origins.length > 0 && origins.every((o) => o === 'AWS_CLOUDHSM' || o.includes(UNKNOWN))) continue;
        // A condition that rules AWS_CLOUDHSM out is key-origin-excludes-key-store's.
        if (origins.length > 0 && !origins.some((o) => o === 'AWS_CLOUDHSM' || o.includes(UNKNOWN))) continue;
        const onlyCreateKey = e.statement.actionItems().length === 1 && !e.wildcard;
        ctx.report({
          node: e.node,
          message: 'kms:CreateKey is allowed for any key origin: add the condition StringEquals kms:KeyOrigin = AWS_CLOUDHSM so that this principal creates keys only in a CloudHSM key store (no condition key can name the store itself).',
          actions: ['kms:CreateKey'],
          fixes: onlyCreateKey && !e.statement.get('Condition')
            ? [{ title: 'Add the condition kms:KeyOrigin = AWS_CLOUDHSM', edits: insertValue(ctx.text, e.statement.node, 'Condition', { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } }), isPreferred: true, safe: true }]
            : [],
        });
      }
    }
  },
};

// Check: key-origin-excludes-key-store
// Fires when a key manager's kms:CreateKey is allowed only under a kms:KeyOrigin condition that
// excludes AWS_CLOUDHSM: the principal, meant to create keys in the CloudHSM key store, cannot.
import type { Check } from '../check';
import { replaceNode } from '../edits';
import { classified } from '../roles/util';
import type { Fix } from '../types';
import { conditionEntries } from '../util/conditions';
import { UNKNOWN } from '../host/types';

const ORIGIN = 'AWS_CLOUDHSM';

export const check: Check = {
  id: 'key-origin-excludes-key-store',
  description: 'A key manager may call kms:CreateKey only under a kms:KeyOrigin condition that excludes AWS_CLOUDHSM, so it cannot create keys in the key store.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:DescribeCustomKeyStores', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'], Resource: '*', Condition: { StringEquals: { 'kms:KeyOrigin': 'AWS_KMS' } } }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return;
    for (const subject of classified(ctx)) {
      if (subject.profile.id !== 'key-manager') continue;
      const entries = subject.entries.filter((e) => e.actions.some((a) => a.lower === 'kms:createkey'));
      // Another statement may allow it without such a condition: then keys can be created in the store.
      if (entries.length === 0 || !entries.every((e) => excludes(e.statement))) continue;
      for (const e of entries) {
        const origins = conditionEntries(e.statement).filter((c) => c.key.toLowerCase() === 'kms:keyorigin');
        const positive = origins.find((c) => !/Not/.test(c.operator.base ?? c.operator.raw) && c.values.length === 1);
        const fixes: Fix[] = positive && e.statement.actionItems().length === 1
          ? [{ title: `Change the kms:KeyOrigin value to ${ORIGIN}`, edits: [replaceNode(positive.values[0], JSON.stringify(ORIGIN))], isPreferred: true }]
          : [];
        ctx.report({
          node: e.node,
          message: `kms:CreateKey is allowed only where kms:KeyOrigin is not ${ORIGIN} (${origins.map((c) => `${c.operator.raw} ${c.values.map((v) => String(v.value)).join(', ')}`).join('; ')}), so this key manager cannot create keys in the CloudHSM key store. Require kms:KeyOrigin = ${ORIGIN} instead.`,
          actions: ['kms:CreateKey'],
          fixes,
        });
      }
    }
  },
};

/** Does the statement's Condition rule out kms:KeyOrigin = AWS_CLOUDHSM? */
function excludes(s: Parameters<typeof conditionEntries>[0]): boolean {
  for (const c of conditionEntries(s)) {
    if (c.key.toLowerCase() !== 'kms:keyorigin') continue;
    const op = c.operator.base ?? c.operator.raw;
    const values = c.values.map((v) => String(v.value));
    if (values.some((v) => v.includes(UNKNOWN))) continue; // computed by a host document: may be AWS_CLOUDHSM
    const matches = values.some((v) => new RegExp('^' + v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', /IgnoreCase/.test(op) ? 'i' : '').test(ORIGIN));
    if (/^String(Equals|Like)(IgnoreCase)?$/.test(op) && !matches) return true;
    if (/^StringNot(Equals|Like)(IgnoreCase)?$/.test(op) && matches) return true;
  }
  return false;
}

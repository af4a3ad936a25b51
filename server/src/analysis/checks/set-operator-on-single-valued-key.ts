// Check: set-operator-on-single-valued-key
// Fires when ForAllValues: or ForAnyValue: is used with a single-valued condition key.
import type { Check } from '../check';
import { keyOf } from '../json';
import type { Fix } from '../types';
import { conditionEntries, entryKey, isMultivalued } from '../util/conditions';
import { respell } from '../util/operators';

export const check: Check = {
  id: 'set-operator-on-single-valued-key',
  description: 'ForAllValues/ForAnyValue is used with a single-valued condition key.',
  defaultSeverity: 'warning',
  category: 'conditions',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "ForAllValues:StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of conditionEntries(s)) {
        const op = e.operator;
        if (!op.prefix || !op.base) continue;
        const found = entryKey(ctx.catalog, e);
        if (!found || isMultivalued(found.info.type)) continue;
        const plain = respell(op, op.base, 'none');
        const fixes: Fix[] = [];
        const taken = (e.opNode.parent?.children ?? []).some((p) => keyOf(p) === plain);
        if ((e.opValue.children?.length ?? 0) === 1 && !taken) {
          fixes.push({ title: `Change the operator to "${plain}"`, edits: [{ offset: e.opKeyNode.offset, length: e.opKeyNode.length, newText: JSON.stringify(plain) }], isPreferred: true });
        }
        ctx.report({
          node: e.keyNode,
          message: op.prefix === 'ForAllValues'
            ? `"${e.key}" is single-valued (${found.info.type}), but "${op.raw}" is a set operator for multivalued keys: ForAllValues also matches when the key is absent, which can be overly permissive. Use "${plain}".`
            : `"${e.key}" is single-valued (${found.info.type}), so "${op.raw}" works like "${plain}" and the set operator only obscures that. Use "${plain}".`,
          fixes,
        });
      }
    }
  },
};

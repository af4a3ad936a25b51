// Check: missing-set-operator
// Fires when a multivalued condition key (ArrayOf... type, e.g. aws:TagKeys) is used without ForAllValues: or ForAnyValue:.
import type { Check } from '../check';
import { keyOf } from '../json';
import type { Fix } from '../types';
import { conditionEntries, entryKey, isMultivalued } from '../util/conditions';
import { respell } from '../util/operators';

export const check: Check = {
  id: 'missing-set-operator',
  description: 'A multivalued condition key is used without ForAllValues/ForAnyValue.',
  defaultSeverity: 'warning',
  category: 'conditions',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:TagResource", "Resource": "*", "Condition": { "StringEquals": { "aws:TagKeys": ["Project"] } } } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of conditionEntries(s)) {
        const op = e.operator;
        if (op.prefix || !op.base || op.family === 'Null') continue;
        const found = entryKey(ctx.catalog, e);
        if (!found || !isMultivalued(found.info.type)) continue;
        const all = respell(op, op.base, 'ForAllValues');
        const any = respell(op, op.base, 'ForAnyValue');
        const fixes: Fix[] = [];
        if ((e.opValue.children?.length ?? 0) === 1) {
          for (const name of [all, any]) {
            if ((e.opNode.parent?.children ?? []).some((p) => keyOf(p) === name)) continue;
            fixes.push({ title: `Change the operator to "${name}"`, edits: [{ offset: e.opKeyNode.offset, length: e.opKeyNode.length, newText: JSON.stringify(name) }] });
          }
        }
        ctx.report({
          node: e.keyNode,
          message: `"${e.key}" is multivalued (${found.info.type}): "${op.raw}" without a set operator does not say how the request's several values are compared. Use "${all}" (every value in the request must match) or "${any}" (at least one must).`,
          fixes,
        });
      }
    }
  },
};

// Check: condition-type-mismatch
// Fires when a condition operator's type does not fit the key's type (e.g. StringEquals on a Bool key, IpAddress on a non-IP key).
import type { Check } from '../check';
import { keyOf } from '../json';
import type { Fix } from '../types';
import { conditionEntries, entryKey } from '../util/conditions';
import { FAMILY_EXAMPLE, familiesFor, familyFits, OperatorFamily, respell, scalarType } from '../util/operators';

/** Direct translations of an operator into the key's family (only the unambiguous ones). */
const TRANSLATE: Record<string, Partial<Record<OperatorFamily, string>>> = {
  StringEquals: { Bool: 'Bool', Numeric: 'NumericEquals', Date: 'DateEquals', IpAddress: 'IpAddress' },
  StringNotEquals: { Numeric: 'NumericNotEquals', Date: 'DateNotEquals', IpAddress: 'NotIpAddress' },
  NumericEquals: { Date: 'DateEquals' },
  NumericNotEquals: { Date: 'DateNotEquals' },
  NumericLessThan: { Date: 'DateLessThan' },
  NumericLessThanEquals: { Date: 'DateLessThanEquals' },
  NumericGreaterThan: { Date: 'DateGreaterThan' },
  NumericGreaterThanEquals: { Date: 'DateGreaterThanEquals' },
};

export const check: Check = {
  id: 'condition-type-mismatch',
  description: 'A condition operator does not fit the type of its key (e.g. a String operator on a Bool key).',
  defaultSeverity: 'warning',
  category: 'conditions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": { "StringEquals": { "aws:SecureTransport": "false" } } } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of conditionEntries(s)) {
        const fam = e.operator.family;
        if (!fam) continue;
        const found = entryKey(ctx.catalog, e);
        if (!found || familyFits(fam, found.info.type, e.key)) continue;
        const target = familiesFor(found.info.type, e.key)![0];
        const shown = e.operator.caseFix ?? e.operator.raw;
        const fixes: Fix[] = [];
        const to = e.operator.base ? TRANSLATE[e.operator.base]?.[target] : undefined;
        // Renaming the operator moves all its keys: only when this key is alone and the new operator is not already there.
        if (to && (e.opValue.children?.length ?? 0) === 1) {
          const name = respell(e.operator, to);
          const taken = (e.opNode.parent?.children ?? []).some((p) => keyOf(p) === name);
          if (!taken) fixes.push({ title: `Change the operator to "${name}"`, edits: [{ offset: e.opKeyNode.offset, length: e.opKeyNode.length, newText: JSON.stringify(name) }], isPreferred: true });
        }
        ctx.report({
          node: e.keyNode,
          message: `"${shown}" is a ${fam} operator, but "${e.key}" is a ${scalarType(found.info.type)} key: the comparison does not work as intended. Use ${target === 'Bool' ? 'the Bool operator' : `a ${target} operator (e.g. ${FAMILY_EXAMPLE[target]})`} for this key.`,
          fixes,
        });
      }
    }
  },
};

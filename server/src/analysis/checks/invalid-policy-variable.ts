// Check: invalid-policy-variable
// Fires on a ${...} policy variable in a Resource or Condition value that is malformed, unknown, used with a non-String/ARN operator, or used without Version 2012-10-17.
import type { Check } from '../check';
import { UNKNOWN } from '../host/types';
import { insertProperty, replaceNode } from '../edits';
import type { Node } from '../json';
import { strings } from '../policy';
import type { Fix, Severity } from '../types';
import { stringRange } from '../util/jsonString';
import { conditionEntries, isProviderKey, lookupKey } from '../util/conditions';
import { OperatorFamily } from '../util/operators';
import { PolicyVariable, scanVariables } from '../util/policyVariables';

function malformed(v: PolicyVariable, text: string): string {
  switch (v.problem) {
    case 'missing-brace': return `The policy variable "${text}" has no closing brace: add "}" after the variable name.`;
    case 'empty': return 'Empty policy variable "${}": write a variable name inside the braces (e.g. ${aws:username}) or remove it.';
    case 'space': return `"${text}" has a space in the variable name: remove it (a space is allowed only in a default value, as in \${aws:username, 'anonymous'}).`;
    case 'symbol': return `"${text}" contains "${v.symbol}", which a variable name cannot contain: variable names are condition keys such as aws:username or aws:PrincipalTag/team.`;
    case 'quote': return `The default value in "${text}" must be in single quotes, after a comma: \${${v.name}, 'default'}.`;
    default: return '';
  }
}

export const check: Check = {
  id: 'invalid-policy-variable',
  description: 'A ${...} policy variable is malformed, unknown, not allowed with its operator, or used without Version 2012-10-17.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/${aws:username" } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const versionProp = p.props.find((x) => x.key === 'Version');
    const version = versionProp?.value?.type === 'string' ? versionProp.value.value as string : undefined;
    const versionFix = (): Fix[] => {
      if (versionProp?.value && version === '2008-10-17') return [{ title: 'Change Version to "2012-10-17"', edits: [replaceNode(versionProp.value, '"2012-10-17"')], isPreferred: true }];
      if (!versionProp) return [{ title: 'Add "Version": "2012-10-17"', edits: insertProperty(ctx.text, p.root, 'Version', '"2012-10-17"', 0), isPreferred: true }];
      return [];
    };
    // Only the two known versions are judged here; an invalid Version is another check's finding.
    const oldVersion = !versionProp || version === '2008-10-17';

    const inspect = (node: Node, where: 'resource' | 'condition', family?: OperatorFamily) => {
      const value = node.value as string;
      if (!value.includes('${')) return;
      for (const v of scanVariables(value)) {
        const range = stringRange(ctx.text, node, v.start, v.end);
        const shown = value.slice(v.start, v.end);
        // A variable written around a value a host document computes (`$${aws:usernam${var.x}}`), or
        // left open before one, may be whole once the value is known: nothing to judge.
        if (shown.includes(UNKNOWN) || (v.problem && value.slice(v.start).includes(UNKNOWN))) continue;
        const report = (message: string, severity?: Severity, fixes?: Fix[]) => ctx.report({ ...range, message, severity, fixes });
        if (v.problem) { report(malformed(v, shown)); continue; }
        if (oldVersion) {
          report(`${shown} is not substituted: policy variables need "Version": "2012-10-17" (${versionProp ? 'this policy uses 2008-10-17' : 'without a Version, AWS uses 2008-10-17'}), so AWS compares the literal text "${shown}".`, undefined, versionFix());
          continue;
        }
        if (where === 'condition' && family && family !== 'String' && family !== 'Arn') {
          report(`${shown} cannot be used with a ${family} operator: policy variables work only with String and ARN operators.`);
          continue;
        }
        if (v.name === '*' || v.name === '?' || v.name === '$') continue;
        if (!lookupKey(ctx.catalog, v.name) && !isProviderKey(v.name)) {
          report(`${shown} is not a known policy variable: variables are global condition keys (aws:username, aws:userid, aws:PrincipalTag/…, aws:PrincipalAccount, …) or service keys; an unknown one is never set, so ${where === 'resource' ? 'the resource never matches' : 'the comparison fails'}.`, 'warning');
        }
      }
    };

    for (const s of p.statements) {
      for (const name of ['Resource', 'NotResource']) for (const item of strings(s.get(name)?.value)) inspect(item.node, 'resource');
      for (const e of conditionEntries(s)) for (const n of e.values) if (n.type === 'string') inspect(n, 'condition', e.operator.family);
    }
  },
};

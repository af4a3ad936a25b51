// Check: invalid-version
// Fires when Version is not one of the two policy language versions AWS accepts.
import type { Check } from '../check';
import { replaceNode } from '../edits';
import { typeName } from '../json';

const VALID = ['2012-10-17', '2008-10-17'];

export const check: Check = {
  id: 'invalid-version',
  description: 'Version is not "2012-10-17" or "2008-10-17" (for example a date typed by hand, or a number).',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2018-06-12", "Statement": [] }',
  run(ctx) {
    const prop = ctx.policy?.props.find((x) => x.key === 'Version');
    const v = prop?.value;
    if (!prop || !v) return;
    if (v.type === 'string' && VALID.includes(v.value)) return;
    const shown = v.type === 'string' ? `"${v.value}"` : typeName(v);
    ctx.report({
      node: v,
      message: `Version ${shown} is not a policy language version: use "2012-10-17" (the current one; "2008-10-17" is the only other).`,
      fixes: [{ title: 'Change Version to "2012-10-17"', edits: [replaceNode(v, '"2012-10-17"')], isPreferred: true, safe: true }],
    });
  },
};

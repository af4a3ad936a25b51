// Check: bypass-policy-lockout-safety-check
// Fires when an Allow statement lets callers set BypassPolicyLockoutSafetyCheck (the condition key
// kms:BypassPolicyLockoutSafetyCheck allowed as true), which can make a key unmanageable.
import type { Check } from '../check';
import { keyOf, valueOf } from '../json';

export const check: Check = {
  id: 'bypass-policy-lockout-safety-check',
  description: 'An Allow statement permits kms:BypassPolicyLockoutSafetyCheck = true, which lets a key policy lock everyone out of the key.',
  defaultSeverity: 'error',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }] }),
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isAllow) continue;
      for (const op of s.get('Condition')?.value?.children ?? []) {
        const opName = keyOf(op);
        if (/^Null/.test(opName) || /Not/.test(opName)) continue;
        for (const kv of valueOf(op)?.children ?? []) {
          if (keyOf(kv).toLowerCase() !== 'kms:bypasspolicylockoutsafetycheck') continue;
          const v = valueOf(kv);
          const values = v?.type === 'array' ? (v.children ?? []).map((c) => String(c.value)) : [String(v?.value)];
          if (!values.some((x) => x.toLowerCase() === 'true')) continue;
          ctx.report({
            node: kv,
            message: 'This statement allows kms:BypassPolicyLockoutSafetyCheck = true: a caller can then set a key policy that locks every principal out of the key, and AWS cannot restore access. Remove the condition value, and add a Deny statement with Bool kms:BypassPolicyLockoutSafetyCheck = true instead.',
          });
        }
      }
    }
  },
};

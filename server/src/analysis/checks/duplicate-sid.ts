// Check: duplicate-sid
// Fires on a Sid used by an earlier statement of the same policy: AWS rejects such policies.
import type { Check } from '../check';

export const check: Check = {
  id: 'duplicate-sid',
  description: 'Two statements of the policy have the same Sid; AWS rejects the policy.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }, { "Sid": "A", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*" } ] }',
  run(ctx) {
    const seen = new Map<string, number>();
    for (const s of ctx.policy?.statements ?? []) {
      const v = s.get('Sid')?.value;
      if (!v || v.type !== 'string') continue;
      const first = seen.get(v.value);
      if (first === undefined) { seen.set(v.value, s.index); continue; }
      let n = 2;
      const used = new Set(seen.keys());
      while (used.has(`${v.value}${n}`)) n++;
      ctx.report({
        node: v,
        message: `Sid "${v.value}" is already used by statement ${first + 1}: each Sid in a policy must be unique. Rename this one.`,
        fixes: [{ title: `Rename to "${v.value}${n}"`, edits: [{ offset: v.offset, length: v.length, newText: JSON.stringify(`${v.value}${n}`) }], isPreferred: true }],
      });
      seen.set(`${v.value}${n}`, s.index);
    }
  },
};

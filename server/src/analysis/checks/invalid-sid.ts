// Check: invalid-sid
// Fires on a Sid with characters AWS does not accept: IAM (identity and role trust policies) takes only
// ASCII letters and digits; key policies also take spaces (the KMS console writes "Enable IAM User
// Permissions"). Other characters in a key policy are a warning: KMS does not document them. An empty
// Sid is information only (AWS accepts it; it is just useless).
import type { Check } from '../check';
import { removeChild, replaceNode } from '../edits';
import type { Statement } from '../policy';

const IAM_SID = /^[A-Za-z0-9]*$/;
const KEY_POLICY_SID = /^[A-Za-z0-9 ]*$/;

export const check: Check = {
  id: 'invalid-sid',
  description: 'A Sid has characters AWS rejects: identity and trust policies take only letters and digits; key policies also take spaces.',
  defaultSeverity: 'error',
  category: 'structure',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Sid": "allow-decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    const statements = (ctx.policy?.statements ?? []).filter((s) => s.isObject);
    const sidOf = (s: Statement) => { const v = s.get('Sid')?.value; return v?.type === 'string' ? v : undefined; };
    const keyPolicy = ctx.kind === 'resource';
    const valid = keyPolicy ? KEY_POLICY_SID : IAM_SID;
    // Every Sid that stays as it is, plus each replacement handed out so far: replacements never collide,
    // even when fix-all applies all of them together.
    const used = new Set(statements.map(sidOf).filter((v) => v && valid.test(v.value) && v.value !== '').map((v) => v!.value));
    for (const s of statements) {
      const prop = s.get('Sid');
      const v = sidOf(s);
      if (!prop || !v) continue;
      const sid: string = v.value;
      if (sid === '') {
        ctx.report({
          node: v,
          severity: 'information',
          message: 'The Sid is empty: give the statement a name (letters and digits) or remove the Sid.',
          fixes: [{ title: 'Remove the empty Sid', edits: removeChild(ctx.text, s.node, prop.node), isPreferred: true, safe: true }],
        });
        continue;
      }
      if (valid.test(sid)) continue;
      const bad = [...new Set([...sid].filter((c) => !valid.test(c)))];
      let name = clean(sid, keyPolicy);
      if (name === '') name = `Statement${s.index + 1}`;
      let unique = name;
      for (let n = 2; used.has(unique); n++) unique = `${name}${n}`;
      used.add(unique);
      const shown = bad.map((c) => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ');
      ctx.report({
        node: v,
        // KMS does not document which characters it accepts beyond letters, digits and spaces: a warning there.
        severity: keyPolicy ? 'warning' : undefined,
        message: keyPolicy
          ? `Sid "${sid}" contains ${shown}: key policy Sids are letters, digits and spaces, and other characters are not documented as accepted. Use "${unique}".`
          : `Sid "${sid}" contains ${shown}: IAM accepts only ASCII letters and digits in a Sid and rejects the policy. Use "${unique}".`,
        // The Sid does not affect access, and the replacement keeps every other Sid unique.
        fixes: [{ title: `Change Sid to "${unique}"`, edits: [replaceNode(v, JSON.stringify(unique))], isPreferred: true, safe: true }],
      });
    }
  },
};

/** `sid` without the characters a Sid cannot have; a letter after a dropped separator is capitalised ("allow-use" -> "allowUse"). */
function clean(sid: string, keepSpaces: boolean): string {
  let out = '';
  let upper = false;
  for (const c of sid) {
    if (/[A-Za-z0-9]/.test(c) || (keepSpaces && c === ' ')) {
      out += upper && out !== '' && !out.endsWith(' ') ? c.toUpperCase() : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return keepSpaces ? out.replace(/ +/g, ' ').trim() : out;
}

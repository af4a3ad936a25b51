// Check: key-policy-lockout
// Fires on a key policy that does not let the account (its root principal) manage the key: with no
// principal at all allowed kms:PutKeyPolicy the key is locked for good (error); with only named
// principals, it is unmanageable through IAM and unrecoverable once those principals are deleted.
import type { Check } from '../check';
import { addStatement, listActions } from '../roles/util';
import type { Fix } from '../types';

const ROOT = /^arn:(aws[a-z-]*):iam::(\d{12}):root$/i;
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_OF = /^arn:(aws[a-z-]*):[a-z0-9-]*:[^:]*:(\d{12}):/i;

export const check: Check = {
  id: 'key-policy-lockout',
  description: 'A key policy does not let the account root manage the key: no one, or only named principals, may call kms:PutKeyPolicy.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Key users', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/AppRole' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' }] }),
  run(ctx) {
    const policy = ctx.policy;
    if (ctx.kind !== 'resource' || !policy) return;
    const statements = policy.statements.filter((s) => s.isObject);
    const allows = statements.filter((s) => s.isAllow && s.get('Principal'));
    if (allows.length === 0) return;
    // A principal, effect or action a host document computes (UNKNOWN) may well be what lets the account in.
    if (policy.hasUnknown) return;
    // A KMS key policy: every Allow names KMS actions (or "*") only. Other resource policies are not.
    if (!allows.every((s) => s.actionItems().length > 0 && s.actionItems().every((i) => /^kms:/i.test(i.value) || /^[*?]+$/.test(i.value)))) return;
    let rootManages = false;
    const admins: string[] = [];
    let partition = 'aws';
    let account: string | undefined;
    for (const s of allows) {
      const putKeyPolicy = s.actionItems().some((i) => ctx.catalog.match(i.value).some((a) => a.lower === 'kms:putkeypolicy'));
      for (const p of s.principalItems()) {
        const root = ROOT.exec(p.value);
        const at = root ?? ACCOUNT_OF.exec(p.value);
        if (at && !account) { partition = at[1]; account = at[2]; }
        if (ACCOUNT_ID.test(p.value)) account ??= p.value;
        if (!putKeyPolicy) continue;
        if (root || ACCOUNT_ID.test(p.value) || p.value === '*') rootManages = true;
        else admins.push(p.value);
      }
    }
    if (rootManages) return;
    const fixes: Fix[] = [];
    if (account) {
      const edits = addStatement(ctx, {
        Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*',
      });
      if (edits.length) fixes.push({ title: `Add the statement that lets account ${account} manage the key through IAM`, edits, isPreferred: true });
    }
    const where = policy.statementProp?.keyNode ?? policy.root;
    ctx.report(admins.length === 0
      ? {
        node: where, severity: 'error', actions: ['kms:PutKeyPolicy'], fixes,
        message: 'No principal in this key policy may call kms:PutKeyPolicy, and the account root is not named: once set, the key policy can never be changed, and the key cannot be managed through IAM. Add the default statement that allows the account root ("arn:aws:iam::<account>:root") kms:*.',
      }
      : {
        node: where, actions: ['kms:PutKeyPolicy'], fixes,
        message: `This key policy does not name the account root, so IAM policies cannot grant access to the key, and only ${listActions([...new Set(admins)], 3)} may change the key policy: if ${admins.length === 1 ? 'that principal is' : 'those principals are'} deleted, the key becomes unmanageable. Add the default statement that allows the account root ("arn:aws:iam::<account>:root") kms:*.`,
      });
  },
};

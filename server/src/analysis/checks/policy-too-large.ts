// Check: policy-too-large
// Fires when the policy exceeds its size quota: identity policies 6,144 characters as a managed policy
// (inline policies share a per-identity quota), role trust policies 2,048 characters by default (a quota
// increase allows up to 4,096), both counted without whitespace; key policies 32,768 bytes.
import type { Check } from '../check';

const MANAGED = 6144;
const TRUST_DEFAULT = 2048;
const TRUST_MAX = 4096;
const KEY_POLICY_BYTES = 32768;
const NON_ASCII = /[^\x00-\x7f]/;

export const check: Check = {
  id: 'policy-too-large',
  description: 'The policy is larger than AWS accepts for its kind (6,144 characters for a managed policy, 2,048 for a trust policy, 32 KB for a key policy).',
  defaultSeverity: 'error',
  category: 'structure',
  example: `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ ${Array.from({ length: 500 }, (_, i) => `"kms:Decrypt${i}"`).join(', ')} ], "Resource": "*" } ] }`,
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const at = p.statementProp ? { node: p.statementProp.keyNode } : { offset: p.root.offset, length: 1 };
    const fmt = (n: number) => n.toLocaleString('en-US');
    if (ctx.kind === 'resource') {
      // At most 3 bytes a UTF-16 unit (a surrogate pair is 4 bytes for 2 units): short texts fit.
      if (ctx.text.length * 3 <= KEY_POLICY_BYTES) return;
      const bytes = utf8Length(ctx.text);
      if (bytes <= KEY_POLICY_BYTES) return;
      ctx.report({ ...at, message: `The policy is ${fmt(bytes)} bytes: a key policy can be at most ${fmt(KEY_POLICY_BYTES)} bytes (32 KB), and KMS rejects a larger one. Remove whitespace, combine statements that share principals and conditions, or move grants to IAM policies.` });
      return;
    }
    const size = significantLength(ctx.text);
    if (ctx.kind === 'trust') {
      if (size <= TRUST_DEFAULT) return;
      ctx.report({
        ...at,
        // Between the default and the maximum the account may have raised its quota: a warning, not an error.
        severity: size <= TRUST_MAX ? 'warning' : undefined,
        message: size <= TRUST_MAX
          ? `The trust policy has ${fmt(size)} characters (whitespace not counted): the default quota is ${fmt(TRUST_DEFAULT)}. IAM rejects it unless the account's "Role trust policy length" quota was raised (up to ${fmt(TRUST_MAX)}); otherwise combine principals into fewer statements.`
          : `The trust policy has ${fmt(size)} characters (whitespace not counted): even with a raised quota a trust policy can have at most ${fmt(TRUST_MAX)}, and IAM rejects it. Combine principals into fewer statements or split the access across roles.`,
      });
      return;
    }
    if (size <= MANAGED) return;
    ctx.report({
      ...at,
      message: `The policy has ${fmt(size)} characters (whitespace not counted): a managed policy can have at most ${fmt(MANAGED)}, and IAM rejects a larger one. Inline policies share a per-identity quota instead (2,048 for a user, 5,120 for a group, 10,240 for a role). Split it into several policies, or use wildcards such as "kms:Describe*" where they grant nothing extra.`,
    });
  },
};

/** Characters outside whitespace and comments, as IAM counts them (whitespace inside strings counts). */
function significantLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: count it whole
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      n += Math.min(i, text.length - 1) - start + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) {
      n++;
    }
  }
  return n;
}

function utf8Length(text: string): number {
  // Most policies are ASCII: one byte a character, found by a native scan rather than this loop.
  if (!NON_ASCII.test(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/**
 * Inline documents of the protocol tier, and small helpers to locate text in them.
 */
import type { Range } from 'vscode-languageserver-protocol';
import type { Diagnostic } from './client';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** A key-user identity policy with three problems: no Version, Effect "allow", a duplicate Sid. */
export const FLAWED = `{
  "Statement": [
    {
      "Sid": "UseKeys",
      "Effect": "allow",
      "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    },
    {
      "Sid": "UseKeys",
      "Effect": "Allow",
      "Action": "kms:DescribeKey",
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  ]
}
`;

/** Problems that all have a safe fix: a comment, an invalid Version, Effect "allow", a trailing comma. */
export const FIXABLE = `{
  // key users of the CloudHSM-backed key
  "Version": "2012-10-18",
  "Statement": [
    {
      "Sid": "KeyUsers",
      "Effect": "allow",
      "Action": [
        "kms:Encrypt",
        "kms:Decrypt",
      ],
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  ]
}
`;

/** A clean key policy with an Action array to complete and hover in. */
export const KEY_POLICY = `{
  "Version": "2012-10-17",
  "Id": "key-policy-cloudhsm",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow use of the key",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyUser" },
      "Action": ["kms:Decrypt", "kms:Describe*", "kms:"],
      "Resource": "*"
    }
  ]
}
`;

/** A package.json: JSON, but not a policy. */
export const PACKAGE_JSON = `{
  "name": "some-app",
  "version": "1.0.0",
  "description": "Effect, Action and Resource are words, not policy elements here",
  "scripts": { "test": "node --test" },
  "dependencies": { "left-pad": "^1.3.0" }
}
`;

/** The range of the `nth` (0-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${nth}) not in text`);
  }
  const doc = TextDocument.create('file:///x.json', 'json', 0, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

/** Offset just after the `nth` occurrence of `needle`. */
export function offsetAfter(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${nth}) not in text`);
  }
  return at + needle.length;
}

export function codes(diags: Diagnostic[]): string[] {
  return diags.map((d) => String(d.code)).sort();
}

export function byCode(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

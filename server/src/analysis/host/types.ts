/**
 * Host documents: files that embed policies (Terraform `.tf`, `.json.tpl` templates, CloudFormation
 * and SAM templates). The design, in the manner of embedded-language services (a virtual document per
 * embedded region, with a source map):
 *
 *   host text --reader--> HostValue trees (exact host ranges, unknown values marked)
 *             --project--> one projected JSON policy text per embedded policy + a source map
 *             --core-----> findings, fixes, completions, hovers on the projected text (unchanged checks)
 *             --map back-> host ranges; fixes are re-expressed as structural edits of the host syntax.
 *
 * Everything here is pure: no Node, no VS Code, no LSP. Readers never throw (they return problems).
 */
import type { Edit, PolicyKind } from '../types';

/**
 * Stands for a value the host computes (a Terraform reference, variable, function call or `${...}`
 * interpolation; a CloudFormation intrinsic function). In a projected string it replaces each
 * computed part: `"arn:aws:kms:${var.region}:111122223333:key/*"` projects to
 * `"arn:aws:kms:\uE000:111122223333:key/*"`. A value that is wholly computed projects to the string
 * `"\uE000"`. Checks treat it as "some value they cannot see": never a finding because of it.
 * (U+E000 is a private-use character: it never occurs in a real policy.)
 */
export const UNKNOWN = '\uE000';

/** A range of the host text (UTF-16 offsets). */
export interface HostRange { offset: number; length: number }

/** One piece of a string value. */
export type StringPart =
  /** Literal text. `exact` when each character of `text` is one character of the host at `offset + i`
   *  (no escapes in between), so positions inside it map exactly. */
  | { kind: 'text'; text: string; offset: number; length: number; exact: boolean }
  /** A computed part (`${var.x}`, `!Ref X`, ...); `source` is the host text, for messages. */
  | { kind: 'unknown'; offset: number; length: number; source: string };

/** A value as a reader sees it: the host's own syntax, reduced to the JSON data model plus unknowns. */
export type HostValue = HostObject | HostArray | HostString | HostScalar | HostUnknown;

/** Every value has its host range and may carry the reader's own data for its writer (opaque to everyone else). */
interface HostNodeBase { offset: number; length: number; meta?: unknown }
export interface HostObject extends HostNodeBase { type: 'object'; props: HostProp[] }
export interface HostArray extends HostNodeBase { type: 'array'; items: HostValue[] }
export interface HostString extends HostNodeBase { type: 'string'; parts: StringPart[] }
export type HostScalar =
  | (HostNodeBase & { type: 'number'; value: number })
  | (HostNodeBase & { type: 'boolean'; value: boolean })
  | (HostNodeBase & { type: 'null' });
/** Wholly computed (a reference, a call, an intrinsic): projects to the string UNKNOWN. */
export interface HostUnknown extends HostNodeBase { type: 'unknown'; source: string }

export interface HostProp {
  key: string;
  /** The whole entry (key, separator and value) and the key alone, in the host. */
  offset: number; length: number;
  keyOffset: number; keyLength: number;
  value: HostValue;
  meta?: unknown;
}

/** One policy found in a host file. */
export interface EmbeddedPolicy {
  /**
   * Where the policy is, for people and for `--format json`: `aws_iam_policy.key_store_admin`,
   * `data.aws_iam_policy_document.key_users`, `Resources.KeyStoreLambdaRole.Policies[0]`.
   */
  locator: string;
  /** The policy document as the reader sees it. */
  value: HostValue;
  /** The host range of the whole policy value (the `jsonencode(...)` argument, the heredoc, ...). */
  range: HostRange;
  /** The policy kind from where it sits (key policy of a key, assume-role policy, ...); undefined: infer. */
  kind?: PolicyKind;
  /** The policy is the key policy of a key known to be in an AWS CloudHSM key store (`custom_key_store_id`). */
  keyStoreKey?: boolean;
  /** With `keyStoreKey`: what declares it, for messages and the verdict (`custom_key_store_id`). */
  keyStoreEvidence?: string;
  /**
   * Policies with the same subject belong to one principal (a role and its inline and attached
   * policies in the same module or template); the class analysis judges their union.
   */
  subject?: string;
  /** Something makes the policy partly unknown beyond its UNKNOWN values (an override document, a SAM policy template ...): said in the verdict. */
  partlyUnknown?: string;
  /**
   * One of several variants of the same policy (CloudFormation `!If` explored branch by branch, bounded):
   * a label such as `IsProduction=true`. Variants share the locator; findings are merged by host range.
   */
  variant?: string;
  /**
   * Every node of `value` lies within `range` (the reader knows it): the policy's analysis is then a
   * function of its host text, and the host layer need not walk `value` to find out (a reader may
   * hand out `value` lazily, built only when it is read).
   */
  selfContained?: boolean;
  /** How a fix is written back: the host syntax the policy is written in. */
  syntax: HostSyntax;
  /** Writes structural edits of this policy back into the host text; absent: fixes are not offered. */
  writer?: HostWriter;
}

/** The syntaxes an embedded policy can be written in; each has a writer for structural edits. */
export type HostSyntax =
  | 'json'                 // standalone JSON, a heredoc or a template holding JSON, a CloudFormation JSON template
  | 'hcl-object'           // Terraform jsonencode({...}) in HCL object/tuple syntax
  | 'hcl-policy-document'  // Terraform data "aws_iam_policy_document" (statement blocks)
  | 'yaml';                // CloudFormation/SAM YAML (block or flow)

/** A problem of the host file itself that the user must see (only inside or about policies). */
export interface HostProblem extends HostRange { message: string }

/** What a reader returns for a host file. Never throws; an unparseable region yields a problem, not a crash. */
export interface HostReadResult {
  /** The host format recognised (`terraform`, `terraform-template`, `cloudformation`), or null when the file is not one. */
  format: string | null;
  policies: EmbeddedPolicy[];
  problems: HostProblem[];
}

/**
 * A structural change of an embedded policy, computed by the host layer from a fix's edits of the
 * projected JSON (the core's fixes stay JSON fixes). Values are plain JSON values; strings never
 * contain UNKNOWN (a fix that would rewrite a computed value is not offered).
 */
export type StructuralEdit =
  /** Replace a value (scalar, array or object) by `value`. */
  | { op: 'replace'; target: HostValue; value: unknown }
  /** Remove item `index` of an array (with its separator). */
  | { op: 'remove-item'; array: HostArray; index: number }
  /** Insert `values` before item `index` of an array (`index === items.length` appends). */
  | { op: 'insert-items'; array: HostArray; index: number; values: unknown[] }
  /** Remove a property (with its separator). */
  | { op: 'remove-prop'; object: HostObject; prop: HostProp }
  /** Insert `key: value` into an object before property `index` (`index === props.length` appends). */
  | { op: 'insert-prop'; object: HostObject; index: number; key: string; value: unknown };

/** Writes structural edits in one host syntax, in the author's style (indentation, quoting, separators). */
export interface HostWriter {
  /** Host edits for the changes, applied together; undefined when they cannot be expressed (the fix is then not offered). */
  write(hostText: string, changes: StructuralEdit[]): Edit[] | undefined;
}

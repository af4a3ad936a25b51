/**
 * The Terraform reader: finds every policy a `.tf` file embeds and gives it as a HostValue tree.
 *
 * The parser (web-tree-sitter with the Terraform grammar of @tree-sitter-grammars/tree-sitter-hcl)
 * is loaded by the edge (loading is asynchronous and reads the WASM); this module is synchronous and
 * pure: it takes an initialised `Parser` whose language is set. `TerraformDocument` keeps the last
 * tree of one document so that an edit re-parses incrementally.
 *
 * Forms read: `jsonencode({...})`/`jsonencode([...])` in HCL syntax, heredocs and quoted strings
 * holding JSON (through the JSON template reader), and `data "aws_iam_policy_document"`. The reader
 * reports no HCL syntax errors (the Terraform extension's job) and never throws.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Edit, PolicyKind } from '../../types';
import type { HostReader } from '../index';
import type { EmbeddedPolicy, HostObject, HostProblem, HostReadResult, HostValue, HostWriter } from '../types';
import { functionArgs, functionName, toHostValue, traversal, traversalsIn, unwrap } from './hcl';
import { blockParts, mergeDocuments, readPolicyDocument, type BlockParts, type ReadDocument } from './policyDocument';
import { hclObjectWriter, policyDocumentWriter } from './writer';
import { detach } from '../../util/detach';
import { within } from '../project';
import { readHeredoc, type JsonTemplateReader } from './heredoc';

/** Resource attributes that hold a policy, and the policy's kind. */
const POLICY_ATTRIBUTES: Record<string, Record<string, PolicyKind>> = {
  aws_kms_key: { policy: 'resource' },
  aws_kms_key_policy: { policy: 'resource' },
  aws_iam_policy: { policy: 'identity' },
  aws_iam_role_policy: { policy: 'identity' },
  aws_iam_user_policy: { policy: 'identity' },
  aws_iam_group_policy: { policy: 'identity' },
  aws_iam_role: { assume_role_policy: 'trust' },
};

/** Principal of an inline or attached policy: the attribute naming it, and the resource type it names. */
const SUBJECT_ATTRIBUTES: Record<string, [string, string]> = {
  aws_iam_role_policy: ['role', 'aws_iam_role'],
  aws_iam_user_policy: ['user', 'aws_iam_user'],
  aws_iam_group_policy: ['group', 'aws_iam_group'],
  aws_iam_role_policy_attachment: ['role', 'aws_iam_role'],
  aws_iam_user_policy_attachment: ['user', 'aws_iam_user'],
  aws_iam_group_policy_attachment: ['group', 'aws_iam_group'],
};

interface Found {
  policy: EmbeddedPolicy;
  /** `resource.type.name` of the resource holding it, for subjects (`aws_iam_policy.x`). */
  owner?: string;
}

/** A reference to a policy document's JSON, with what its place says about it. */
interface DocumentUse { name: string; kind?: PolicyKind; keyStoreKey?: boolean; owner?: string; subject?: string }

export interface TerraformReadOptions {
  /** Reads heredoc bodies holding JSON (the JSON template reader); without it heredocs are not read. */
  jsonTemplate?: JsonTemplateReader;
  /** Writes structural edits of a heredoc's JSON (the 'json' writer); without it heredoc policies offer no fixes. */
  jsonWriter?: (value: HostValue) => HostWriter;
}

const EMPTY: HostReadResult = Object.freeze({ format: 'terraform', policies: Object.freeze([]) as unknown as EmbeddedPolicy[], problems: Object.freeze([]) as unknown as HostProblem[] });

function isPolicyObject(v: HostValue): boolean {
  return v.type === 'object' && v.props.some((p) => p.key === 'Statement');
}

/** The name of the document a `data.aws_iam_policy_document.NAME.json` reference names. */
function documentRef(expr: Node): string | undefined {
  const t = traversal(expr);
  if (t && t.length >= 4 && t[0] === 'data' && t[1] === 'aws_iam_policy_document' && t[3] === 'json') return t[2];
  return undefined;
}

/** `TYPE.NAME` of a resource named by a reference such as `aws_iam_role.lambda.name`, when of `type`. */
function resourceRef(expr: Node, type: string): string | undefined {
  for (const t of traversalsIn(expr)) {
    if (t.length >= 2 && t[0] === type) return `${t[0]}.${t[1]}`;
  }
  return undefined;
}

/**
 * What one top-level block contributes, as plain data (no nodes, no functions): a document keeps it
 * per block text and reuses it, offsets shifted, while the block is unchanged.
 */
interface BlockState {
  found: Found[];
  uses: DocumentUse[];
  docs: [string, ReadDocument][];
  /** `aws_kms_key.NAME` of keys with custom_key_store_id. */
  keyStoreKeys: string[];
  /** owner (`aws_iam_policy.x`) → subject (`aws_iam_role.y`). */
  attachments: [string, string][];
  /** resource (`aws_iam_role_policy.x`) → subject, from its role/user/group attribute. */
  subjects: [string, string][];
  /** aws_kms_key_policy.NAME → aws_kms_key.NAME it applies to. */
  keyPolicyKeys: [string, string][];
}

function emptyState(): BlockState {
  return { found: [], uses: [], docs: [], keyStoreKeys: [], attachments: [], subjects: [], keyPolicyKeys: [] };
}

class Collector {
  found: Found[] = [];
  uses: DocumentUse[] = [];
  docs = new Map<string, ReadDocument>();
  problems: HostProblem[] = [];
  keyStoreKeys = new Set<string>();
  attachments = new Map<string, string>();
  subjects = new Map<string, string>();
  keyPolicyKeys = new Map<string, string>();

  constructor(readonly text: string, readonly jsonTemplate: JsonTemplateReader | undefined, readonly jsonWriter?: (value: HostValue) => HostWriter) {}

  /** A policy written in an attribute's expression (jsonencode, heredoc, quoted JSON); undefined when computed. */
  policyValue(expr: Node, requireStatement: boolean): { value: HostValue; range: { offset: number; length: number }; syntax: EmbeddedPolicy['syntax'] } | undefined {
    const n = unwrap(expr);
    if (n.type === 'function_call' && functionName(n) === 'jsonencode') {
      const arg = functionArgs(n)[0];
      if (!arg) return undefined;
      const inner = unwrap(arg);
      if (inner.type !== 'object' && inner.type !== 'tuple') return undefined;
      const value = toHostValue(this.text, arg);
      if (requireStatement && !isPolicyObject(value)) return undefined;
      return { value, range: { offset: inner.startIndex, length: inner.endIndex - inner.startIndex }, syntax: 'hcl-object' };
    }
    if (n.type === 'heredoc_template') {
      const r = readHeredoc(this.text, n, this.jsonTemplate);
      if (!r || (requireStatement && !isPolicyObject(r.value))) return undefined;
      return { value: r.value, range: r.range, syntax: 'json' };
    }
    return undefined;
  }

  /** Policies written deeper inside an expression (a conditional's branches, a map of policies ...). */
  nested(expr: Node, locator: string, owner: string | undefined, depth = 0): void {
    if (depth > 50) return;
    const end = expr.endIndex;
    const at = this.text.indexOf('Statement', expr.startIndex);
    if (at < 0 || at >= end) return;
    const direct = this.policyValue(expr, true);
    if (direct) {
      this.add({ locator, ...direct, owner });
      return;
    }
    const n = unwrap(expr);
    if (n.type === 'object') {
      for (const el of n.namedChildren) {
        if (el?.type !== 'object_elem') continue;
        const k = el.childForFieldName('key');
        const v = el.childForFieldName('val');
        if (k && v) this.nested(v, `${locator}.${k.text.replace(/^"|"$/g, '')}`, owner, depth + 1);
      }
      return;
    }
    let i = 0;
    for (const c of n.namedChildren) {
      if (c && (c.type === 'expression' || c.type === 'function_arguments' || c.type === 'conditional')) {
        this.nested(c, n.type === 'tuple' ? `${locator}[${i++}]` : locator, owner, depth + 1);
      }
    }
  }

  add(f: { locator: string; value: HostValue; range: { offset: number; length: number }; syntax: EmbeddedPolicy['syntax']; owner?: string; kind?: PolicyKind; keyStoreKey?: boolean; subject?: string }): void {
    const policy: EmbeddedPolicy = {
      locator: f.locator, value: f.value, range: f.range, syntax: f.syntax,
    };
    if (within(f.value, f.range.offset, f.range.offset + f.range.length)) policy.selfContained = true;
    if (f.kind) policy.kind = f.kind;
    if (f.keyStoreKey) policy.keyStoreKey = true;
    if (f.subject) policy.subject = f.subject;
    this.found.push({ policy, owner: f.owner });
  }

  attribute(a: BlockParts['attributes'][number], locator: string, owner: string | undefined, kind: PolicyKind | undefined, keyStoreKey: boolean, subject: string | undefined): void {
    if (kind) {
      const doc = documentRef(a.expr);
      if (doc !== undefined) { this.uses.push({ name: doc, kind, keyStoreKey, owner, subject }); return; }
      const v = this.policyValue(a.expr, false);
      if (v) { this.add({ locator, ...v, owner, kind, keyStoreKey, subject }); return; }
    }
    const doc = documentRef(a.expr);
    if (doc !== undefined) { this.uses.push({ name: doc, owner }); return; }
    this.nested(a.expr, locator, owner);
  }

  resource(b: BlockParts, prefix: string): void {
    const [type, name] = b.labels;
    const id = `${type}.${name}`;
    const known = POLICY_ATTRIBUTES[type] ?? {};
    const keyStoreKey = type === 'aws_kms_key' && b.attributes.some((a) => a.name === 'custom_key_store_id');
    if (keyStoreKey) this.keyStoreKeys.add(id);
    const sub = SUBJECT_ATTRIBUTES[type];
    let subject: string | undefined;
    if (sub) {
      const a = b.attributes.find((x) => x.name === sub[0]);
      subject = a ? resourceRef(a.expr, sub[1]) : undefined;
      if (subject) this.subjects.set(id, subject);
      if (subject && type.endsWith('_attachment')) {
        const arn = b.attributes.find((x) => x.name === 'policy_arn');
        const policy = arn ? resourceRef(arn.expr, 'aws_iam_policy') : undefined;
        if (policy && !this.attachments.has(policy)) this.attachments.set(policy, subject);
      }
    }
    if (type === 'aws_iam_role') {
      subject = id;
      const managed = b.attributes.find((x) => x.name === 'managed_policy_arns');
      if (managed) {
        for (const t of traversalsIn(managed.expr)) {
          if (t.length >= 2 && t[0] === 'aws_iam_policy' && !this.attachments.has(`${t[0]}.${t[1]}`)) this.attachments.set(`${t[0]}.${t[1]}`, id);
        }
      }
    }
    if (type === 'aws_kms_key_policy') {
      const k = b.attributes.find((x) => x.name === 'key_id');
      const key = k ? resourceRef(k.expr, 'aws_kms_key') : undefined;
      if (key) this.keyPolicyKeys.set(id, key);
    }
    for (const a of b.attributes) {
      const kind = known[a.name];
      const locator = a.name === 'policy' ? `${prefix}${id}` : `${prefix}${id}.${a.name}`;
      const ownSubject = kind === 'identity' ? (type === 'aws_iam_role' ? undefined : subject) : undefined;
      this.attribute(a, locator, id, kind, kind === 'resource' && keyStoreKey, ownSubject);
    }
    const counts = new Map<string, number>();
    for (const nb of b.blocks) {
      const i = counts.get(nb.type) ?? 0;
      counts.set(nb.type, i + 1);
      const locator = `${prefix}${id}.${nb.type}[${i}]`;
      if (type === 'aws_iam_role' && nb.type === 'inline_policy') {
        const p = nb.attributes.find((a) => a.name === 'policy');
        if (p) this.attribute(p, locator, id, 'identity', false, id);
        continue;
      }
      this.nestedBlock(nb, locator, id);
    }
  }

  nestedBlock(b: BlockParts, locator: string, owner: string | undefined, depth = 0): void {
    if (depth > 20) return;
    for (const a of b.attributes) this.attribute(a, `${locator}.${a.name}`, owner, undefined, false, undefined);
    const counts = new Map<string, number>();
    for (const nb of b.blocks) {
      const i = counts.get(nb.type) ?? 0;
      counts.set(nb.type, i + 1);
      this.nestedBlock(nb, `${locator}.${nb.type}[${i}]`, owner, depth + 1);
    }
  }

  block(node: Node): void {
    const b = blockParts(this.text, node, true);
    if (b.type === 'resource' && b.labels.length >= 2) this.resource(b, '');
    else if (b.type === 'data' && b.labels[0] === 'aws_iam_policy_document' && b.labels.length >= 2) this.docs.set(b.labels[1], readPolicyDocument(this.text, b));
    else if (b.type === 'data' && b.labels.length >= 2) this.resource(b, 'data.');
    else if (b.type === 'locals') for (const a of b.attributes) this.attribute(a, `local.${a.name}`, undefined, undefined, false, undefined);
    else if (b.type === 'module' && b.labels.length >= 1) this.nestedBlock(b, `module.${b.labels[0]}`, undefined);
    else if (b.type === 'output' && b.labels.length >= 1) this.nestedBlock(b, `output.${b.labels[0]}`, undefined);
    else if (b.type === 'variable' && b.labels.length >= 1) this.nestedBlock(b, `var.${b.labels[0]}`, undefined);
  }

  /** This collector's contributions (it has read one block). */
  state(): BlockState {
    return {
      found: this.found, uses: this.uses, docs: [...this.docs], keyStoreKeys: [...this.keyStoreKeys],
      attachments: [...this.attachments], subjects: [...this.subjects], keyPolicyKeys: [...this.keyPolicyKeys],
    };
  }

  /** Adds a block's contributions, in file order (the first attachment of a policy names its subject). */
  absorb(b: BlockState): void {
    this.found.push(...b.found);
    this.uses.push(...b.uses);
    for (const [k, v] of b.docs) if (!this.docs.has(k)) this.docs.set(k, v);
    for (const k of b.keyStoreKeys) this.keyStoreKeys.add(k);
    for (const [k, v] of b.attachments) if (!this.attachments.has(k)) this.attachments.set(k, v);
    for (const [k, v] of b.subjects) if (!this.subjects.has(k)) this.subjects.set(k, v);
    for (const [k, v] of b.keyPolicyKeys) if (!this.keyPolicyKeys.has(k)) this.keyPolicyKeys.set(k, v);
  }

  finish(): HostReadResult {
    const policies: EmbeddedPolicy[] = [];
    for (const f of this.found) {
      const p = f.policy;
      // Writers made when first used: a policy of a block the edit did not touch keeps its value unbuilt (shiftedPolicy).
      if (p.syntax === 'hcl-object') p.writer = lazyWriter(p, hclObjectWriter);
      else if (p.syntax === 'json' && this.jsonWriter) p.writer = lazyWriter(p, this.jsonWriter);
      if (f.owner) {
        if (!p.subject && p.kind === 'identity') p.subject = this.attachments.get(f.owner) ?? this.subjects.get(f.owner);
        if (p.kind === 'resource' && !p.keyStoreKey) {
          const key = this.keyPolicyKeys.get(f.owner);
          if (key && this.keyStoreKeys.has(key)) p.keyStoreKey = true;
        }
      }
      policies.push(p);
    }
    const docs = this.docs;
    for (const [name, doc] of this.docs) {
      const merged = mergeDocuments(name, docs);
      const value: HostObject = { ...doc.value, props: doc.value.props.map((p) => p.key === 'Statement' && p.value.type === 'array' ? { ...p, value: { ...p.value, items: merged.statements } } : p) };
      const policy: EmbeddedPolicy = {
        locator: `data.aws_iam_policy_document.${name}`, value, range: { offset: doc.value.offset, length: doc.value.length },
        syntax: 'hcl-policy-document', writer: policyDocumentWriter,
      };
      if (merged.partlyUnknown) policy.partlyUnknown = merged.partlyUnknown;
      const uses = this.uses.filter((u) => u.name === name);
      const kinds = new Set(uses.map((u) => u.kind).filter((k): k is PolicyKind => k !== undefined));
      if (kinds.size === 1) policy.kind = [...kinds][0];
      for (const u of uses) {
        if (u.kind === 'resource' && (u.keyStoreKey || (u.owner && this.keyStoreKeys.has(this.keyPolicyKeys.get(u.owner) ?? '')))) policy.keyStoreKey = true;
        if (u.kind === 'identity' && !policy.subject && u.owner) {
          const s = u.subject ?? this.attachments.get(u.owner) ?? this.subjects.get(u.owner);
          if (s) policy.subject = s;
        }
      }
      policies.push(policy);
    }
    for (const p of policies) if (p.keyStoreKey) p.keyStoreEvidence = 'custom_key_store_id';
    policies.sort((a, b) => a.range.offset - b.range.offset);
    return { format: 'terraform', policies, problems: this.problems };
  }
}

/** A writer of `p.value`, made when a fix is first written (reading `p.value` may build it). */
function lazyWriter(p: EmbeddedPolicy, make: (value: HostValue) => HostWriter): HostWriter {
  let w: HostWriter | undefined;
  return { write: (text, changes) => (w ??= make(p.value)).write(text, changes) };
}

/**
 * A policy of a block the edit did not touch, `delta` characters from where its cached copy (offsets
 * relative to its block) says: the range is moved at once, the value tree only when something reads
 * it (a keystroke in one policy analyses that one; the host layer finds the others by their host text,
 * `selfContained`, without reading their values). `value` is an own enumerable property (a getter), so
 * a copy by spreading still has it.
 */
function shiftedPolicy(cached: EmbeddedPolicy, delta: number): EmbeddedPolicy {
  const p = { locator: cached.locator, range: { offset: cached.range.offset + delta, length: cached.range.length }, syntax: cached.syntax } as EmbeddedPolicy;
  if (cached.kind) p.kind = cached.kind;
  if (cached.keyStoreKey) p.keyStoreKey = true;
  if (cached.subject) p.subject = cached.subject;
  if (cached.partlyUnknown) p.partlyUnknown = cached.partlyUnknown;
  if (cached.selfContained) p.selfContained = true;
  let built: HostValue | undefined;
  Object.defineProperty(p, 'value', { get: () => (built ??= shifted(cached.value, delta, false, new Map())), enumerable: true, configurable: true });
  return p;
}

/** A block's cached contributions moved to `start`: policies lazily (shiftedPolicy), documents at once. */
function placed(state: BlockState, start: number): BlockState {
  return {
    found: state.found.map((f) => ({ policy: shiftedPolicy(f.policy, start), owner: f.owner })),
    uses: state.uses, docs: state.docs.length ? shifted(state.docs, start, false, new Map()) : [],
    keyStoreKeys: state.keyStoreKeys, attachments: state.attachments, subjects: state.subjects, keyPolicyKeys: state.keyPolicyKeys,
  };
}

/** Contributions of top-level blocks by their text (indentation included), offsets relative to the block. */
export type BlockCache = Map<string, BlockState>;

const OFFSET_FIELDS = new Set(['offset', 'keyOffset', 'close']);

/** A deep copy with every offset moved by `delta` (shared objects stay shared); `own`: strings detached. */
function shifted<T>(v: T, delta: number, own: boolean, seen: Map<object, unknown>): T {
  if (typeof v === 'string') return (own ? detach(v) : v) as T;
  if (v === null || typeof v !== 'object') return v;
  const got = seen.get(v);
  if (got !== undefined) return got as T;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v) out.push(shifted(x, delta, own, seen));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    out[k] = OFFSET_FIELDS.has(k) && typeof x === 'number' ? x + delta : shifted(x, delta, own, seen);
  }
  return out as T;
}

/**
 * Reads the policies of a parsed Terraform file; may throw on a bug (the tests call it to see any).
 * With `cache` (the previous read's), unchanged top-level blocks are not read again; `next` receives
 * the entries of this read.
 */
export function collectPolicies(tree: Tree, text: string, options: TerraformReadOptions = {}, cache?: BlockCache, next?: BlockCache): HostReadResult {
  const all = new Collector(text, options.jsonTemplate, options.jsonWriter);
  const blockState = (b: Node): BlockState => {
    if (!cache || !next) {
      const c = new Collector(text, options.jsonTemplate);
      c.block(b);
      return c.state();
    }
    const start = b.startIndex;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const key = text.slice(lineStart, b.endIndex);
    const hit = cache.get(key) ?? next.get(key);
    if (hit) {
      if (!next.has(key)) next.set(key, hit);
      return placed(hit, start);
    }
    const c = new Collector(text, options.jsonTemplate);
    c.block(b);
    const state = c.state();
    next.set(detach(key), shifted(state, -start, true, new Map()));
    return state;
  };
  const root = tree.rootNode;
  for (const top of root.namedChildren) {
    if (!top) continue;
    if (top.type === 'body') {
      for (const b of top.namedChildren) if (b?.type === 'block') all.absorb(blockState(b));
    } else if (top.type === 'block') all.absorb(blockState(top));
  }
  return all.finish();
}

/** Reads the policies of a parsed Terraform file. Never throws. */
export function readTerraformTree(tree: Tree, text: string, options: TerraformReadOptions = {}): HostReadResult {
  try {
    return collectPolicies(tree, text, options);
  } catch {
    return { format: 'terraform', policies: [], problems: [] };
  }
}

/**
 * Files above this length are not read (parsing 5 MB takes seconds): one problem says so. Real
 * Terraform files are far smaller; the limit is twice the core's limit for one policy.
 */
export const MAX_TERRAFORM_LENGTH = 2_000_000;

function tooLarge(text: string): HostReadResult | undefined {
  if (text.length <= MAX_TERRAFORM_LENGTH) return undefined;
  return {
    format: 'terraform', policies: [],
    problems: [{ offset: 0, length: 0, message: `This Terraform file has ${text.length.toLocaleString('en-US')} characters, more than ${MAX_TERRAFORM_LENGTH.toLocaleString('en-US')}: the policies in it are not checked.` }],
  };
}

/** Parses and reads a whole Terraform file. `parser` must have the Terraform language set. Never throws. */
export function readTerraform(parser: Parser, text: string, options: TerraformReadOptions = {}): HostReadResult {
  const large = tooLarge(text);
  if (large) return large;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    return tree ? readTerraformTree(tree, text, options) : EMPTY;
  } catch {
    return EMPTY;
  } finally {
    tree?.delete();
  }
}

/** Tokens that open a nesting level (a block, an object, a tuple, a call, a template, a heredoc). */
const OPENERS = new Set(['{', '[', '(', '${', '%{', 'block_start', 'object_start', 'tuple_start', 'quoted_template_start', 'template_interpolation_start', 'template_directive_start', 'heredoc_start']);
const CLOSERS = new Set(['}', ']', ')', 'block_end', 'object_end', 'tuple_end', 'quoted_template_end', 'template_interpolation_end', 'template_directive_end']);

/**
 * The word typed at `offset` when it is where a new top-level block may start (a line of its own,
 * outside every block, expression, comment and heredoc), as the range it spans; else undefined.
 * Decided on the syntax tree of `text`: the word's start must lie strictly inside no top-level node
 * but the file's body and error nodes whose opened brackets are all closed before it (a word that
 * begins a node, such as `chsm` read as the type of the block that follows, is at top level).
 */
export function topLevelWordAt(tree: Tree, text: string, offset: number): { offset: number; length: number } | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const word = /[A-Za-z0-9_-]/;
  let s = offset;
  while (s > 0 && word.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && word.test(text[e])) e++;
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  if (text.slice(lineStart, s).trim() !== '') return undefined;
  const nl = text.indexOf('\n', e);
  if (text.slice(e, nl < 0 ? text.length : nl).trim() !== '') return undefined;
  const inside = (n: Node) => n.startIndex < s && s < n.endIndex;
  let node: Node | null = tree.rootNode;
  for (let depth = 0; node && depth < 100; depth++) {
    let next: Node | null = null;
    let open = 0;
    for (const c of node.children) {
      if (!c || c.startIndex >= s) break;
      if (node.type === 'ERROR') {
        if (OPENERS.has(c.type)) open++;
        else if (CLOSERS.has(c.type) && open > 0) open--;
      }
      if (inside(c)) { next = c; break; }
    }
    if (open > 0) return undefined;
    if (!next) return { offset: s, length: e - s };
    // Only the file's body (directly under the root) and error nodes may hold a top-level word.
    if (!(next.type === 'body' && node.type === 'config_file') && next.type !== 'ERROR') return undefined;
    node = next;
  }
  return undefined;
}

/** Row and column (UTF-16 units) of an offset: tree-sitter wants points along with offsets. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0, lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { row++; lineStart = i + 1; }
  return { row, column: offset - lineStart };
}

/**
 * One open Terraform document: keeps its last tree so that the next version re-parses incrementally
 * (`tree.edit()` then `parser.parse(text, oldTree)`). Call `dispose()` when the document closes.
 */
export class TerraformDocument {
  private tree: Tree | null = null;
  private text = '';
  private cache: BlockCache = new Map();

  constructor(private readonly parser: Parser, private readonly options: TerraformReadOptions = {}) {}

  /**
   * Reads a new version of the document. `changes` (offsets into the previous version, applied in
   * order) are optional: without them the changed region is found by comparing the texts.
   */
  update(text: string, changes?: readonly Edit[]): HostReadResult {
    const large = tooLarge(text);
    if (large) { this.dispose(); return large; }
    try {
      if (this.tree) {
        const edits = changes ?? [diff(this.text, text)];
        let before = this.text;
        for (const e of edits) {
          if (e.offset < 0 || e.offset + e.length > before.length) { this.reset(); break; }
          const after = before.slice(0, e.offset) + e.newText + before.slice(e.offset + e.length);
          this.tree!.edit({
            startIndex: e.offset, oldEndIndex: e.offset + e.length, newEndIndex: e.offset + e.newText.length,
            startPosition: pointAt(before, e.offset), oldEndPosition: pointAt(before, e.offset + e.length),
            newEndPosition: pointAt(after, e.offset + e.newText.length),
            // the fields are all tree.edit() reads: no need to load the Edit class into the core
          } as unknown as Parameters<Tree['edit']>[0]);
          before = after;
        }
        if (this.tree && before !== text) this.reset();
      }
      const next = this.parser.parse(text, this.tree);
      this.tree?.delete();
      this.tree = next;
      this.text = text;
      if (!next) return EMPTY;
      const entries: BlockCache = new Map();
      const result = collectPolicies(next, text, this.options, this.cache, entries);
      this.cache = entries;
      return result;
    } catch {
      this.reset();
      return EMPTY;
    }
  }

  /** `topLevelWordAt` on this document's tree (read `text` first if it is not the last version read). */
  topLevelWordAt(text: string, offset: number): { offset: number; length: number } | undefined {
    if (text !== this.text || !this.tree) this.update(text);
    try { return this.tree ? topLevelWordAt(this.tree, text, offset) : undefined; } catch { return undefined; }
  }

  private reset(): void {
    this.tree?.delete();
    this.tree = null;
    this.cache = new Map();
  }

  dispose(): void {
    this.reset();
    this.text = '';
  }
}

/** Open Terraform files whose syntax trees a reader keeps (a CLI run reads each file once: one at a time is kept). */
export const MAX_TERRAFORM_DOCUMENTS = 64;

/**
 * The Terraform host reader over an initialised parser: one incrementally re-parsed
 * `TerraformDocument` per file name, the least recently read dropped first beyond
 * MAX_TERRAFORM_DOCUMENTS.
 */
export function terraformHostReader(parser: Parser, options: TerraformReadOptions = {}): HostReader {
  const documents = new Map<string, TerraformDocument>();
  const documentFor = (name: string): TerraformDocument => {
    let d = documents.get(name);
    if (d) documents.delete(name);
    else {
      if (documents.size >= MAX_TERRAFORM_DOCUMENTS) {
        const [oldest, doc] = documents.entries().next().value as [string, TerraformDocument];
        doc.dispose();
        documents.delete(oldest);
      }
      d = new TerraformDocument(parser, options);
    }
    documents.set(name, d);
    return d;
  };
  return {
    format: 'terraform',
    accepts: (name) => /\.tf$/i.test(name),
    read: (text, name) => documentFor(name).update(text),
    close(name) {
      documents.get(name)?.dispose();
      documents.delete(name);
    },
    topLevelWordAt: (text, name, offset) => documentFor(name).topLevelWordAt(text, offset),
  };
}

/** The one edit that turns `a` into `b` (common prefix and suffix kept). */
function diff(a: string, b: string): Edit {
  let s = 0;
  const max = Math.min(a.length, b.length);
  // 256 characters at a time (a compare of two substrings is one memory compare), then one by one.
  while (s + 256 <= max && a.substring(s, s + 256) === b.substring(s, s + 256)) s += 256;
  while (s < max && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let e = 0;
  while (e + 256 <= max - s && a.substring(a.length - e - 256, a.length - e) === b.substring(b.length - e - 256, b.length - e)) e += 256;
  while (e < max - s && a.charCodeAt(a.length - 1 - e) === b.charCodeAt(b.length - 1 - e)) e++;
  return { offset: s, length: a.length - s - e, newText: b.slice(s, b.length - e) };
}

/**
 * The CloudFormation / SAM template reader: recognises a template by its content (never its file
 * name), finds the policies in its resources and turns each into an EmbeddedPolicy.
 *
 * Read: AWS::IAM::Policy / ManagedPolicy `PolicyDocument`; AWS::IAM::Role `Policies[].PolicyDocument`
 * and `AssumeRolePolicyDocument` (trust); AWS::IAM::User / Group `Policies[].PolicyDocument`;
 * AWS::IAM::RolePolicy / UserPolicy / GroupPolicy `PolicyDocument`; AWS::KMS::Key / ReplicaKey
 * `KeyPolicy` (key policy); AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy
 * `PolicyDocument` and AWS::SecretsManager::ResourcePolicy `ResourcePolicy` (resource policies);
 * AWS::Serverless::Function / StateMachine `Policies` (inline documents, SAM policy templates).
 * A role's inline policies, and the policies attached to it in the same template (`Roles: [!Ref R]`,
 * `RoleName: !Ref R`), share the subject `R`. `Fn::If` in a policy is explored branch by branch
 * (at most MAX_VARIANTS variants per policy). Pure; never throws.
 */
import type { PolicyKind } from '../../types';
import type { EmbeddedPolicy, HostProblem, HostReadResult, HostValue, HostWriter } from '../types';
import { FORMAT, mayBeTemplate } from './detect';
import { jsonStringDocument } from './jsonString';
import { expandSamTemplate, type SamTemplates } from './sam';
import { deref, entryOf, parseTemplateTree, type ParsedTree, type RNode } from './tree';
import { Converter, intrinsicOf, NO_VALUE, ValueBudgetExceeded, type CfnMeta, type TransformSite } from './values';
import { yamlWriter } from './yamlWriter';

export const MAX_VARIANTS = 8;
/** Values one reading of a policy may build (aliases count each time they are expanded). */
export const VALUE_BUDGET = 50_000;

/**
 * CloudFormation's limit on a template's size (1 MB, a template in S3); the YAML parser takes seconds
 * per megabyte, so a larger file that looks like a template gets one problem instead of a reading.
 */
export const MAX_TEMPLATE_LENGTH = 1_048_576;

export { FORMAT, mayBeTemplate };

interface Site {
  locator: string;
  node: RNode;
  kind?: PolicyKind;
  subject?: string;
  keyStoreKey?: boolean;
  /** Fn::If choices made to reach the policy (a `Policies` item that is an `!If`). */
  choices?: Map<string, boolean>;
  /** A SAM policy template entry. */
  sam?: { name: string; params: RNode | undefined; entry: RNode };
}

const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
};

/**
 * The policies of a template. `writer` writes fixes back (JSON templates); `sam` is the SAM policy
 * templates the edge loaded (schemas/sam-policy-templates.json): without them, a function's policy
 * template entry is reported as not expanded.
 */
export function readCloudFormation(text: string, writer: HostWriter | undefined = undefined, sam: SamTemplates | undefined = undefined): HostReadResult {
  const early = precheck(text);
  return early ?? readTree(text, parseTemplateTree(text), writer, sam);
}

const NONE: HostReadResult = { format: null, policies: [], problems: [] };

/** What a text gets without parsing it: not a template, or too large; undefined when it is to be parsed. */
export function precheck(text: string): HostReadResult | undefined {
  if (!mayBeTemplate(text)) return { ...NONE, policies: [], problems: [] };
  if (text.length > MAX_TEMPLATE_LENGTH) {
    const head = text.slice(0, 65_536);
    if (!/AWSTemplateFormatVersion|AWS::Serverless-|["']?Type["']?\s*:\s*["']?AWS::/.test(head)) return { ...NONE, policies: [], problems: [] };
    const mb = (text.length / 1_048_576).toFixed(1);
    return { format: FORMAT, policies: [], problems: [{ offset: 0, length: 0, message: `The template is ${mb} MB, over CloudFormation's 1 MB limit for a template: its policies are not checked.` }] };
  }
  return undefined;
}

/** Reads the policies of a parsed template (the whole text's tree, however it was parsed). Never throws. */
export function readTree(text: string, tree: ParsedTree, writer: HostWriter | undefined = undefined, sam: SamTemplates | undefined = undefined): HostReadResult {
  const none: HostReadResult = { format: null, policies: [], problems: [] };
  try {
    const root = deref(tree.root);
    if (!isTemplate(root)) return none;
    const syntax = tree.syntax;
    const w = writer ?? (syntax === 'yaml' ? yamlWriter : undefined);
    const resources = deref(entryOf(root, 'Resources')?.value);
    const sites: Site[] = [];
    const extras = new Map<string, string[]>();
    if (resources?.t === 'map') {
      const roleNames = roleNameIndex(resources);
      const ids = new Set(resources.entries.map((e) => e.key));
      for (const r of resources.entries) collect(r.key, deref(r.value), roleNames, ids, sites, extras);
    }
    const policies: EmbeddedPolicy[] = [];
    const problems: HostProblem[] = [];
    for (const site of sites) policies.push(...embed(text, site, syntax, w, sam, extras, problems));
    for (const p of policies) {
      const notes = p.subject ? extras.get(p.subject) : undefined;
      if (notes?.length) p.partlyUnknown = [p.partlyUnknown, `${p.subject} ${notes.join('; ')}`].filter(Boolean).join('; ');
    }
    for (const p of tree.problems) {
      if (policies.some((q) => p.offset >= q.range.offset && p.offset <= q.range.offset + q.range.length)) problems.push(p);
    }
    return { format: FORMAT, policies, problems };
  } catch {
    return none;
  }
}

/** An `Fn::Transform` (long form, or the `!Transform` tag). */
function isTransform(n: RNode | undefined): boolean {
  const v = deref(n);
  return !!v && intrinsicOf(v)?.name === 'Transform';
}

/** `AWSTemplateFormatVersion`, a SAM `Transform`, or a `Resources` map with an `AWS::` type. */
function isTemplate(root: RNode | undefined): boolean {
  if (root?.t !== 'map') return false;
  if (entryOf(root, 'AWSTemplateFormatVersion')) return true;
  const tr = deref(entryOf(root, 'Transform')?.value);
  const trs = tr?.t === 'seq' ? tr.items.map(deref) : [tr];
  if (trs.some((t) => t?.t === 'str' && t.value.startsWith('AWS::Serverless'))) return true;
  const res = deref(entryOf(root, 'Resources')?.value);
  return res?.t === 'map' && res.entries.some((e) => typeOf(deref(e.value)).startsWith('AWS::'));
}

function typeOf(r: RNode | undefined): string {
  const t = deref(entryOf(r, 'Type')?.value);
  return t?.t === 'str' && !t.tag ? t.value : '';
}

/** Literal `RoleName` / `UserName` / `GroupName` of the principals in the template -> logical id. */
function roleNameIndex(resources: RNode & { t: 'map' }): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of resources.entries) {
    const res = deref(r.value);
    const t = typeOf(res);
    const prop = t === 'AWS::IAM::Role' ? 'RoleName' : t === 'AWS::IAM::User' ? 'UserName' : t === 'AWS::IAM::Group' ? 'GroupName' : '';
    if (!prop) continue;
    const n = deref(entryOf(deref(entryOf(res, 'Properties')?.value), prop)?.value);
    if (n?.t === 'str' && !n.tag) m.set(`${t}/${n.value}`, r.key);
  }
  return m;
}

/** The logical id a `!Ref X` / literal name designates among the template's principals of `type`. */
function principalRef(n: RNode | undefined, type: string, names: Map<string, string>, resources: Set<string>): string | undefined {
  const v = deref(n);
  if (!v) return undefined;
  const fn = intrinsicOf(v);
  if (fn) {
    const a = deref(fn.arg);
    if (fn.name === 'Ref' && a?.t === 'str' && resources.has(a.value)) return a.value;
    return undefined;
  }
  return v.t === 'str' ? names.get(`${type}/${v.value}`) : undefined;
}

function collect(id: string, res: RNode | undefined, names: Map<string, string>, resourceIds: Set<string>, sites: Site[], extras: Map<string, string[]>): void {
  const type = typeOf(res);
  if (!type) return;
  const props = deref(entryOf(res, 'Properties')?.value);
  if (props?.t !== 'map') return;
  const at = (p: string) => entryOf(props, p)?.value;
  const base = `Resources.${id}`;
  const note = (owner: string, what: string) => { const l = extras.get(owner) ?? []; if (!l.includes(what)) l.push(what); extras.set(owner, l); };
  switch (type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy': {
      const doc = at('PolicyDocument');
      if (!doc) return;
      const subjects = new Set<string>();
      const add = (list: RNode | undefined, ptype: string, single: boolean) => {
        const l = deref(list);
        const items = single ? [l] : l?.t === 'seq' ? l.items : [];
        for (const it of items) { const s = principalRef(it, ptype, names, resourceIds); if (s) subjects.add(s); }
      };
      add(at('Roles'), 'AWS::IAM::Role', false);
      add(at('Users'), 'AWS::IAM::User', false);
      add(at('Groups'), 'AWS::IAM::Group', false);
      add(at('RoleName'), 'AWS::IAM::Role', true);
      add(at('UserName'), 'AWS::IAM::User', true);
      add(at('GroupName'), 'AWS::IAM::Group', true);
      const subject = subjects.size === 1 ? [...subjects][0] : undefined;
      sites.push({ locator: `${base}.PolicyDocument`, node: doc, kind: 'identity', subject });
      return;
    }
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group': {
      if (type === 'AWS::IAM::Role') {
        const trust = at('AssumeRolePolicyDocument');
        if (trust) sites.push({ locator: `${base}.AssumeRolePolicyDocument`, node: trust, kind: 'trust' });
      }
      const list = deref(at('Policies'));
      if (list?.t === 'seq' && !isTransform(list)) {
        list.items.forEach((it, i) => {
          for (const b of branches(it)) {
            // A policy that an Fn::Transform gives (AWS::Include) is read as opaque.
            const doc = isTransform(b.node) ? b.node : entryOf(b.node, 'PolicyDocument')?.value;
            if (doc) sites.push({ locator: `${base}.Policies[${i}]`, node: doc, kind: 'identity', subject: id, choices: b.choices });
          }
        });
      } else if (list && isTransform(list)) {
        sites.push({ locator: `${base}.Policies`, node: list, kind: 'identity', subject: id });
      } else if (!list && props.entries.some((e) => e.key === 'Fn::Transform')) {
        // Properties merged from an Fn::Transform may hold the principal's policies.
        const e = props.entries.find((x) => x.key === 'Fn::Transform')!;
        sites.push({ locator: `${base}.Properties`, node: { t: 'map', flow: false, offset: e.offset, length: e.length, entries: [{ ...e }] }, kind: 'identity', subject: id });
      }
      const managed = deref(at('ManagedPolicyArns'));
      if (managed?.t === 'seq' && managed.items.length) note(id, `also has ${managed.items.length} managed ${managed.items.length === 1 ? 'policy' : 'policies'} (ManagedPolicyArns) that the template does not show`);
      return;
    }
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey': {
      const doc = at('KeyPolicy');
      if (!doc) return;
      const origin = deref(at('Origin'));
      const keyStoreKey = (origin?.t === 'str' && origin.value === 'AWS_CLOUDHSM') || !!at('CustomKeyStoreId') || undefined;
      sites.push({ locator: `${base}.KeyPolicy`, node: doc, kind: 'resource', keyStoreKey });
      return;
    }
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine': {
      const pol = deref(at('Policies'));
      if (!pol) return;
      const items = (pol.t === 'seq' ? pol.items.map((n, i) => ({ n, loc: `${base}.Policies[${i}]` })) : [{ n: pol as RNode, loc: `${base}.Policies` }])
        .flatMap(({ n, loc }) => branches(n).map((b) => ({ v: b.node, choices: b.choices, loc })));
      for (const { v, choices, loc } of items) {
        if (!v) continue;
        if (isTransform(v)) { sites.push({ locator: loc, node: v, kind: 'identity', subject: id, choices }); continue; }
        if (v.t === 'str' || intrinsicOf(v)) { note(id, `also has the managed policy ${v.t === 'str' && !v.tag ? v.value : 'that an intrinsic function names'}, which the template does not show`); continue; }
        if (v.t !== 'map') continue;
        if (entryOf(v, 'Statement')) { sites.push({ locator: loc, node: v, kind: 'identity', subject: id, choices }); continue; }
        if (v.entries.length === 1) {
          const name = v.entries[0].key;
          sites.push({ locator: loc, node: v, kind: 'identity', subject: id, choices, sam: { name, params: v.entries[0].value, entry: v } });
        }
      }
      return;
    }
    default: {
      const prop = RESOURCE_POLICIES[type];
      const doc = prop ? at(prop) : undefined;
      if (doc) sites.push({ locator: `${base}.${prop}`, node: doc, kind: 'resource' });
    }
  }
}

/**
 * The values an item may be: itself, or each branch of its `Fn::If` (nested ones too, at most 8),
 * with the choices that lead there; an `AWS::NoValue` branch is no value.
 */
function branches(n: RNode | undefined, choices = new Map<string, boolean>(), depth = 0): Array<{ node: RNode; choices: Map<string, boolean> }> {
  const v = deref(n);
  if (!v) return [];
  const fn = intrinsicOf(v);
  if (!fn) return [{ node: v, choices }];
  const a = deref(fn.arg);
  if (fn.name === 'Ref') return a?.t === 'str' && a.value === 'AWS::NoValue' ? [] : [{ node: v, choices }];
  if (fn.name !== 'If' || depth > 2 || a?.t !== 'seq' || a.items.length !== 3) return [{ node: v, choices }];
  const cond = deref(a.items[0]);
  if (cond?.t !== 'str') return [{ node: v, choices }];
  const fixed = choices.get(cond.value);
  const out: Array<{ node: RNode; choices: Map<string, boolean> }> = [];
  for (const [value, item] of [[true, a.items[1]], [false, a.items[2]]] as const) {
    if (fixed !== undefined && fixed !== value) continue;
    out.push(...branches(item, new Map([...choices, [cond.value, value]]), depth + 1));
  }
  return out.slice(0, MAX_VARIANTS);
}

function embed(text: string, site: Site, syntax: 'yaml' | 'json', writer: HostWriter | undefined, sam: SamTemplates | undefined, extras: Map<string, string[]>, problems: HostProblem[]): EmbeddedPolicy[] {
  const node = site.sam ? site.sam.entry : site.node;
  const range = { offset: node.offset, length: node.length };
  // A document written as a JSON string: read from the string; no writer (fixes are not offered).
  const js = site.sam ? undefined : jsonStringDocument(text, site.node);
  if (js) {
    problems.push(...js.problems);
    if (!js.value) return [];
    const p: EmbeddedPolicy = { locator: site.locator, value: js.value, range: js.range, syntax: 'json' };
    if (site.kind) p.kind = site.kind;
    if (site.keyStoreKey) p.keyStoreKey = true;
    if (site.subject) p.subject = site.subject;
    if (site.choices?.size) p.variant = [...site.choices].map(([k, v]) => `${k}=${v}`).join(', ');
    return [p];
  }
  const queue: Array<Map<string, boolean>> = [new Map(site.choices ?? [])];
  const results: Array<{ value: HostValue; choices: Map<string, boolean>; transforms?: TransformSite[] }> = [];
  let truncated = false;
  let budget = 4 * VALUE_BUDGET;
  while (queue.length) {
    const choices = queue.shift()!;
    const conv = new Converter(text, choices, Math.max(1, Math.min(budget, VALUE_BUDGET)));
    let value: HostValue | typeof NO_VALUE | undefined;
    try {
      value = site.sam ? expandSamTemplate(sam, site.sam.name, site.sam.params, site.sam.entry, conv) : conv.convert(site.node);
    } catch (e) {
      if (!(e instanceof ValueBudgetExceeded)) throw e;
      problems.push({ ...range, message: `${site.locator} is not checked: it expands (through YAML aliases) to more than ${VALUE_BUDGET.toLocaleString('en-US')} values.` });
      return [];
    }
    budget -= conv.used;
    if (site.sam && value === undefined) {
      const l = extras.get(site.subject!) ?? [];
      l.push(`also has the SAM policy template ${site.sam.name}, which is not expanded`);
      extras.set(site.subject!, l);
      return [];
    }
    if (conv.undecided.length) {
      if (results.length + queue.length + 2 <= MAX_VARIANTS && budget > 0) {
        const c = conv.undecided[0];
        queue.push(new Map([...choices, [c, true]]), new Map([...choices, [c, false]]));
        continue;
      }
      truncated = true;
    }
    if (conv.transforms.length && value && value !== NO_VALUE) {
      // Content an Fn::Transform returns (AWS::Include's S3 object, a macro's output) cannot be read
      // offline: the document holds an opaque statement there, so the class verdict is partly unknown.
      const opaque = withOpaqueStatements(value, conv.transforms, site.kind);
      if (opaque) results.push({ value: opaque, choices, transforms: conv.transforms });
      continue;
    }
    if (value && value !== NO_VALUE && value.type === 'object') results.push({ value, choices });
  }
  return results.map((r) => {
    const p: EmbeddedPolicy = { locator: site.locator, value: r.value, range, syntax };
    if (r.transforms) {
      const t = r.transforms[0];
      const what = t.name === 'AWS::Include' ? `content included by AWS::Include${t.location ? ` from ${t.location}` : ''}` : `content generated by the macro ${t.name} (Fn::Transform)`;
      const note = `${r.transforms.length > 1 ? `${r.transforms.length} Fn::Transform, among them ` : ''}${what}, which an offline check cannot read`;
      // The subject's every policy says so (its verdict is judged on their union); a policy alone says it itself.
      if (site.subject) {
        const l = extras.get(site.subject) ?? [];
        const line = `has in ${site.locator} ${note}`;
        if (!l.includes(line)) l.push(line);
        extras.set(site.subject, l);
      } else p.partlyUnknown = note;
    }
    if (site.kind) p.kind = site.kind;
    if (site.keyStoreKey) p.keyStoreKey = true;
    if (site.subject) p.subject = site.subject;
    if (r.choices.size) p.variant = [...r.choices].map(([k, v]) => `${k}=${v}`).join(', ');
    if (truncated) p.partlyUnknown = [p.partlyUnknown, `more than ${MAX_VARIANTS} combinations of its Fn::If conditions: only ${results.length} are checked`].filter(Boolean).join('; ');
    // Fixes are not offered where an opaque statement stands in for a transform's content.
    if (!site.sam && writer && !r.transforms) p.writer = writer;
    return p;
  });
}

/**
 * The document with an opaque statement (Effect, Action, Resource and, outside identity policies,
 * Principal all unknown, at the transform's range) for each place an Fn::Transform fills: the whole
 * document, its Statement, a statement, or keys merged into one. Undefined when it is no document.
 */
function withOpaqueStatements(value: HostValue, transforms: TransformSite[], kind: PolicyKind | undefined): HostValue | undefined {
  const meta: CfnMeta = { readonly: true };
  const u = (t: TransformSite): HostValue => ({ type: 'unknown', offset: t.offset, length: t.length, source: 'Fn::Transform', meta });
  const prop = (t: TransformSite, key: string, v: HostValue) => ({ key, offset: t.offset, length: t.length, keyOffset: t.offset, keyLength: 0, value: v });
  const statement = (t: TransformSite): HostValue => ({
    type: 'object', offset: t.offset, length: t.length, meta,
    props: [prop(t, 'Effect', u(t)), ...(kind && kind !== 'identity' ? [prop(t, 'Principal', u(t))] : []), prop(t, 'Action', u(t)), prop(t, 'Resource', u(t))],
  });
  const t0 = transforms[0];
  if (value.type === 'unknown') {
    // The whole document (or the Policies list or item that holds it) is the transform's.
    const version: HostValue = { type: 'string', offset: t0.offset, length: t0.length, parts: [{ kind: 'text', text: '2012-10-17', offset: t0.offset, length: t0.length, exact: false }], meta };
    return { type: 'object', offset: value.offset, length: value.length, meta, props: [prop(t0, 'Version', version), prop(t0, 'Statement', { type: 'array', offset: t0.offset, length: t0.length, meta, items: transforms.map(statement) })] };
  }
  if (value.type !== 'object') return undefined;
  const i = value.props.findIndex((p) => p.key === 'Statement');
  const extra = transforms.map(statement);
  if (i < 0) return { ...value, props: [...value.props, prop(t0, 'Statement', { type: 'array', offset: t0.offset, length: t0.length, meta, items: extra })] };
  const st = value.props[i].value;
  const items = st.type === 'array' ? [...st.items, ...extra] : st.type === 'unknown' ? extra : [st, ...extra];
  const props = value.props.slice();
  props[i] = { ...props[i], value: { type: 'array', offset: st.offset, length: st.length, meta, items } };
  return { ...value, props };
}

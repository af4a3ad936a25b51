/**
 * The policy model: the parts of an IAM policy document the checks read, with their nodes (and
 * so their offsets). Built once per analysis from the jsonc-parser tree; tolerant of any shape.
 */
import { Node, keyOf, properties, valueOf } from './json';
import type { PolicyKind } from './types';
import { UNKNOWN as UNKNOWN_CHAR } from './host/types';

export interface Prop {
  key: string;
  /** The property node (key, colon and value). */
  node: Node;
  keyNode: Node;
  /** The value; undefined while the user is still typing it. */
  value: Node | undefined;
}

export interface StringItem { value: string; node: Node }

export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
export const TOP_ELEMENTS = ['Version', 'Id', 'Statement'] as const;

export class Statement {
  readonly props: Prop[];
  constructor(readonly node: Node, readonly index: number) {
    this.props = toProps(node);
  }
  /** The first property named exactly `name` (element names are case-sensitive). */
  get(name: string): Prop | undefined {
    // A statement has a handful of elements: a scan beats building a map for every statement of
    // every keystroke. A pasted monster with hundreds of keys gets the map.
    const props = this.props;
    if (props.length <= 16) {
      for (let i = 0; i < props.length; i++) if (props[i].key === name) return props[i];
      return undefined;
    }
    if (!this.byKey) {
      this.byKey = new Map();
      for (const p of props) if (!this.byKey.has(p.key)) this.byKey.set(p.key, p);
    }
    return this.byKey.get(name);
  }
  private byKey?: Map<string, Prop>;
  get isObject(): boolean { return this.node.type === 'object'; }
  get effect(): string | undefined { const v = this.get('Effect')?.value; return v?.type === 'string' ? v.value : undefined; }
  get isAllow(): boolean { return this.effect === 'Allow'; }
  get isDeny(): boolean { return this.effect === 'Deny'; }
  /** The Action or NotAction property, whichever is present (Action wins). */
  get actionProp(): Prop | undefined { return this.get('Action') ?? this.get('NotAction'); }
  get resourceProp(): Prop | undefined { return this.get('Resource') ?? this.get('NotResource'); }
  get principalProp(): Prop | undefined { return this.get('Principal') ?? this.get('NotPrincipal'); }
  get hasCondition(): boolean {
    const c = this.get('Condition')?.value;
    return !!c && !(c.type === 'object' && (!c.children || c.children.length === 0));
  }
  private _actionItems?: StringItem[];
  private _resourceItems?: StringItem[];
  /** The string entries of Action or NotAction (computed once; callers must not mutate the array). */
  actionItems(): StringItem[] { return (this._actionItems ??= strings(this.actionProp?.value)); }
  /** The string entries of Resource or NotResource (computed once; callers must not mutate the array). */
  resourceItems(): StringItem[] { return (this._resourceItems ??= strings(this.resourceProp?.value)); }
  private _principalItems?: StringItem[];
  /**
   * The principal values of Principal (not NotPrincipal): "*", or every string under AWS, Service,
   * Federated, CanonicalUser (computed once; callers must not mutate the array).
   */
  principalItems(): StringItem[] {
    if (this._principalItems) return this._principalItems;
    const v = this.get('Principal')?.value;
    let out: StringItem[];
    if (!v) out = [];
    else if (v.type === 'string') out = [{ value: v.value, node: v }];
    else if (v.type !== 'object') out = [];
    else {
      out = [];
      for (const p of v.children ?? []) for (const item of strings(p.children?.[1])) out.push(item);
    }
    return (this._principalItems = out);
  }
}

export interface PolicyDoc {
  root: Node;
  props: Prop[];
  statementProp: Prop | undefined;
  statements: Statement[];
  kind: PolicyKind;
  /** The text holds UNKNOWN values (a policy projected from a host document, host/project.ts). */
  hasUnknown?: boolean;
}

export function toProps(node: Node | undefined): Prop[] {
  return properties(node).map((p) => ({ key: keyOf(p), node: p, keyNode: p.children![0], value: valueOf(p) }));
}

/** The strings of a string-or-array-of-strings value (other entries are skipped). */
export function strings(node: Node | undefined): StringItem[] {
  if (!node) return [];
  if (node.type === 'string') return [{ value: node.value, node }];
  if (node.type === 'array') return (node.children ?? []).filter((c) => c.type === 'string').map((c) => ({ value: c.value as string, node: c }));
  return [];
}

/** Quick test: is this parsed document an IAM policy (a top-level object with a Statement)? */
export function looksLikePolicy(root: Node | undefined): boolean {
  return !!root && root.type === 'object' && properties(root).some((p) => keyOf(p) === 'Statement');
}

const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext|\*)$/i;

/** Builds the model; `kind` overrides the inferred policy kind. */
export function buildPolicy(root: Node, kind?: PolicyKind): PolicyDoc {
  const props = toProps(root);
  const statementProp = props.find((p) => p.key === 'Statement');
  const v = statementProp?.value;
  const nodes = !v ? [] : v.type === 'array' ? (v.children ?? []) : [v];
  const statements = nodes.map((n, i) => new Statement(n, i));
  return { root, props, statementProp, statements, kind: kind ?? inferKind(statements) };
}

/**
 * identity: no statement names a principal. trust: every statement with a principal allows only
 * sts:AssumeRole-family actions. resource: otherwise (key policies are resource policies).
 */
export function inferKind(statements: Statement[]): PolicyKind {
  const withPrincipal = statements.filter((s) => s.principalProp);
  if (withPrincipal.length === 0) return 'identity';
  const trust = withPrincipal.every((s) => {
    const items = s.actionItems();
    // An action a host document computes (UNKNOWN, host/types.ts) may be one of them.
    return items.length > 0 && items.every((a) => TRUST_ACTION.test(a.value) || a.value.includes(UNKNOWN_CHAR));
  });
  return trust ? 'trust' : 'resource';
}

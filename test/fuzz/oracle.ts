/**
 * An oracle for what a policy grants, independent of the implementation: brute force over the names
 * of the catalog's actions, with IAM's action matching written out here (a case-insensitive glob over
 * "service:Action", `*` any run of characters, `?` one) rather than taken from the catalog or the
 * role analysis. For each action: is it allowed by some Allow statement (Action names it, or NotAction
 * does not), and not taken away by an unconditional Deny over every resource?
 *
 * Deliberately simple: Resource is not matched against the action's resource types (a statement
 * applies when it has a Resource or NotResource; the fix verifier checks Resource edits structurally);
 * a Condition makes an Allow conditional and a Deny ineffective (it may not apply).
 */
import { getNodeValue, Node } from 'jsonc-parser';

export interface OracleGrants {
  /** Every Allow statement, whatever its principal (the policy read as an identity policy). */
  identity: Set<string>;
  identityUnconditional: Set<string>;
  /** Key and trust policies: the union over named principals ("*" is everyone) of what each is granted. */
  own: Set<string>;
  ownUnconditional: Set<string>;
  /** Every action some applicable Deny statement names, whatever its resource or condition. */
  denied: Set<string>;
}

export class GrantOracle {
  private readonly byService = new Map<string, string[]>();
  private readonly memo = new Map<string, ReadonlySet<string>>();

  constructor(private readonly actionNames: readonly string[]) {
    for (const name of actionNames) {
      const service = name.slice(0, name.indexOf(':')).toLowerCase();
      let list = this.byService.get(service);
      if (!list) this.byService.set(service, (list = []));
      list.push(name);
    }
  }

  /** The action names one Action/NotAction entry matches. */
  matches(pattern: string): ReadonlySet<string> {
    const key = pattern.toLowerCase();
    const known = this.memo.get(key);
    if (known) return known;
    const colon = key.indexOf(':');
    const service = colon < 0 ? '' : key.slice(0, colon);
    // Only a service part without wildcards narrows the search; otherwise every action is tried.
    const candidates = /[*?]/.test(service) || colon < 0 ? this.actionNames : this.byService.get(service) ?? [];
    let re = '^';
    for (const ch of key) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    const regex = new RegExp(re + '$', 's');
    const out = new Set(key === '*' ? this.actionNames : candidates.filter((n) => regex.test(n.toLowerCase())));
    this.memo.set(key, out);
    return out;
  }

  /** What a statement's Action or NotAction covers. */
  private covered(st: Record<string, unknown>): ReadonlySet<string> {
    if (st.Action !== undefined) {
      const out = new Set<string>();
      for (const p of list(st.Action)) if (typeof p === 'string') for (const n of this.matches(p)) out.add(n);
      return out;
    }
    const excluded = new Set<string>();
    for (const p of list(st.NotAction)) if (typeof p === 'string') for (const n of this.matches(p)) excluded.add(n);
    return new Set(this.actionNames.filter((n) => !excluded.has(n)));
  }

  /** The grants of a policy (the root of its JSON tree) read as `kind`. */
  grants(root: Node, kind: string): OracleGrants {
    const sv = firstWins(root)?.Statement;
    const statements = (sv?.type === 'array' ? sv.children ?? [] : sv ? [sv] : [])
      .map((n) => elements(n)).filter((s): s is Record<string, unknown> => !!s && applies(s, kind));
    const allows = statements.filter((s) => s.Effect === 'Allow').map((s) => ({ s, actions: this.covered(s), conditional: hasCondition(s), who: principals(s) }));
    const denies = statements.filter((s) => s.Effect === 'Deny').map((s) => ({ s, actions: this.covered(s), effective: !hasCondition(s) && (kind === 'trust' || allResources(s)), who: principals(s) }));

    const denied = new Set<string>();
    for (const d of denies) for (const n of d.actions) denied.add(n);

    const view = (subject: string | undefined) => {
      const all = new Set<string>();
      const unconditional = new Set<string>();
      const removed = new Set<string>();
      const reaches = (who: string[]) => subject === undefined || who.includes('*') || who.includes(subject);
      for (const d of denies) if (d.effective && reaches(d.who)) for (const n of d.actions) removed.add(n);
      for (const a of allows) {
        if (!reaches(a.who)) continue;
        for (const n of a.actions) {
          if (removed.has(n)) continue;
          all.add(n);
          if (!a.conditional) unconditional.add(n);
        }
      }
      return { all, unconditional };
    };
    const identity = view(undefined);
    let own = identity;
    if (kind !== 'identity') {
      own = { all: new Set(), unconditional: new Set() };
      const subjects = new Set(allows.flatMap((a) => a.who));
      for (const p of subjects) {
        const v = view(p);
        for (const n of v.all) own.all.add(n);
        for (const n of v.unconditional) own.unconditional.add(n);
      }
    }
    return { identity: identity.all, identityUnconditional: identity.unconditional, own: own.all, ownUnconditional: own.unconditional, denied };
  }
}

/** An object node's properties by key; of a repeated key the first counts (as the analysis reads it). */
function firstWins(n: Node | undefined): Record<string, Node> | undefined {
  if (n?.type !== 'object') return undefined;
  const out: Record<string, Node> = {};
  for (const p of n.children ?? []) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && !(k in out) && p.children?.[1]) out[k] = p.children[1];
  }
  return out;
}

/** A statement's elements as plain values (first of a repeated key). */
function elements(n: Node): Record<string, unknown> | undefined {
  const props = firstWins(n);
  if (!props) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) out[k] = getNodeValue(v);
  return out;
}

function list(v: unknown): unknown[] { return v === undefined ? [] : Array.isArray(v) ? v : [v]; }

function isEmpty(v: unknown): boolean {
  return v === '' || (Array.isArray(v) && v.length === 0) || (!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

/**
 * Whether AWS would apply the statement at all: an Action or a NotAction (not both), nothing empty
 * (an empty list applies to nothing), a Resource or NotResource outside a role trust policy.
 */
function applies(s: Record<string, unknown>, kind: string): boolean {
  if ((s.Action === undefined) === (s.NotAction === undefined)) return false;
  for (const k of ['Action', 'NotAction', 'Resource', 'NotResource', 'Principal']) if (s[k] !== undefined && isEmpty(s[k])) return false;
  return kind === 'trust' || s.Resource !== undefined || s.NotResource !== undefined;
}

function hasCondition(s: Record<string, unknown>): boolean {
  return s.Condition !== undefined && !isEmpty(s.Condition);
}

function allResources(s: Record<string, unknown>): boolean {
  return s.NotResource === undefined && list(s.Resource).includes('*');
}

/** The principals a statement names, as "Type:value", "*" for everyone; none without Principal. */
function principals(s: Record<string, unknown>): string[] {
  const p = s.Principal;
  if (p === '*') return ['*'];
  if (!p || typeof p !== 'object' || Array.isArray(p)) return [];
  const out: string[] = [];
  for (const [type, v] of Object.entries(p)) for (const x of list(v)) if (typeof x === 'string') out.push(x === '*' && type === 'AWS' ? '*' : `${type}:${x}`);
  return out;
}

/**
 * The five principal classes of an AWS CloudHSM key store (the data of schemas/roles/*.json and the
 * schemas they refer to, data.ts PolicyData), resolved against the action catalog: once per analyzer
 * (knowledge.ts), never kept elsewhere.
 */
import type { Action, Catalog } from '../catalog';
import type { ClassData, PolicyData } from '../data';
import type { PolicyKind, RoleId, Severity } from '../types';

/** A power reported whatever the class, unless the subject's class is `owner`. */
export interface DangerousPower {
  actions: Set<Action>;
  owner: RoleId;
  /** In an identity policy, only where the statement's Resource covers every key. */
  onAllKeys: boolean;
  why: string;
  gate?: string;
}

export interface Requirement {
  /** One action, or several of which any one satisfies the requirement. */
  actions: Action[];
  label: string;
  why: string;
  /** Where the action must be granted when it cannot be added to any statement ("*" or an ARN). */
  resource?: string;
  condition?: Record<string, Record<string, string>>;
  /** Policy kinds in which the requirement applies (default: all). */
  contexts: PolicyKind[];
}

export interface ExcessRule {
  patterns: RegExp[];
  source: string[];
  /** `entry`: applies only to an entry written as one of `source` (or broader: "*", NotAction); `action`: to each action it matches. */
  match: 'entry' | 'action';
  severity: Severity;
  reason: string;
  why: string;
}

export interface Profile {
  id: RoleId;
  title: string;
  summary: string;
  note?: string;
  attachTo: PolicyKind[];
  /** Inference gate: the class is inferred only for a policy that grants one action of every group. */
  anchors: Array<Set<Action>>;
  /** Services of the class's required and optional actions. */
  services: Set<string>;
  /**
   * What the class judges: KMS, CloudHSM, the EC2 and IAM actions it names, the escalation actions
   * (plus iam:PassRole where it covers every role: Profiles.scopeOnAllRoles). Set by resolveProfiles.
   */
  scope: Set<Action>;
  serviceLinkedRole?: { service: string; arn: string };
  required: Requirement[];
  /** Required and optional actions: what the class may have. */
  allowed: Set<Action>;
  /** Why the class needs an action (for hover). */
  needs: Map<Action, { kind: 'required' | 'optional'; why: string }>;
  excessive: ExcessRule[];
  recommendedConditions: ClassData['recommendedConditions'];
  sources: Record<string, string>;
}

export interface Profiles {
  byId: Map<RoleId, Profile>;
  list: Profile[];
  /** Actions that can never apply to keys in a CloudHSM key store, with the reason. */
  unsupported: Map<Action, string>;
  /** Service prefixes of the classes' required actions: a policy naming none of them fits no class. */
  services: ReadonlySet<string>;
  /**
   * What some class judges (the union of Profile.scope): the key store's business. Out-of-scope
   * actions are never excess.
   */
  scope: ReadonlySet<Action>;
  /** Actions in scope only where the statement's Resource covers every role (iam:PassRole). */
  scopeOnAllRoles: ReadonlySet<Action>;
  dangerous: DangerousPower[];
}

function wild(p: string): RegExp {
  return new RegExp('^' + p.toLowerCase().split('*').map((s) => s.replace(/[.+^${}()|[\]\\?]/g, '\\$&')).join('.*') + '$');
}

/** The classes of `data` resolved against `catalog`: their actions, scope, excess rules, dangerous powers. */
export function resolveProfiles(catalog: Catalog, data: PolicyData): Profiles {
  const expand = (patterns: string[]) => patterns.flatMap((p) => catalog.match(p));
  const list = data.classes.map((d): Profile => {
    const needs = new Map<Action, { kind: 'required' | 'optional'; why: string }>();
    const required: Requirement[] = d.required.map((r) => {
      const actions = expand(r.anyOf ?? [r.action!]);
      for (const a of actions) needs.set(a, { kind: 'required', why: r.why });
      return {
        actions, why: r.why, resource: r.resource, condition: r.condition,
        label: r.anyOf ? `one of ${actions.map((a) => a.full).join(', ')}` : actions[0]?.full ?? r.action!,
        contexts: (r.contexts ?? ['identity', 'resource', 'trust']) as PolicyKind[],
      };
    });
    for (const o of d.optional) for (const a of expand(o.actions)) if (!needs.has(a)) needs.set(a, { kind: 'optional', why: o.why });
    return {
      id: d.id as RoleId, title: d.title, summary: d.summary, note: d.note,
      attachTo: d.attachTo as PolicyKind[], serviceLinkedRole: d.serviceLinkedRole,
      anchors: d.anchors.allOf.map((g) => new Set(expand(g))),
      services: new Set([...needs.keys()].map((a) => a.service.prefix)),
      required, allowed: new Set(needs.keys()), needs,
      excessive: d.excessive.map((e) => ({ patterns: e.actions.map(wild), source: e.actions, match: e.match === 'entry' ? 'entry' as const : 'action' as const, severity: e.severity as Severity, reason: e.reason, why: e.why })),
      recommendedConditions: d.recommendedConditions, sources: d.sources, scope: new Set(),
    };
  });
  const unsupportedMap = new Map<Action, string>();
  for (const u of data.unsupported.actions) for (const a of catalog.match(u.action)) unsupportedMap.set(a, u.why);
  const services = new Set(list.flatMap((p) => p.required.flatMap((r) => r.actions.map((a) => a.service.prefix))));
  const profiles: Profiles = { byId: new Map(list.map((p) => [p.id, p])), list, unsupported: unsupportedMap, services, ...scopeOf(catalog, data, list), dangerous: dangerousOf(catalog, data) };
  return profiles;
}

/**
 * What each class judges (schemas/class-scope.json): every action of the whole services (KMS,
 * CloudHSM), the EC2 and IAM actions the class itself names, and the escalation actions; and the
 * union over the classes. iam:PassRole is judged only where it covers every role (scopeOnAllRoles).
 */
function scopeOf(catalog: Catalog, data: PolicyData, list: Profile[]): Pick<Profiles, 'scope' | 'scopeOnAllRoles'> {
  const base = new Set<Action>();
  for (const { service } of data.scope.services) for (const a of catalog.getService(service)?.actions ?? []) base.add(a);
  const onAllRoles = new Set<Action>();
  for (const e of data.scope.escalation) {
    for (const n of e.actions) {
      const a = catalog.getAction(n);
      if (a) (e.onAllRoles ? onAllRoles : base).add(a);
    }
  }
  const named = new Set(data.scope.namedBy.services);
  const union = new Set(base);
  for (const p of list) {
    const d = data.classes.find((x) => x.id === p.id)!;
    const own = new Set(base);
    // A wildcard such as ec2:* names the service, not an action: it adds nothing here.
    const names = [...d.required.flatMap((r) => r.anyOf ?? [r.action!]), ...d.optional.flatMap((o) => o.actions), ...d.excessive.flatMap((e) => e.actions)];
    for (const n of names) {
      if (/[*?]/.test(n) || !named.has(n.split(':')[0].toLowerCase())) continue;
      const a = catalog.getAction(n);
      if (a && !onAllRoles.has(a)) { own.add(a); union.add(a); }
    }
    p.scope = own;
  }
  return { scope: union, scopeOnAllRoles: onAllRoles };
}

function dangerousOf(catalog: Catalog, data: PolicyData): DangerousPower[] {
  return data.dangerous.powers.map((p) => ({
    actions: new Set(p.actions.flatMap((n) => catalog.match(n))), owner: p.owner as RoleId,
    onAllKeys: !!p.onAllKeys, why: p.why, gate: p.gate,
  }));
}

/**
 * The most severe excess rule that covers an entry: entry rules match the entry as written (or a
 * broader one: "*" or NotAction); action rules match any of the actions it adds.
 */
export function excessRule(profile: Profile, pattern: string | undefined, actions: Action[]): ExcessRule | undefined {
  const order: Severity[] = ['error', 'warning', 'information', 'hint'];
  const rules = [...profile.excessive].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  const p = pattern?.toLowerCase();
  // A rule written for exactly this entry wins: cloudhsm:* is the AWS admin example (information).
  const exact = p === undefined ? undefined : rules.find((r) => r.match === 'entry' && r.source.some((s) => s.toLowerCase() === p));
  if (exact) return exact;
  return rules.find((r) => r.match === 'entry'
    ? p === undefined || p === '*' || r.source.some((s) => s.toLowerCase() === p)
    : actions.some((a) => r.patterns.some((re) => re.test(a.lower))));
}

/** A sentence continued after a colon: its first letter lower-cased unless it starts a name ("AWSServiceRole…", "KMS"). */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** "key store manager", "KMS key user", "CloudHSM cluster manager" */
export function noun(profile: Profile): string {
  const first = profile.title.split(' ')[0];
  return first.slice(1) === first.slice(1).toLowerCase() ? profile.title[0].toLowerCase() + profile.title.slice(1) : profile.title;
}

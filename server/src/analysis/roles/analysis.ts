/**
 * Role analysis: what a policy really grants, and for which CloudHSM key store principal class.
 *
 * Grants are computed from the catalog: Allow minus unconditional Deny; Action and NotAction;
 * wildcards anywhere, case-insensitively. A conditional Deny removes nothing; a conditional Allow
 * still grants (and is marked). An action that has no resource type is granted only where the
 * statement's Resource is "*". In a key policy, "Resource": "*" means this key, and only actions
 * on the key resource have any effect; each principal is analysed on its own.
 */
import { Action, Catalog, Glob, globToRegExp } from '../catalog';
import type { Node } from '../json';
import { PolicyDoc, Statement, StringItem, strings } from '../policy';
import type { AnalysisOptions, PolicyKind, RoleId, RoleVerdict } from '../types';
import { getProfiles, noun, Profile, Profiles, ROLE_TITLES } from './profiles';

/** What one Allow entry (an Action string, or a whole NotAction) effectively grants. */
export interface EntryGrant {
  statement: Statement;
  /** The Action string node, or the NotAction property node. */
  node: Node;
  /** The Action string as written; for NotAction, "NotAction". */
  pattern: string;
  wildcard: boolean;
  notAction: boolean;
  conditional: boolean;
  /** Effective actions: matched, allowed by the statement's Resource, not denied. */
  actions: Action[];
}

export interface Subject {
  /** Key policies: the principal value as written. Identity policies: undefined. */
  principal?: StringItem;
  /** Human label: "this policy" or the principal. */
  label: string;
  statements: Statement[];
  entries: EntryGrant[];
  /** Every effectively granted action. */
  granted: Set<Action>;
  /** Granted only under a condition (every granting statement has a Condition). */
  conditionalOnly: Set<Action>;
  /** Account root (delegation to IAM) or a service principal: not a principal class. */
  skip?: 'delegation' | 'service';
  profile?: Profile;
  verdict?: RoleVerdict;
}

export interface RoleAnalysis {
  kind: PolicyKind;
  profiles: Profiles;
  subjects: Subject[];
  verdicts: RoleVerdict[];
  /** Actions that are harmless for `profile` in this policy kind even though the class does not need them. */
  isHarmless(profile: Profile, action: Action): boolean;
}

const ROOT_ARN = /^arn:aws[a-z-]*:iam::\d{12}:root$/i;
const ACCOUNT_ID = /^\d{12}$/;

export function analyzeRoles(policy: PolicyDoc | undefined, kind: PolicyKind, catalog: Catalog, options: AnalysisOptions): RoleAnalysis {
  const profiles = getProfiles(catalog);
  const noEffect = (a: Action) => kind === 'resource' && !(a.service.prefix === 'kms' && a.resourceTypes.some((r) => r.name === 'key'));
  const isHarmless = (p: Profile, a: Action) =>
    p.allowed.has(a) || noEffect(a) || ((p.id === 'key-manager' || p.id === 'key-user') && profiles.unsupported.has(a));
  const result: RoleAnalysis = { kind, profiles, subjects: [], verdicts: [], isHarmless };
  if (!policy || kind === 'trust' || options.role === null) return result;

  const statements = policy.statements.filter((s) => s.isObject);
  // An Allow of "*", "*:*" or NotAction grants (nearly) every action: no class fits such a policy,
  // so unless a class is pinned, skip computing grants over all 22,000 actions.
  if (!options.role && statements.some((s) => s.isAllow && (s.get('NotAction') || s.actionItems().some((i) => /^[*?]*(:[*?]*)?$/.test(i.value))))) return result;
  // Every class requires actions of a few services only (kms, cloudhsm, ec2, iam): a policy whose
  // Allow statements name none of them fits no class, and most policies are like that.
  if (!options.role && !statements.some((s) => s.isAllow && s.actionItems().some((i) => mayMatch(i.value, profiles.services)))) return result;
  if (kind === 'identity') {
    result.subjects.push(buildSubject(catalog, kind, statements, undefined, 'this policy'));
  } else {
    // One subject per principal value; a statement applies to every principal it names, and "*" to all.
    // Principal values are read once per statement (key policies can hold hundreds of statements).
    const values = statements.map((s) => principalValues(s));
    const byPrincipal = new Map<string, { first: StringItem; statement: Statement; indexes: Set<number> }>();
    const star = new Set<number>();
    values.forEach((vs, i) => {
      for (const p of vs) {
        if (p.value === '*') { star.add(i); continue; }
        const key = p.value.toLowerCase();
        const entry = byPrincipal.get(key);
        if (entry) entry.indexes.add(i);
        else byPrincipal.set(key, { first: p, statement: statements[i], indexes: new Set([i]) });
      }
    });
    for (const { first: p, statement: s, indexes } of byPrincipal.values()) {
      const applies = statements.filter((_, i) => indexes.has(i) || star.has(i));
      const subject = buildSubject(catalog, kind, applies, p, p.value);
      if (ROOT_ARN.test(p.value) || ACCOUNT_ID.test(p.value)) subject.skip = 'delegation';
      else if (isServicePrincipal(s, p) || /:role\/aws-service-role\//i.test(p.value)) subject.skip = 'service';
      result.subjects.push(subject);
    }
  }

  for (const subject of result.subjects) {
    if (subject.skip) continue;
    const verdict = options.role ? pinned(profiles.byId.get(options.role)!, subject, kind, result) : infer(subject, kind, result);
    if (!verdict) continue;
    subject.profile = profiles.byId.get(verdict.role);
    subject.verdict = verdict;
    result.verdicts.push(verdict);
  }
  return result;
}

/** Could an Action entry name an action of one of these services? */
function mayMatch(pattern: string, services: ReadonlySet<string>): boolean {
  const colon = pattern.indexOf(':');
  const svc = (colon < 0 ? pattern : pattern.slice(0, colon)).toLowerCase();
  if (!/[*?]/.test(svc)) return services.has(svc);
  const re = globToRegExp(svc);
  for (const s of services) if (re.test(s)) return true;
  return false;
}

/** Principal values of a statement's Principal (not NotPrincipal): "*", AWS, Service, Federated… */
export function principalValues(s: Statement): StringItem[] {
  const v = s.get('Principal')?.value;
  if (!v) return [];
  if (v.type === 'string') return [{ value: v.value, node: v }];
  if (v.type !== 'object') return [];
  return (v.children ?? []).flatMap((p) => strings(p.children?.[1]));
}

function isServicePrincipal(s: Statement, p: StringItem): boolean {
  const prop = p.node.parent?.type === 'array' ? p.node.parent.parent : p.node.parent;
  const key = prop?.type === 'property' ? prop.children?.[0]?.value : undefined;
  return key === 'Service' || key === 'Federated' || /\.amazonaws\.com$/i.test(p.value) || s === undefined;
}

function buildSubject(catalog: Catalog, kind: PolicyKind, statements: Statement[], principal: StringItem | undefined, label: string): Subject {
  // Unconditional Deny over every resource removes actions; anything narrower is left alone.
  const denied = new Set<Action>();
  for (const s of statements) {
    if (!s.isDeny || s.hasCondition || !coversAllResources(s)) continue;
    for (const a of matchedActions(catalog, s)) denied.add(a);
  }
  const entries: EntryGrant[] = [];
  const granted = new Set<Action>();
  const unconditional = new Set<Action>();
  for (const s of statements) {
    if (!s.isAllow) continue;
    const conditional = s.hasCondition;
    const accept = (a: Action) => !denied.has(a) && resourceAllows(s, a, kind);
    const push = (node: Node, pattern: string, matched: Action[], notAction: boolean) => {
      const actions = matched.filter(accept);
      entries.push({ statement: s, node, pattern, wildcard: notAction || /[*?]/.test(pattern), notAction, conditional, actions });
      for (const a of actions) {
        granted.add(a);
        if (!conditional) unconditional.add(a);
      }
    };
    const notAction = s.get('Action') ? undefined : s.get('NotAction');
    if (notAction) {
      const excluded = new Set(strings(notAction.value).flatMap((i) => catalog.match(i.value)));
      push(notAction.node, 'NotAction', catalog.allActions.filter((a) => !excluded.has(a)), true);
    } else {
      for (const item of s.actionItems()) push(item.node, item.value, catalog.match(item.value), false);
    }
  }
  const conditionalOnly = new Set([...granted].filter((a) => !unconditional.has(a)));
  return { principal, label, statements, entries, granted, conditionalOnly };
}

function matchedActions(catalog: Catalog, s: Statement): Action[] {
  if (s.get('Action')) return s.actionItems().flatMap((i) => catalog.match(i.value));
  const na = s.get('NotAction');
  if (!na) return [];
  const excluded = new Set(strings(na.value).flatMap((i) => catalog.match(i.value)));
  return catalog.allActions.filter((a) => !excluded.has(a));
}

function coversAllResources(s: Statement): boolean {
  if (s.get('NotResource')) return false;
  return s.resourceItems().some((r) => r.value === '*');
}

const serviceGlobs = new Map<string, Glob>();
const resourceInfo = new WeakMap<Statement, { any: boolean; star: boolean; services: Glob[] }>();

/** Could the statement's Resource match a resource of this action? */
export function resourceAllows(s: Statement, a: Action, kind: PolicyKind): boolean {
  if (kind === 'resource') {
    // In a key policy "*" is this key; only actions on the key resource have any effect.
    return a.service.prefix === 'kms' && a.resourceTypes.some((r) => r.name === 'key');
  }
  let info = resourceInfo.get(s);
  if (!info) {
    const items = s.resourceItems();
    // NotResource, or a missing Resource (a grammar error reported elsewhere), matches anything.
    const any = !!s.get('NotResource') || !s.resourceProp;
    const services: Glob[] = [];
    for (const r of items) {
      const parts = r.value.split(':');
      if (parts.length < 6 || parts[0].toLowerCase() !== 'arn') continue;
      let re = serviceGlobs.get(parts[2]);
      if (!re) { re = globToRegExp(parts[2]); if (serviceGlobs.size < 10000) serviceGlobs.set(parts[2], re); }
      services.push(re);
    }
    info = { any, star: items.some((r) => r.value === '*'), services };
    resourceInfo.set(s, info);
  }
  if (info.any || info.star) return true;
  if (a.resourceTypes.length === 0) return false;
  return info.services.some((re) => re.test(a.service.prefix));
}

/** Required entries of the class that apply in this policy kind, satisfied or not. */
export function requirementStatus(profile: Profile, subject: Subject, kind: PolicyKind) {
  const reqs = profile.required.filter((r) => r.contexts.includes(kind));
  const missing = reqs.filter((r) => !r.actions.some((a) => subject.granted.has(a)));
  return { reqs, missing };
}

function excessCount(profile: Profile, subject: Subject, analysis: RoleAnalysis): number {
  let n = 0;
  for (const a of subject.granted) if (!analysis.isHarmless(profile, a)) n++;
  return n;
}

function verdictFor(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis, source: 'pinned' | 'inferred', reason: string): RoleVerdict {
  const { reqs, missing } = requirementStatus(profile, subject, kind);
  const at = subject.principal?.node ?? subject.statements[0]?.node;
  return {
    role: profile.id, source, reason,
    requiredGranted: reqs.length - missing.length, requiredTotal: reqs.length,
    excessive: excessCount(profile, subject, analysis),
    principal: subject.principal?.value,
    offset: at?.offset ?? 0, length: at?.length ?? 0,
  };
}

function pinned(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis): RoleVerdict {
  return verdictFor(profile, subject, kind, analysis, 'pinned', `Pinned to ${profile.title} by the settings (cloudhsmPolicy.roles) or --role.`);
}

/** Classes that can meaningfully be analysed in this policy kind. */
function candidates(profiles: Profiles, kind: PolicyKind): Profile[] {
  return profiles.list.filter((p) => p.attachTo.includes(kind));
}

function infer(subject: Subject, kind: PolicyKind, analysis: RoleAnalysis): RoleVerdict | undefined {
  if (subject.granted.size === 0) return undefined;
  const services = new Set([...subject.granted].map((a) => a.service));
  if (services.size > 6 || subject.granted.size > 1500) return undefined; // grants far more than any class: no class fits
  // Recall: required permissions granted; precision: granted actions the class may have. The best
  // F1 wins, so a near-complete key store manager with one stray kms:Decrypt stays a key store manager.
  let best: { p: Profile; score: number; sat: number; total: number; excess: number } | undefined;
  for (const p of candidates(analysis.profiles, kind)) {
    // Gates: the policy grants an action only this class uses, and it is mostly about the class's
    // services (a service policy that also decrypts with KMS is not a key user's policy).
    if (!p.anchors.every((group) => [...group].some((a) => subject.granted.has(a)))) continue;
    if ([...services].filter((s) => p.services.has(s.prefix)).length * 2 <= services.size) continue;
    const { reqs, missing } = requirementStatus(p, subject, kind);
    if (reqs.length === 0) continue;
    const sat = reqs.length - missing.length;
    if (sat === 0) continue;
    const excess = excessCount(p, subject, analysis);
    const recall = sat / reqs.length;
    const precision = (subject.granted.size - excess) / subject.granted.size;
    if (recall < 0.5 && precision < 0.5) continue;
    const score = (2 * precision * recall) / (precision + recall);
    if (!best || score > best.score + 1e-9) best = { p, score, sat, total: reqs.length, excess };
  }
  if (!best) return undefined;
  const { p, sat, total, excess } = best;
  const cond = [...subject.conditionalOnly].filter((a) => p.allowed.has(a)).length;
  const reason = `Inferred: ${subject.principal ? `${subject.principal.value} is granted` : 'the policy grants'} ${sat} of the ${total} required ${noun(p)} permission${total === 1 ? '' : 's'}`
    + ` and ${excess} action${excess === 1 ? '' : 's'} beyond the class: the best fit of the five classes`
    + (cond ? `; ${cond} of its actions are granted only under a condition` : '') + '. Pin a class to override.';
  return verdictFor(p, subject, kind, analysis, 'inferred', reason);
}

export { ROLE_TITLES };
export type { RoleId };

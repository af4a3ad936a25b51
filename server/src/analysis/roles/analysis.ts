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
import { detach } from '../util/detach';
import { StatementMemo, statementMemo } from '../statementMemo';
import { UNKNOWN } from '../host/types';

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
  skip?: 'delegation' | 'service' | 'unknown';
  /**
   * Some of what the subject is granted cannot be seen: a statement's actions, effect or a Deny's
   * actions are computed by a host document (UNKNOWN, see host/types.ts). Then missing actions are
   * not reported and the verdict says so.
   */
  partlyUnknown?: boolean;
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

/**
 * `text` is the document the policy was parsed from: with it, what each statement grants and each
 * subject's fit are memoised by statement text (see RoleMemo), so a keystroke recomputes only the
 * statements it touched. Without it nothing is memoised. The result is the same either way.
 */
export function analyzeRoles(policy: PolicyDoc | undefined, kind: PolicyKind, catalog: Catalog, options: AnalysisOptions, text?: string): RoleAnalysis {
  const profiles = getProfiles(catalog);
  const noEffect = (a: Action) => kind === 'resource' && !(a.service.prefix === 'kms' && a.resourceTypes.some((r) => r.name === 'key'));
  const isHarmless = (p: Profile, a: Action) =>
    p.allowed.has(a) || noEffect(a) || ((p.id === 'key-manager' || p.id === 'key-user') && profiles.unsupported.has(a));
  const result: RoleAnalysis = { kind, profiles, subjects: [], verdicts: [], isHarmless };
  if (!policy || kind === 'trust' || options.role === null) return result;

  const statements = policy.statements.filter((s) => s.isObject);
  // Host documents (host/) mark computed values UNKNOWN; a standalone JSON policy never has one.
  const hasUnknown = policy.hasUnknown === true;
  // An Allow of "*", "*:*" or NotAction grants (nearly) every action: no class fits such a policy,
  // so unless a class is pinned, skip computing grants over all 22,000 actions.
  if (!options.role && statements.some((s) => s.isAllow && (s.get('NotAction') || s.actionItems().some((i) => /^[*?]*(:[*?]*)?$/.test(i.value))))) return result;
  // Every class requires actions of a few services only (kms, cloudhsm, ec2, iam): a policy whose
  // Allow statements name none of them fits no class, and most policies are like that.
  if (!options.role && !statements.some((s) => s.isAllow && s.actionItems().some((i) => mayMatch(i.value, profiles.services)))) return result;
  const memo = text === undefined ? undefined : memoFor(catalog);
  const ids = memo ? statements.map((s) => memo.statements.idOf(kind, text!, s)) : undefined;
  memo?.sync();
  const shared = new Map<Statement, EntryGrant[]>();
  const build = (applies: Statement[], indexes: number[], principal: StringItem | undefined, label: string) =>
    buildSubject(catalog, kind, applies, principal, label, memo, ids && indexes.map((i) => ids[i]), shared, hasUnknown);
  if (kind === 'identity') {
    result.subjects.push(build(statements, statements.map((_, i) => i), undefined, 'this policy'));
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
      const which: number[] = [];
      for (let i = 0; i < statements.length; i++) if (indexes.has(i) || star.has(i)) which.push(i);
      const subject = build(which.map((i) => statements[i]), which, p, p.value);
      if (ROOT_ARN.test(p.value) || ACCOUNT_ID.test(p.value)) subject.skip = 'delegation';
      // A principal a host document computes (wholly or in part) is no principal the class analysis can name.
      else if (hasUnknown && p.value.includes(UNKNOWN)) subject.skip = 'unknown';
      else if (isServicePrincipal(s, p) || /:role\/aws-service-role\//i.test(p.value)) subject.skip = 'service';
      result.subjects.push(subject);
    }
  }

  for (const subject of result.subjects) {
    if (subject.skip) continue;
    const mode = options.role ?? '';
    const cache = coreOf(subject)?.fits;
    let fit = cache?.get(mode);
    if (fit === undefined) {
      fit = (options.role ? pinnedFit(profiles.byId.get(options.role)!, subject, kind, result) : inferFit(subject, kind, result)) ?? null;
      cache?.set(mode, fit);
    }
    if (!fit) continue;
    const verdict = verdictOf(fit, subject);
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
  return s.principalItems();
}

function isServicePrincipal(s: Statement, p: StringItem): boolean {
  const prop = p.node.parent?.type === 'array' ? p.node.parent.parent : p.node.parent;
  const key = prop?.type === 'property' ? prop.children?.[0]?.value : undefined;
  return key === 'Service' || key === 'Federated' || /\.amazonaws\.com$/i.test(p.value) || s === undefined;
}

/** What one statement grants on its own, wherever it sits: a function of its text and the policy kind. */
interface StatementGrant {
  /** An unconditional Deny over every resource: the actions it removes. */
  denies?: Action[];
  /** An Allow: per entry (each Action string, or the whole NotAction), the matched actions its Resource allows. */
  allows?: Array<{ pattern: string; wildcard: boolean; notAction: boolean; actions: Action[] }>;
  conditional: boolean;
  /** The statement's grant is partly unknown (an UNKNOWN action, effect or NotAction; a Deny with UNKNOWN actions). */
  unknown?: boolean;
}

/** What a subject's statements grant together, and its fit per mode (a pinned class, or '' for inference). */
interface SubjectCore {
  /** Per entry in statement order: the effective actions (the statement grant's, minus denied ones). */
  entryActions: Action[][];
  /** An unconditional Deny removed something: the entries' actions differ from their statements' grants. */
  denies: boolean;
  granted: Set<Action>;
  conditionalOnly: Set<Action>;
  fits: Map<string, Fit | null>;
  /** One of the statements' grants is partly unknown. */
  unknown: boolean;
}

/**
 * Memo of statement grants and subject cores, per catalog, keyed by the statement ids of
 * statementMemo.ts (so a statement's text is hashed once per analysis for every memo). Bounded:
 * cleared whole when it grows past its limits or the statement ids are forgotten.
 */
class RoleMemo {
  private readonly grants = new Map<number, StatementGrant>();
  /** By the statement id for a subject of one statement, else by the ids joined with commas. */
  private readonly cores = new Map<number | string, SubjectCore>();
  /** Rough size: actions held in memoised arrays. */
  private weight = 0;
  private generation: number;
  private static readonly MAX_CORES = 4096;
  private static readonly MAX_WEIGHT = 400_000;

  constructor(readonly statements: StatementMemo) {
    this.generation = statements.generation;
  }

  /** Drops what was keyed by ids the statement memo has forgotten (call after taking this analysis's ids). */
  sync(): void {
    if (this.generation === this.statements.generation) return;
    this.generation = this.statements.generation;
    this.grants.clear();
    this.cores.clear();
    this.weight = 0;
  }

  grantOf(id: number): StatementGrant | undefined { return this.grants.get(id); }

  setGrant(id: number, g: StatementGrant): void {
    this.weight += (g.denies?.length ?? 0) + (g.allows ?? []).reduce((n, e) => n + e.actions.length, 0);
    this.grants.set(id, g);
  }

  coreOf(key: number | string): SubjectCore | undefined { return this.cores.get(key); }

  setCore(key: number | string, c: SubjectCore): void {
    if (this.cores.size >= RoleMemo.MAX_CORES || this.weight > RoleMemo.MAX_WEIGHT) { this.cores.clear(); this.weight = 0; }
    this.weight += c.granted.size;
    this.cores.set(key, c);
  }
}

const memos = new WeakMap<Catalog, RoleMemo>();
function memoFor(catalog: Catalog): RoleMemo {
  let m = memos.get(catalog);
  if (!m) { m = new RoleMemo(statementMemo(catalog)); memos.set(catalog, m); }
  return m;
}

/** The core a subject was built from, in a slot on the subject (a WeakMap would outlive it in V8's young generation). */
const CORE = Symbol('subjectCore');
type WithCore = Subject & { [CORE]?: SubjectCore };
function coreOf(subject: Subject): SubjectCore | undefined { return (subject as WithCore)[CORE]; }

function statementGrant(catalog: Catalog, kind: PolicyKind, s: Statement, hasUnknown: boolean): StatementGrant {
  const conditional = s.hasCondition;
  if (hasUnknown) {
    const g = unknownGrant(catalog, kind, s, conditional);
    if (g) return g;
  }
  if (s.isDeny) {
    // Unconditional Deny over every resource removes actions; anything narrower is left alone.
    return conditional || !coversAllResources(s) ? { conditional } : { denies: matchedActions(catalog, s), conditional };
  }
  if (!s.isAllow) return { conditional };
  const allows: NonNullable<StatementGrant['allows']> = [];
  const accept = (a: Action) => resourceAllows(s, a, kind);
  const notAction = s.get('Action') ? undefined : s.get('NotAction');
  if (notAction) {
    const excluded = new Set(strings(notAction.value).flatMap((i) => catalog.match(i.value)));
    allows.push({ pattern: 'NotAction', wildcard: true, notAction: true, actions: catalog.allActions.filter((a) => !excluded.has(a) && accept(a)) });
  } else {
    for (const item of s.actionItems()) {
      const matched = catalog.match(item.value);
      const actions = matched.every(accept) ? matched : matched.filter(accept);
      allows.push({ pattern: detach(item.value), wildcard: /[*?]/.test(item.value), notAction: false, actions }); // memoised: detached
    }
  }
  return { allows, conditional };
}

/**
 * The grant of a statement with UNKNOWN parts that decide what it grants, or undefined when its
 * grant is fully known. An UNKNOWN Action entry grants what cannot be seen (its known siblings still
 * grant); an UNKNOWN effect or NotAction, or a Deny with UNKNOWN actions, leaves the whole grant unknown.
 */
function unknownGrant(catalog: Catalog, kind: PolicyKind, s: Statement, conditional: boolean): StatementGrant | undefined {
  const effect = s.get('Effect')?.value;
  if (effect?.type === 'string' && effect.value.includes(UNKNOWN)) return { conditional, unknown: true };
  const na = s.get('Action') ? undefined : s.get('NotAction');
  const av = s.get('Action')?.value;
  const hidden = (na && strings(na.value).some((i) => i.value.includes(UNKNOWN))) || (av?.type === 'array' && av.children?.some((c) => c.type === 'string' && c.value.includes(UNKNOWN)))
    || (av?.type === 'string' && av.value.includes(UNKNOWN));
  if (!hidden) {
    // A Resource whose service a host document computes may allow any action: known grants, partly unknown.
    const resourceHidden = s.resourceItems().some((r) => r.value.includes(UNKNOWN) && unknownService(r.value));
    return resourceHidden ? { ...statementGrant(catalog, kind, s, false), unknown: true } : undefined;
  }
  if (na || s.isDeny) return { conditional, unknown: true };
  if (!s.isAllow) return undefined;
  const accept = (a: Action) => resourceAllows(s, a, kind);
  const allows: NonNullable<StatementGrant['allows']> = [];
  for (const item of s.actionItems()) {
    const unknown = item.value.includes(UNKNOWN);
    const matched = unknown ? [] : catalog.match(item.value);
    allows.push({ pattern: detach(item.value), wildcard: /[*?]/.test(item.value), notAction: false, actions: matched.filter(accept) });
  }
  return { allows, conditional, unknown: true };
}

/** An ARN with UNKNOWN parts whose service field is unknown (or that is not even an ARN then). */
function unknownService(value: string): boolean {
  const parts = value.split(':');
  return parts.length < 6 || parts[2].includes(UNKNOWN) || parts[0].includes(UNKNOWN);
}

function subjectCore(grants: StatementGrant[]): SubjectCore {
  let denied: Set<Action> | undefined;
  for (const g of grants) if (g.denies?.length) for (const a of g.denies) (denied ??= new Set()).add(a);
  const entryActions: Action[][] = [];
  const granted = new Set<Action>();
  const unconditional = new Set<Action>();
  for (const g of grants) {
    for (const e of g.allows ?? []) {
      const actions = denied ? e.actions.filter((a) => !denied!.has(a)) : e.actions;
      entryActions.push(actions);
      for (const a of actions) {
        granted.add(a);
        if (!g.conditional) unconditional.add(a);
      }
    }
  }
  const conditionalOnly = new Set<Action>();
  if (unconditional.size < granted.size) for (const a of granted) if (!unconditional.has(a)) conditionalOnly.add(a);
  let unknown = false;
  for (const g of grants) if (g.unknown) unknown = true;
  return { entryActions, denies: !!denied, granted, conditionalOnly, fits: new Map(), unknown };
}

const NO_ENTRIES: EntryGrant[] = [];

/**
 * The entries of one Allow statement, in the order of its grant's allows: the actions are
 * `entryActions[k...]` when given (a subject whose Deny removed some), else the grant's own, and
 * then the entries are kept in `shared` for the other principals of the statement.
 */
function statementEntries(s: Statement, g: StatementGrant, entryActions: Action[][] | undefined, k: number, shared?: Map<Statement, EntryGrant[]>): EntryGrant[] {
  const allows = g.allows;
  if (!allows) return NO_ENTRIES;
  const known = shared?.get(s);
  if (known) return known;
  // The entry nodes: the Action strings, or the NotAction element.
  const notAction = allows.length === 1 && allows[0].notAction ? s.get('NotAction') : undefined;
  const items = notAction ? undefined : s.actionItems();
  const out: EntryGrant[] = new Array(allows.length);
  for (let j = 0; j < allows.length; j++) {
    const e = allows[j];
    out[j] = {
      statement: s, node: notAction ? notAction.node : items![j].node, pattern: e.pattern, wildcard: e.wildcard,
      notAction: e.notAction, conditional: g.conditional, actions: entryActions ? entryActions[k + j] : e.actions,
    };
  }
  if (shared) shared.set(s, out);
  return out;
}

function buildSubject(catalog: Catalog, kind: PolicyKind, statements: Statement[], principal: StringItem | undefined, label: string, memo?: RoleMemo, ids?: number[], shared?: Map<Statement, EntryGrant[]>, hasUnknown = false): Subject {
  // Plain loops and no closures: on a memo hit (most subjects of most keystrokes) this allocates
  // only the subject and its entries.
  const grants: StatementGrant[] = new Array(statements.length);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    let g = memo && ids ? memo.grantOf(ids[i]) : undefined;
    if (!g) {
      g = statementGrant(catalog, kind, s, hasUnknown);
      if (memo && ids) memo.setGrant(ids[i], g);
    }
    grants[i] = g;
  }
  // Statement ids already stand for (kind, text): a subject of one statement is keyed by its id.
  const key = memo && ids ? (ids.length === 1 ? ids[0] : ids.join(',')) : '';
  let core = memo ? memo.coreOf(key) : undefined;
  if (!core) {
    core = subjectCore(grants);
    if (memo) memo.setCore(key, core);
  }
  let entries: EntryGrant[];
  if (!core.denies && shared) {
    // Nothing denied: a statement's entries are the same for every principal it names, so the
    // subjects of one analysis share them (a key policy statement often names several principals).
    if (statements.length === 1) {
      entries = statementEntries(statements[0], grants[0], undefined, 0, shared);
    } else {
      entries = [];
      for (let i = 0; i < statements.length; i++) for (const e of statementEntries(statements[i], grants[i], undefined, 0, shared)) entries.push(e);
    }
  } else {
    entries = [];
    let k = 0;
    for (let i = 0; i < statements.length; i++) {
      for (const e of statementEntries(statements[i], grants[i], core.entryActions, k)) entries.push(e);
      k += grants[i].allows?.length ?? 0;
    }
  }
  const subject: WithCore = { principal, label, statements, entries, granted: core.granted, conditionalOnly: core.conditionalOnly };
  if (core.unknown) subject.partlyUnknown = true;
  subject[CORE] = core;
  return subject;
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
    let any = !!s.get('NotResource') || !s.resourceProp;
    const services: Glob[] = [];
    for (const r of items) {
      // An UNKNOWN part of a host document's ARN matches anything there; a wholly UNKNOWN Resource is some ARN.
      const unknown = r.value.includes(UNKNOWN);
      const parts = (unknown ? r.value.split(UNKNOWN).join('*') : r.value).split(':');
      if (unknown && parts.length < 6) { any = true; continue; }
      if (parts.length < 6 || parts[0].toLowerCase() !== 'arn') continue;
      let re = serviceGlobs.get(parts[2]);
      if (!re) { re = globToRegExp(parts[2]); if (serviceGlobs.size < 10000) serviceGlobs.set(detach(parts[2]), re); }
      services.push(re);
    }
    info = { any, star: items.some((r) => r.value === '*' || r.value === UNKNOWN), services };
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

/** How well a subject fits a class: what the verdict reports, without where it is. */
interface Fit {
  profile: Profile;
  source: 'pinned' | 'inferred';
  requiredGranted: number;
  requiredTotal: number;
  excessive: number;
  /** Inferred: actions of the class granted only under a condition. */
  conditional: number;
  /** The verdict's reason by principal value, once written. */
  reasons?: Map<string, string>;
}

function fitFor(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis, source: Fit['source']): Fit {
  const { reqs, missing } = requirementStatus(profile, subject, kind);
  return { profile, source, requiredGranted: reqs.length - missing.length, requiredTotal: reqs.length, excessive: excessCount(profile, subject, analysis), conditional: 0 };
}

function verdictOf(fit: Fit, subject: Subject): RoleVerdict {
  const { profile: p, requiredGranted: sat, requiredTotal: total, excessive: excess, conditional: cond } = fit;
  const who = subject.principal?.value ?? '';
  // A memoised fit is shared by the versions of a document: so is the text of its reason.
  let reason = fit.reasons?.get(who);
  if (reason === undefined) {
    reason = fit.source === 'pinned'
      ? `Pinned to ${p.title} by the settings (cloudhsmPolicy.roles) or --role.`
      : `Inferred: ${subject.principal ? `${who} is granted` : 'the policy grants'} ${sat} of the ${total} required ${noun(p)} permission${total === 1 ? '' : 's'}`
        + ` and ${excess} action${excess === 1 ? '' : 's'} beyond the class: the best fit of the five classes`
        + (cond ? `; ${cond} of its actions are granted only under a condition` : '') + '. Pin a class to override.';
    fit.reasons ??= new Map();
    if (fit.reasons.size < 64) fit.reasons.set(detach(who), (reason = detach(reason)));
  }
  const at = subject.principal?.node ?? subject.statements[0]?.node;
  if (subject.partlyUnknown) reason += ' Partly unknown: some of what is granted is computed by the host file (a variable, reference or function), so missing actions are not reported.';
  return {
    ...(subject.partlyUnknown ? { partlyUnknown: true } : {}),
    role: p.id, source: fit.source, reason,
    requiredGranted: sat, requiredTotal: total, excessive: excess,
    principal: subject.principal?.value,
    offset: at?.offset ?? 0, length: at?.length ?? 0,
  };
}

function pinnedFit(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis): Fit {
  return fitFor(profile, subject, kind, analysis, 'pinned');
}

/** Classes that can meaningfully be analysed in this policy kind. */
function candidates(profiles: Profiles, kind: PolicyKind): Profile[] {
  return profiles.list.filter((p) => p.attachTo.includes(kind));
}

function inferFit(subject: Subject, kind: PolicyKind, analysis: RoleAnalysis): Fit | undefined {
  if (subject.granted.size === 0) return undefined;
  const services = new Set<Action['service']>();
  for (const a of subject.granted) services.add(a.service);
  if (services.size > 6 || subject.granted.size > 1500) return undefined; // grants far more than any class: no class fits
  // Recall: required permissions granted; precision: granted actions the class may have. The best
  // F1 wins, so a near-complete key store manager with one stray kms:Decrypt stays a key store manager.
  let best: { p: Profile; score: number; sat: number; total: number; excess: number } | undefined;
  for (const p of candidates(analysis.profiles, kind)) {
    // Gates: the policy grants an action only this class uses, and it is mostly about the class's
    // services (a service policy that also decrypts with KMS is not a key user's policy).
    if (!p.anchors.every((group) => [...group].some((a) => subject.granted.has(a)))) continue;
    let own = 0;
    for (const s of services) if (p.services.has(s.prefix)) own++;
    if (own * 2 <= services.size) continue;
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
  let cond = 0;
  for (const a of subject.conditionalOnly) if (p.allowed.has(a)) cond++;
  return { profile: p, source: 'inferred', requiredGranted: sat, requiredTotal: total, excessive: excess, conditional: cond };
}

export { ROLE_TITLES };
export type { RoleId };

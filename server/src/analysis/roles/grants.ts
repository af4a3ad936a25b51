/**
 * What a policy grants: per statement (Allow minus unconditional Deny; Action and NotAction;
 * wildcards anywhere, case-insensitively), and per subject (the policy, or one key-policy principal).
 * An action that has no resource type is granted only where the statement's Resource is "*". In a key
 * policy, "Resource": "*" means this key, and only actions on the key resource have any effect.
 */
import { Action, Catalog, Glob, globToRegExp } from '../catalog';
import { Statement, StringItem, strings } from '../policy';
import type { PolicyKind } from '../types';
import { conditionEntries } from '../util/conditions';
import { detach } from '../util/detach';
import { UNKNOWN } from '../host/types';
import type { EntryGrant, Subject } from './analysis';
import type { Profiles } from './profiles';
import { CORE, RoleMemo, StatementGrant, SubjectCore, WithCore } from './memo';

/** Could an Action entry name an action of one of these services? */
export function mayMatch(pattern: string, services: ReadonlySet<string>): boolean {
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

export function isServicePrincipal(s: Statement, p: StringItem): boolean {
  const prop = p.node.parent?.type === 'array' ? p.node.parent.parent : p.node.parent;
  const key = prop?.type === 'property' ? prop.children?.[0]?.value : undefined;
  return key === 'Service' || key === 'Federated' || /\.amazonaws\.com$/i.test(p.value) || s === undefined;
}

export function statementGrant(catalog: Catalog, kind: PolicyKind, s: Statement, profiles: Profiles, hasUnknown = false): StatementGrant {
  const conditional = s.hasCondition;
  if (hasUnknown) {
    const g = unknownGrant(catalog, kind, s, profiles, conditional);
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
    const actions = catalog.allActions.filter((a) => !excluded.has(a) && accept(a));
    allows.push({ pattern: 'NotAction', wildcard: true, notAction: true, actions, scoped: scopedOf(actions, s, profiles) });
  } else {
    for (const item of s.actionItems()) {
      const matched = catalog.match(item.value);
      const actions = matched.every(accept) ? matched : matched.filter(accept);
      allows.push({ pattern: detach(item.value), wildcard: /[*?]/.test(item.value), notAction: false, actions, scoped: scopedOf(actions, s, profiles) }); // memoised: detached
    }
  }
  return { allows, conditional };
}

/**
 * The grant of a statement with UNKNOWN parts that decide what it grants, or undefined when its
 * grant is fully known. An UNKNOWN Action entry grants what cannot be seen (its known siblings still
 * grant); an UNKNOWN effect or NotAction, or a Deny with UNKNOWN actions, leaves the whole grant unknown.
 */
function unknownGrant(catalog: Catalog, kind: PolicyKind, s: Statement, profiles: Profiles, conditional: boolean): StatementGrant | undefined {
  const effect = s.get('Effect')?.value;
  if (effect?.type === 'string' && effect.value.includes(UNKNOWN)) return { conditional, unknown: true };
  const na = s.get('Action') ? undefined : s.get('NotAction');
  const av = s.get('Action')?.value;
  const hidden = (na && strings(na.value).some((i) => i.value.includes(UNKNOWN))) || (av?.type === 'array' && av.children?.some((c) => c.type === 'string' && c.value.includes(UNKNOWN)))
    || (av?.type === 'string' && av.value.includes(UNKNOWN));
  if (!hidden) {
    // A Resource whose service a host document computes may allow any action: known grants, partly unknown.
    const resourceHidden = s.resourceItems().some((r) => r.value.includes(UNKNOWN) && unknownService(r.value));
    return resourceHidden ? { ...statementGrant(catalog, kind, s, profiles, false), unknown: true } : undefined;
  }
  if (na || s.isDeny) return { conditional, unknown: true };
  if (!s.isAllow) return undefined;
  const accept = (a: Action) => resourceAllows(s, a, kind);
  const allows: NonNullable<StatementGrant['allows']> = [];
  for (const item of s.actionItems()) {
    const unknown = item.value.includes(UNKNOWN);
    const actions = (unknown ? [] : catalog.match(item.value)).filter(accept);
    allows.push({ pattern: detach(item.value), wildcard: /[*?]/.test(item.value), notAction: false, actions, scoped: scopedOf(actions, s, profiles) });
  }
  return { allows, conditional, unknown: true };
}

/** An ARN with UNKNOWN parts whose service field is unknown (or that is not even an ARN then). */
function unknownService(value: string): boolean {
  const parts = value.split(':');
  return parts.length < 6 || parts[2].includes(UNKNOWN) || parts[0].includes(UNKNOWN);
}

/** The actions a class judges (schemas/class-scope.json); the same array when all of them are. */
function scopedOf(actions: Action[], s: Statement, profiles: Profiles): Action[] {
  let all = true;
  for (const a of actions) if (!profiles.scope.has(a)) { all = false; break; }
  if (all) return actions;
  let onAllRoles: boolean | undefined;
  return actions.filter((a) => profiles.scope.has(a) || (profiles.scopeOnAllRoles.has(a) && (onAllRoles ??= coversAllRoles(s))));
}

/**
 * Does the statement let the principal pass every IAM role: Resource "*", a role/* ARN, or
 * NotResource, and no iam:PassedToService condition (which pins the receiving service)?
 */
function coversAllRoles(s: Statement): boolean {
  if (conditionEntries(s).some((e) => e.key.toLowerCase() === 'iam:passedtoservice')) return false;
  if (s.get('NotResource')) return true;
  return s.resourceItems().some((r) => r.value === '*' || /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/i.test(r.value));
}

export function subjectCore(grants: StatementGrant[]): SubjectCore {
  let denied: Set<Action> | undefined;
  for (const g of grants) if (g.denies?.length) for (const a of g.denies) (denied ??= new Set()).add(a);
  const entryActions: Action[][] = [];
  const entryScoped: Action[][] = [];
  const granted = new Set<Action>();
  const scoped = new Set<Action>();
  const unconditional = new Set<Action>();
  for (const g of grants) {
    for (const e of g.allows ?? []) {
      const actions = denied ? e.actions.filter((a) => !denied!.has(a)) : e.actions;
      entryActions.push(actions);
      const inScope = denied ? e.scoped.filter((a) => !denied!.has(a)) : e.scoped;
      entryScoped.push(inScope);
      for (const a of inScope) scoped.add(a);
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
  return { entryActions, entryScoped, denies: !!denied, granted, scoped, conditionalOnly, fits: new Map(), unknown };
}

const NO_ENTRIES: EntryGrant[] = [];

/**
 * The entries of one Allow statement, in the order of its grant's allows: the actions are
 * `entryActions[k...]` when given (a subject whose Deny removed some), else the grant's own, and
 * then the entries are kept in `shared` for the other principals of the statement.
 */
function statementEntries(s: Statement, g: StatementGrant, core: SubjectCore | undefined, k: number, shared?: Map<Statement, EntryGrant[]>): EntryGrant[] {
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
      notAction: e.notAction, conditional: g.conditional, actions: core ? core.entryActions[k + j] : e.actions,
      scoped: core ? core.entryScoped[k + j] : e.scoped,
    };
  }
  if (shared) shared.set(s, out);
  return out;
}

export function buildSubject(catalog: Catalog, profiles: Profiles, kind: PolicyKind, statements: Statement[], principal: StringItem | undefined, label: string, memo?: RoleMemo, ids?: number[], shared?: Map<Statement, EntryGrant[]>, hasUnknown = false): Subject {
  // Plain loops and no closures: on a memo hit (most subjects of most keystrokes) this allocates
  // only the subject and its entries.
  const grants: StatementGrant[] = new Array(statements.length);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    let g = memo && ids ? memo.grantOf(ids[i]) : undefined;
    if (!g) {
      g = statementGrant(catalog, kind, s, profiles, hasUnknown);
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
      for (const e of statementEntries(statements[i], grants[i], core, k)) entries.push(e);
      k += grants[i].allows?.length ?? 0;
    }
  }
  const subject: WithCore = { principal, label, statements, entries, granted: core.granted, scoped: core.scoped, conditionalOnly: core.conditionalOnly };
  subject[CORE] = core;
  if (core.unknown) subject.partlyUnknown = true;
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


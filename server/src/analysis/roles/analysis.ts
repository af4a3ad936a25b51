/**
 * Role analysis: what a policy really grants, and for which CloudHSM key store principal class.
 *
 * Grants are computed from the catalog: Allow minus unconditional Deny; Action and NotAction;
 * wildcards anywhere, case-insensitively. A conditional Deny removes nothing; a conditional Allow
 * still grants (and is marked). An action that has no resource type is granted only where the
 * statement's Resource is "*". In a key policy, "Resource": "*" means this key, and only actions
 * on the key resource have any effect; each principal is analysed on its own.
 *
 * This module builds the subjects and decides their classes; the parts live beside it:
 * grants.ts (what statements and subjects grant), memo.ts (the memo by statement text),
 * fit.ts (how a subject fits a class, and inference) and verdict.ts (the verdict and its reason).
 */
import { Action, Catalog, globToRegExp } from '../catalog';
import type { Node } from '../json';
import type { PolicyDoc, Statement, StringItem } from '../policy';
import type { AnalysisOptions, PolicyKind, RoleId, RoleVerdict } from '../types';
import type { Profile, Profiles } from './profiles';
import type { Knowledge } from '../knowledge';
import { buildSubject, isServicePrincipal, mayMatch, principalValues } from './grants';
import { coreOf } from './memo';
import { inferFit, pinnedFit } from './fit';
import { verdictOf } from './verdict';
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
  /** Those of `actions` a class judges (schemas/class-scope.json). */
  scoped: Action[];
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
  /** The granted actions a class judges: KMS, CloudHSM, the EC2 and IAM actions around them, escalation. */
  scoped: Set<Action>;
  /** Granted only under a condition (every granting statement has a Condition). */
  conditionalOnly: Set<Action>;
  /**
   * Not a principal class: the account root (delegation to IAM), or the KMS service-linked role of
   * the key store (its own check reports it in a key policy).
   */
  skip?: 'delegation' | 'service' | 'unknown';
  /**
   * Some of what the subject is granted cannot be seen: a statement's actions, effect or a Deny's
   * actions are computed by a host document (UNKNOWN, see host/types.ts). Then missing actions are
   * not reported and the verdict says so.
   */
  partlyUnknown?: boolean;
  /**
   * A key-policy principal that is an AWS service: a service principal ("Service":
   * "logs.amazonaws.com") or another service's service-linked role (:role/aws-service-role/...).
   * Such principals need key use and grants at most: only the key user class is inferred for them.
   */
  service?: 'principal' | 'linked-role';
  profile?: Profile;
  verdict?: RoleVerdict;
}

export interface RoleAnalysis {
  kind: PolicyKind;
  profiles: Profiles;
  subjects: Subject[];
  verdicts: RoleVerdict[];
  /**
   * Actions of a subject's `scoped` set that are harmless for `profile` in this policy kind though the
   * class does not need them: no effect here, outside what the class judges (unless `whole`: an
   * entry the class names as excessive, such as ec2:*, is judged whole), or unsupported in a key store.
   */
  isHarmless(profile: Profile, action: Action, whole?: boolean): boolean;
}

const ROOT_ARN = /^arn:aws[a-z-]*:iam::\d{12}:root$/i;
const ACCOUNT_ID = /^\d{12}$/;
const KMS_KEY_STORE_SLR = /:role\/aws-service-role\/cks\.kms\.amazonaws\.com\//i;
/** Inference for an AWS service principal in a key policy: key use and grants at most. */
const SERVICE_CLASSES: ReadonlySet<string> = new Set(['key-user']);

/** The class pinned for a key-policy principal by `principalRoles` (the first glob that matches it). */
function pinnedFor(options: AnalysisOptions, principal: string | undefined): RoleId | undefined {
  if (options.role) return options.role;
  if (!principal || !options.principalRoles) return undefined;
  for (const [glob, role] of Object.entries(options.principalRoles)) if (globToRegExp(glob).test(principal)) return role;
  return undefined;
}

/**
 * `text` is the document the policy was parsed from: with it, what each statement grants and each
 * subject's fit are memoised by statement text (see RoleMemo), so a keystroke recomputes only the
 * statements it touched. Without it nothing is memoised. The result is the same either way.
 */
export function analyzeRoles(policy: PolicyDoc | undefined, kind: PolicyKind, k: Knowledge, options: AnalysisOptions, text?: string): RoleAnalysis {
  const { catalog, profiles } = k;
  const noEffect = (a: Action) => kind === 'resource' && !(a.service.prefix === 'kms' && a.resourceTypes.some((r) => r.name === 'key'));
  // What a class does not judge is never excess: callers pass actions of the subject's `scoped` set,
  // where iam:PassRole appears only where it covers every role.
  const isHarmless = (p: Profile, a: Action, whole?: boolean) =>
    p.allowed.has(a) || noEffect(a) || (!whole && !(p.scope.has(a) || profiles.scopeOnAllRoles.has(a)))
    || ((p.id === 'key-manager' || p.id === 'key-user') && profiles.unsupported.has(a));
  const result: RoleAnalysis = { kind, profiles, subjects: [], verdicts: [], isHarmless };
  if (!policy || kind === 'trust' || options.role === null) return result;

  const statements = policy.statements.filter((s) => s.isObject);
  // Host documents (host/) mark computed values UNKNOWN; a standalone JSON policy never has one.
  const hasUnknown = policy.hasUnknown === true;
  // An Allow of "*", "*:*" or NotAction grants (nearly) every action: no class fits such a policy,
  // so unless a class is pinned, skip computing grants over all 22,000 actions.
  const pinned = !!options.role || (kind === 'resource' && !!options.principalRoles && Object.keys(options.principalRoles).length > 0);
  if (!pinned && statements.some((s) => s.isAllow && (s.get('NotAction') || s.actionItems().some((i) => /^[*?]*(:[*?]*)?$/.test(i.value))))) return result;
  // Every class requires actions of a few services only (kms, cloudhsm, ec2, iam): a policy whose
  // Allow statements name none of them fits no class, and most policies are like that.
  if (!pinned && !statements.some((s) => s.isAllow && s.actionItems().some((i) => mayMatch(i.value, profiles.services)))) return result;
  const memo = text === undefined ? undefined : k.roleMemo;
  const ids = memo ? statements.map((s) => memo.statements.idOf(kind, text!, s)) : undefined;
  memo?.sync();
  const shared = new Map<Statement, EntryGrant[]>();
  const build = (applies: Statement[], indexes: number[], principal: StringItem | undefined, label: string) =>
    buildSubject(catalog, profiles, kind, applies, principal, label, memo, ids && indexes.map((i) => ids[i]), shared, hasUnknown);
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
      else if (KMS_KEY_STORE_SLR.test(p.value)) subject.skip = 'service';
      else if (/:role\/aws-service-role\//i.test(p.value)) subject.service = 'linked-role';
      else if (isServicePrincipal(s, p)) subject.service = 'principal';
      result.subjects.push(subject);
    }
  }

  for (const subject of result.subjects) {
    if (subject.skip) continue;
    // The fit's memo key: the pinned class, or how the class is inferred.
    const role = kind === 'resource' ? pinnedFor(options, subject.principal?.value) : options.role ?? undefined;
    const mode = role ?? (subject.service ? 'service' : '');
    const cache = coreOf(subject)?.fits;
    let fit = cache?.get(mode);
    if (fit === undefined) {
      const profile = role && profiles.byId.get(role);
      fit = (profile ? pinnedFit(profile, subject, kind, result) : inferFit(subject, kind, result, subject.service ? SERVICE_CLASSES : undefined)) ?? null;
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

export { principalValues, resourceAllows } from './grants';
export { requirementStatus } from './fit';
export type { RoleId };

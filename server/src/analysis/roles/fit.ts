/**
 * How a subject fits a principal class: the class's requirements it meets, the actions it has beyond
 * the class, and, without a pinned class, which class fits best.
 */
import type { Action } from '../catalog';
import type { PolicyKind } from '../types';
import type { RoleAnalysis, Subject } from './analysis';
import type { Profile, Profiles } from './profiles';

/** Required entries of the class that apply in this policy kind, satisfied or not. */
export function requirementStatus(profile: Profile, subject: Subject, kind: PolicyKind) {
  const reqs = profile.required.filter((r) => r.contexts.includes(kind));
  const missing = reqs.filter((r) => !r.actions.some((a) => subject.granted.has(a)));
  return { reqs, missing };
}

/** Granted actions of the class's business that the class does not need (what is out of scope is never excess). */
function excessCount(profile: Profile, subject: Subject, analysis: RoleAnalysis): number {
  let n = 0;
  for (const a of subject.scoped) if (!analysis.isHarmless(profile, a)) n++;
  return n;
}

/** Does the class judge this action of the subject's `scoped` set? */
function judges(profile: Profile, analysis: RoleAnalysis, a: Action): boolean {
  return profile.scope.has(a) || analysis.profiles.scopeOnAllRoles.has(a);
}

/** What the subject grants beyond the class's scope: "also grants 23 actions of 4 other services". */
function otherOf(profile: Profile, subject: Subject, analysis: RoleAnalysis): { actions: number; services: number } {
  const services = new Set<string>();
  let actions = 0;
  for (const a of subject.granted) {
    if (profile.allowed.has(a) || (subject.scoped.has(a) && judges(profile, analysis, a))) continue;
    actions++;
    services.add(a.service.prefix);
  }
  return { actions, services: services.size };
}

/** How well a subject fits a class: what the verdict reports, without where it is. */
export interface Fit {
  profile: Profile;
  source: 'pinned' | 'inferred';
  requiredGranted: number;
  requiredTotal: number;
  excessive: number;
  /** Inferred: actions of the class granted only under a condition. */
  conditional: number;
  /** Granted actions no class judges, and their services. */
  otherActions: number;
  otherServices: number;
  /** The verdict's reason by principal value, once written. */
  reasons?: Map<string, string>;
}

export function fitFor(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis, source: Fit['source']): Fit {
  const { reqs, missing } = requirementStatus(profile, subject, kind);
  const other = otherOf(profile, subject, analysis);
  return { profile, source, requiredGranted: reqs.length - missing.length, requiredTotal: reqs.length, excessive: excessCount(profile, subject, analysis), conditional: 0, otherActions: other.actions, otherServices: other.services };
}

export function pinnedFit(profile: Profile, subject: Subject, kind: PolicyKind, analysis: RoleAnalysis): Fit {
  return fitFor(profile, subject, kind, analysis, 'pinned');
}

/** Classes that can meaningfully be analysed in this policy kind. */
function candidates(profiles: Profiles, kind: PolicyKind): Profile[] {
  return profiles.list.filter((p) => p.attachTo.includes(kind));
}

/**
 * The best class for a subject, from its part of the policy: the class must find one of its anchor
 * actions, the subject must hold at least half of what the class requires, and among those classes
 * the best F1 of recall (required permissions granted) and precision (the granted actions of the
 * key store's business that the class may have) wins. What no class judges (a Lambda function's
 * logs:*, a build's s3:GetObject) counts for nothing either way. `only` limits the candidates.
 */
export function inferFit(subject: Subject, kind: PolicyKind, analysis: RoleAnalysis, only?: ReadonlySet<string>): Fit | undefined {
  if (subject.scoped.size === 0) return undefined;
  let best: { p: Profile; score: number; sat: number; total: number; excess: number } | undefined;
  for (const p of candidates(analysis.profiles, kind)) {
    if (only && !only.has(p.id)) continue;
    if (!p.anchors.every((group) => [...group].some((a) => subject.scoped.has(a)))) continue;
    const { reqs, missing } = requirementStatus(p, subject, kind);
    if (reqs.length === 0) continue;
    const sat = reqs.length - missing.length;
    // Fewer than half of the class's requirements: a principal with a few of its powers (a backup
    // role that may also delete key stores) is not of the class, and "also needs" would mislead.
    if (sat * 2 < reqs.length) continue;
    const excess = excessCount(p, subject, analysis);
    let judged = 0;
    for (const a of subject.scoped) if (judges(p, analysis, a)) judged++;
    const recall = sat / reqs.length;
    const precision = judged === 0 ? 0 : (judged - excess) / judged;
    if (precision === 0) continue;
    const score = (2 * precision * recall) / (precision + recall);
    if (!best || score > best.score + 1e-9) best = { p, score, sat, total: reqs.length, excess };
  }
  if (!best) return undefined;
  const { p, sat, total, excess } = best;
  let cond = 0;
  for (const a of subject.conditionalOnly) if (p.allowed.has(a)) cond++;
  const other = otherOf(p, subject, analysis);
  return { profile: p, source: 'inferred', requiredGranted: sat, requiredTotal: total, excessive: excess, conditional: cond, otherActions: other.actions, otherServices: other.services };
}

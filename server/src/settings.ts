/**
 * The extension's settings (`cloudhsmPolicy.*`), validated. This is the one place that knows
 * setting names; the core receives AnalysisOptions. The client imports only types from here.
 */
import { closest } from './analysis/catalog';
import { ROLE_IDS } from './classData';
import type { RoleId, SeverityOverride } from './analysis/types';

export const SECTION = 'cloudhsmPolicy';

/** The principal class ids a glob may map to (besides "none"): the core's, from schemas/roles/. */
export { ROLE_IDS };
const SEVERITIES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface Settings {
  /** Check documents at all. */
  enable: boolean;
  /** Severity override per check id. */
  severity: Record<string, SeverityOverride>;
  /** Glob (relative to the workspace folder) -> principal class id, or "none" to turn role checks off. */
  roles: Record<string, RoleId | 'none'>;
  /** Key policies: principal ARN glob -> principal class id, per principal. */
  principalRoles: Record<string, RoleId>;
  /** Extra globs of files that are policies even when they don't look like one. */
  files: string[];
  /** Milliseconds to wait after the last keystroke before checking. */
  delay: number;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, severity: {}, roles: {}, principalRoles: {}, files: [], delay: 150 };

/**
 * Validates raw settings. Invalid entries are dropped and described in `problems` (shown to the
 * user once), never thrown.
 */
export function parseSettings(raw: unknown, knownCodes: ReadonlySet<string>): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const s: Settings = { enable: true, severity: {}, roles: {}, principalRoles: {}, files: [], delay: DEFAULT_SETTINGS.delay };
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    problems.push(`cloudhsmPolicy.* settings must form an object (found ${describe(raw)}): the defaults are used.`);
  }
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : {};
  if (o.enable !== undefined) {
    if (typeof o.enable === 'boolean') s.enable = o.enable; else problems.push('cloudhsmPolicy.enable must be true or false.');
  }
  if (o.severity !== undefined) {
    if (o.severity && typeof o.severity === 'object' && !Array.isArray(o.severity)) {
      for (const [code, level] of Object.entries(o.severity as Record<string, unknown>)) {
        if (!knownCodes.has(code)) {
          const guess = closest(code, knownCodes, 1)[0];
          problems.push(`cloudhsmPolicy.severity: unknown check "${code}" (ignored).${guess ? ` Did you mean "${guess}"?` : ''} The check ids are listed in the README's Codes section and by cloudhsm-policy-lint --list-checks.`);
          continue;
        }
        if (typeof level !== 'string' || !SEVERITIES.includes(level as SeverityOverride)) {
          problems.push(`cloudhsmPolicy.severity.${code}: ${describe(level)} is not one of ${SEVERITIES.join(', ')} (ignored).`);
          continue;
        }
        s.severity[code] = level as SeverityOverride;
      }
    } else problems.push('cloudhsmPolicy.severity must be an object that maps check ids to severities.');
  }
  if (o.roles !== undefined) {
    if (o.roles && typeof o.roles === 'object' && !Array.isArray(o.roles)) {
      for (const [glob, id] of Object.entries(o.roles as Record<string, unknown>)) {
        if (typeof id === 'string' && (ROLE_IDS.includes(id as RoleId) || id === 'none')) s.roles[glob] = id as RoleId | 'none';
        else problems.push(`cloudhsmPolicy.roles["${glob}"]: ${describe(id)} is not a principal class. Valid ids: ${ROLE_IDS.join(', ')} (or "none").`);
      }
    } else problems.push('cloudhsmPolicy.roles must be an object that maps globs to principal class ids.');
  }
  if (o.principalRoles !== undefined) {
    if (o.principalRoles && typeof o.principalRoles === 'object' && !Array.isArray(o.principalRoles)) {
      for (const [glob, id] of Object.entries(o.principalRoles as Record<string, unknown>)) {
        if (typeof id === 'string' && ROLE_IDS.includes(id as RoleId)) s.principalRoles[glob] = id as RoleId;
        else problems.push(`cloudhsmPolicy.principalRoles["${glob}"]: ${describe(id)} is not a principal class. Valid ids: ${ROLE_IDS.join(', ')}.`);
      }
    } else problems.push('cloudhsmPolicy.principalRoles must be an object that maps principal ARN globs to principal class ids.');
  }
  if (o.files !== undefined) {
    if (Array.isArray(o.files)) {
      s.files = o.files.filter((f): f is string => typeof f === 'string');
      const bad = o.files.filter((f) => typeof f !== 'string');
      if (bad.length) problems.push(`cloudhsmPolicy.files: ${bad.length} entr${bad.length === 1 ? 'y is' : 'ies are'} not a string glob (${bad.slice(0, 3).map(describe).join(', ')}) and ${bad.length === 1 ? 'is' : 'are'} ignored.`);
    } else problems.push('cloudhsmPolicy.files must be an array of globs.');
  }
  if (o.delay !== undefined) {
    if (typeof o.delay === 'number' && o.delay >= 0 && o.delay <= 10000) s.delay = o.delay;
    else problems.push('cloudhsmPolicy.delay must be a number of milliseconds between 0 and 10000.');
  }
  return { settings: s, problems };
}

/** A setting value for a message; never throws, whatever the value (even `{ toString: 1 }`). */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

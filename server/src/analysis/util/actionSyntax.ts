/**
 * The syntax of Action / NotAction entries ("service:action", wildcards allowed) and a per-statement
 * summary of what the entries match in the catalog. Shared by the action, resource and condition
 * checks; the summary is computed once per statement per analysis (the Statement objects are new on
 * every run, so a WeakMap keeps no stale data).
 */
import type { Action, Catalog } from '../catalog';
import type { Statement, StringItem } from '../policy';

export type ActionProblem =
  | 'empty' | 'whitespace' | 'inner-space' | 'no-colon' | 'many-colons' | 'no-service' | 'no-action'
  | 'bad-service-char' | 'bad-action-char' | 'variable';

export interface ParsedAction {
  raw: string;
  /** The whole-catalog wildcard "*". */
  all: boolean;
  /** The service prefix as written ("KMS"), '' if missing. */
  service: string;
  /** The action part as written ("Decrypt", "Get*"), '' if missing. */
  action: string;
  wildService: boolean;
  wildAction: boolean;
  /** Set when the entry is not of the form service:action. */
  problem?: ActionProblem;
}

const SERVICE_CHARS = /^[A-Za-z0-9*?-]+$/;
const ACTION_CHARS = /^[A-Za-z0-9*?_.-]+$/;
const WILD = /[*?]/;
const SPACE = /\s/;

/** Parses one Action/NotAction string. Never throws. */
export function parseAction(raw: string): ParsedAction {
  const base: ParsedAction = { raw, all: false, service: '', action: '', wildService: false, wildAction: false };
  if (raw === '*') return { ...base, all: true, wildService: true, wildAction: true };
  if (raw.trim() === '') return { ...base, problem: 'empty' };
  if (raw !== raw.trim()) {
    const inner = parseAction(raw.trim());
    return { ...inner, raw, problem: inner.problem ?? 'whitespace' };
  }
  if (raw.includes('${')) return { ...base, problem: 'variable' };
  if (SPACE.test(raw)) return { ...base, problem: 'inner-space' };
  const colon = raw.indexOf(':');
  if (colon < 0) return { ...base, problem: 'no-colon' };
  const service = raw.slice(0, colon);
  const action = raw.slice(colon + 1);
  const parsed: ParsedAction = { ...base, service, action, wildService: WILD.test(service), wildAction: WILD.test(action) };
  if (action.includes(':')) return { ...parsed, problem: 'many-colons' };
  if (service === '') return { ...parsed, problem: 'no-service' };
  if (action === '') return { ...parsed, problem: 'no-action' };
  if (!SERVICE_CHARS.test(service)) return { ...parsed, problem: 'bad-service-char' };
  if (!ACTION_CHARS.test(action)) return { ...parsed, problem: 'bad-action-char' };
  return parsed;
}

/** What one entry is, in catalog terms. */
export type EntryKind = 'all' | 'invalid' | 'unknown-service' | 'unknown-action' | 'unmatched-wildcard' | 'known';

export interface ActionEntry {
  item: StringItem;
  parsed: ParsedAction;
  kind: EntryKind;
  /** The catalog actions the entry matches (shared, do not mutate). */
  matches: Action[];
}

export interface ActionSummary {
  /** True for NotAction. */
  negated: boolean;
  entries: ActionEntry[];
  /** Lower-case service prefixes the (non-negated) entries name; undefined when an entry spans services or is not understood. */
  services: Set<string> | undefined;
  /** Every entry is a known action or a wildcard that matches something within one service. */
  allUnderstood: boolean;
}

export function classify(catalog: Catalog, item: StringItem): ActionEntry {
  const parsed = parseAction(item.value);
  if (parsed.all) return { item, parsed, kind: 'all', matches: catalog.match('*') };
  if (parsed.problem) return { item, parsed, kind: 'invalid', matches: [] };
  if (!parsed.wildService && !catalog.getService(parsed.service)) return { item, parsed, kind: 'unknown-service', matches: [] };
  const matches = catalog.match(item.value);
  if (matches.length > 0) return { item, parsed, kind: 'known', matches };
  return { item, parsed, kind: parsed.wildService || parsed.wildAction ? 'unmatched-wildcard' : 'unknown-action', matches };
}

const summaries = new WeakMap<Statement, ActionSummary>();

/** The action summary of a statement (cached for the statement object). */
export function actionSummary(catalog: Catalog, statement: Statement): ActionSummary {
  let s = summaries.get(statement);
  if (s) return s;
  const negated = !statement.get('Action') && !!statement.get('NotAction');
  const entries = statement.actionItems().map((item) => classify(catalog, item));
  let services: Set<string> | undefined = new Set();
  let allUnderstood = entries.length > 0;
  for (const e of entries) {
    if (e.kind !== 'known') allUnderstood = false;
    if (e.kind !== 'known' || e.parsed.wildService) { services = undefined; continue; }
    services?.add(e.parsed.service.toLowerCase());
  }
  if (negated) services = undefined;
  s = { negated, entries, services, allUnderstood };
  summaries.set(statement, s);
  return s;
}

/**
 * Sound glob inclusion: true when every string `inner` can match is matched by `outer` (both use `*`
 * and `?`, case-insensitively). `outer`'s `*` may absorb anything of `inner`; `outer`'s `?` one
 * literal or `?`; literals must be equal. May answer false for some true inclusions, never the reverse.
 */
export function globCovers(outer: string, inner: string): boolean {
  const a = outer.toLowerCase();
  const b = inner.toLowerCase();
  const n = a.length;
  const m = b.length;
  // reach[j]: outer[0..i) can cover inner[0..j)
  let reach = new Uint8Array(m + 1);
  reach[0] = 1;
  for (let i = 0; i < n; i++) {
    const c = a[i];
    const next = new Uint8Array(m + 1);
    if (c === '*') {
      let on = 0;
      for (let j = 0; j <= m; j++) { if (reach[j]) on = 1; next[j] = on; }
    } else {
      for (let j = 0; j < m; j++) {
        if (!reach[j]) continue;
        const d = b[j];
        if (d === '*') continue;
        if (c === '?' ? true : c === d) next[j + 1] = 1;
      }
    }
    reach = next;
  }
  return reach[m] === 1;
}

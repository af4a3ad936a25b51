/**
 * The syntax of Action / NotAction entries ("service:action", wildcards allowed) and a per-statement
 * summary of what the entries match in the catalog. Shared by the action, resource and condition
 * checks; the summary is computed once per statement per analysis (the Statement objects are new on
 * every run, so a WeakMap keeps no stale data).
 */
import type { Action, Catalog } from '../catalog';
import { removeChild } from '../edits';
import type { Statement, StringItem } from '../policy';
import type { Fix } from '../types';
import { detach } from './detach';

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

const FAST = /^([A-Za-z0-9-]+):([A-Za-z0-9_.-]+)$/;

/** Parses one Action/NotAction string. Never throws. */
export function parseAction(raw: string): ParsedAction {
  // Fast path for the common case: a plain "service:Action" without wildcards.
  const f = FAST.exec(raw);
  if (f) return { raw, all: false, service: f[1], action: f[2], wildService: false, wildAction: false };
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
  /** The entry's text in lower case (action names are case-insensitive). */
  lower: string;
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

type Classified = Omit<ActionEntry, 'item'>;
const classified = new WeakMap<Catalog, Map<string, Classified>>();
const NONE: Action[] = [];

function classifyValue(catalog: Catalog, raw: string): Classified {
  const parsed = parseAction(raw);
  const lower = raw.toLowerCase();
  if (parsed.all) return { parsed, kind: 'all', matches: catalog.match('*'), lower };
  if (parsed.problem) return { parsed, kind: 'invalid', matches: NONE, lower };
  if (!parsed.wildService && !catalog.getService(parsed.service)) return { parsed, kind: 'unknown-service', matches: NONE, lower };
  const matches = catalog.match(raw);
  if (matches.length > 0) return { parsed, kind: 'known', matches, lower };
  return { parsed, kind: parsed.wildService || parsed.wildAction ? 'unmatched-wildcard' : 'unknown-action', matches, lower };
}

/** Classifies one entry; results are cached per catalog by the text of the entry. */
export function classify(catalog: Catalog, item: StringItem): ActionEntry {
  let cache = classified.get(catalog);
  if (!cache) { cache = new Map(); classified.set(catalog, cache); }
  let c = cache.get(item.value);
  if (!c) {
    const value = detach(item.value);
    c = classifyValue(catalog, value);
    if (cache.size > 20000) cache.clear();
    cache.set(value, c);
  }
  return { item, parsed: c.parsed, kind: c.kind, matches: c.matches, lower: c.lower };
}

/** Memo slot on the statement object: cheaper than a WeakMap, and gone with the statement. */
const SUMMARY = Symbol('actionSummary');
type WithSummary = Statement & { [SUMMARY]?: ActionSummary };

/** The action summary of a statement (cached for the statement object). */
export function actionSummary(catalog: Catalog, statement: Statement): ActionSummary {
  let s = (statement as WithSummary)[SUMMARY];
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
  (statement as WithSummary)[SUMMARY] = s;
  return s;
}

/**
 * Sound glob inclusion: true when every string `inner` can match is matched by `outer` (both use `*`
 * and `?`, case-insensitively). `outer`'s `*` may absorb anything of `inner`; `outer`'s `?` one
 * literal or `?`; literals must be equal. May answer false for some true inclusions, never the reverse.
 */
export function globCovers(outer: string, inner: string): boolean {
  return coversLower(outer.toLowerCase(), inner.toLowerCase());
}

let rowA = new Uint8Array(64);
let rowB = new Uint8Array(64);

/** globCovers for lower-case inputs. */
export function coversLower(a: string, b: string): boolean {
  // Quick answers: no wildcard in outer means equality; the literal head of outer must start inner.
  let head = 0;
  while (head < a.length) {
    const c = a.charCodeAt(head);
    if (c === 42 /* * */ || c === 63 /* ? */) break;
    if (head >= b.length || b.charCodeAt(head) !== c) return false;
    head++;
  }
  if (head === a.length) return a.length === b.length;
  const n = a.length;
  const m = b.length;
  if (rowA.length <= m) { rowA = new Uint8Array(m + 1); rowB = new Uint8Array(m + 1); }
  // reach[j]: outer[0..i) can cover inner[0..j); two reused rows.
  let reach = rowA;
  let next = rowB;
  reach.fill(0, 0, m + 1);
  reach[head] = 1;
  for (let i = head; i < n; i++) {
    const c = a.charCodeAt(i);
    next.fill(0, 0, m + 1);
    if (c === 42) {
      let on = 0;
      for (let j = 0; j <= m; j++) { if (reach[j]) on = 1; next[j] = on; }
    } else {
      for (let j = 0; j < m; j++) {
        if (!reach[j]) continue;
        const d = b.charCodeAt(j);
        if (d === 42) continue;
        if (c === 63 || c === d) next[j + 1] = 1;
      }
    }
    const t = reach; reach = next; next = t;
  }
  return reach[m] === 1;
}

/** A fix that removes an Action/NotAction entry, when it is one of several (never safe: the catalog may lag AWS). */
export function removeEntryFix(text: string, statement: Statement, e: ActionEntry): Fix[] {
  const container = statement.actionProp?.value;
  if (!container || container.type !== 'array' || (container.children?.length ?? 0) < 2) return [];
  return [{ title: `Remove "${e.item.value}"`, edits: removeChild(text, container, e.item.node) }];
}

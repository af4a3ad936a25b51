/**
 * The catalog as completion lists: services, the actions of a service (with their documentation),
 * the wildcard patterns worth proposing, and service principals. Each list is built once per catalog
 * (or per service) and kept as long as the catalog (WeakMap): completion runs on every keystroke,
 * the lists only change with the catalog.
 */
import { Action, Catalog, Service } from './catalog';
import type { Knowledge } from './knowledge';
import { list, SERVICE_PRINCIPAL_NOTES } from './reference';
import type { Profiles } from './roles/profiles';
import type { ProposalKind } from './types';

/** The services a CloudHSM key store policy names, proposed first. */
const CLOUDHSM_SERVICES = ['kms', 'cloudhsm', 'iam', 'ec2'];

interface ServiceEntry { prefix: string; name: string; doc: string; sort: string }
const serviceCache = new WeakMap<Catalog, ServiceEntry[]>();

export function serviceEntries(catalog: Catalog): ServiceEntry[] {
  let list = serviceCache.get(catalog);
  if (!list) {
    list = [...catalog.services.values()].map((s) => {
      const rank = CLOUDHSM_SERVICES.indexOf(s.prefix);
      return {
        prefix: s.prefix, name: s.name, sort: rank >= 0 ? `0${rank}` : `1${s.prefix}`,
        doc: `${s.name}: ${s.actions.length} actions.\n\n[Service Authorization Reference](${Catalog.docsUrl(s)})`,
      };
    });
    serviceCache.set(catalog, list);
  }
  return list;
}

export interface ActionEntry { label: string; lower: string; quoted: string; kind: ProposalKind; detail: string; doc: string; sort: string }

/** The actions of a service as proposals; they say which the classes need, so the analyzer keeps them (knowledge.ts). */
export function actionEntries(k: Knowledge, service: Service): ActionEntry[] {
  let entries = k.actionEntries.get(service);
  if (entries) return entries;
  const profiles = k.profilesOrNone();
  entries = [...service.actions].sort((a, b) => a.name.localeCompare(b.name)).map((a) => {
    const unsupported = profiles?.unsupported.get(a);
    return {
      label: a.full, lower: a.lower, quoted: JSON.stringify(a.full), kind: 'function' as const, sort: `1${a.lower}`,
      detail: a.accessLevels.join(', ') + (unsupported ? ' · not for CloudHSM key store keys' : ''),
      doc: actionDoc(a, profiles),
    };
  });
  for (const w of wildcardPatterns(service)) {
    entries.push({
      label: w.pattern, lower: w.pattern.toLowerCase(), quoted: JSON.stringify(w.pattern), kind: 'value', sort: `2${w.pattern.toLowerCase()}`,
      detail: `matches ${w.actions.length} actions`,
      doc: `Matches ${w.actions.length} actions of ${service.name}: ${list(w.actions.map((x) => x.name), 20)}.`,
    });
  }
  entries.push({
    label: `${service.prefix}:*`, lower: `${service.prefix}:*`, quoted: JSON.stringify(`${service.prefix}:*`), kind: 'value', sort: '3', detail: `all ${service.actions.length} actions`,
    doc: `Every action of ${service.name}, including the ones AWS adds later. Least privilege: list the actions instead.`,
  });
  k.actionEntries.set(service, entries);
  return entries;
}

/** Markdown about one action: description, resource types, CloudHSM key store notes. */
function actionDoc(a: Action, profiles: Profiles | undefined): string {
  const parts = [a.description];
  if (a.resourceTypes.length) parts.push(`Resource types: ${a.resourceTypes.map((r) => `\`${r.name}${r.required ? '*' : ''}\``).join(', ')}`);
  else parts.push('No resource type: `"Resource": "*"`.');
  const unsupported = profiles?.unsupported.get(a);
  if (unsupported) parts.push(`Not for keys in a CloudHSM key store: ${unsupported}`);
  const classes = profiles ? profiles.list.filter((p) => p.needs.has(a)).map((p) => `${p.title} (${p.needs.get(a)!.kind})`) : [];
  if (classes.length) parts.push(`CloudHSM key store classes: ${classes.join(', ')}`);
  return parts.join('\n\n');
}

export interface WildcardPattern { pattern: string; actions: Action[] }
const wildcardCache = new WeakMap<Service, WildcardPattern[]>();

/**
 * Wildcard patterns worth proposing for a service: `kms:Describe*`, `kms:GenerateDataKey*`. A pattern is
 * a prefix that ends at a word boundary (or the end) of at least two action names and matches no other action (so
 * `kms:Re*`, which also matches ReplicateKey, is not proposed); of prefixes that match the same actions
 * the longest is kept.
 */
export function wildcardPatterns(service: Service): WildcardPattern[] {
  let out = wildcardCache.get(service);
  if (out) return out;
  const sorted = [...service.actions].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  const names = sorted.map((a) => a.name.toLowerCase());
  const boundary = new Map<string, number>();
  for (const a of service.actions) {
    const seen = new Set<string>();
    for (let j = 1; j <= a.name.length; j++) {
      if (j === a.name.length || (/[A-Z]/.test(a.name[j]) && /[a-z0-9]/.test(a.name[j - 1]))) {
        const p = a.name.slice(0, j);
        if (!seen.has(p)) { seen.add(p); boundary.set(p, (boundary.get(p) ?? 0) + 1); }
      }
    }
  }
  const candidates: Array<{ prefix: string; from: number; to: number }> = [];
  for (const [prefix, count] of boundary) {
    if (count < 2) continue;
    const lower = prefix.toLowerCase();
    const from = lowerBound(names, lower);
    const to = lowerBound(names, lower + '\uffff');
    if (to - from === count) candidates.push({ prefix, from, to });
  }
  // Of prefixes with the same match range, keep the longest.
  const best = new Map<string, { prefix: string; from: number; to: number }>();
  for (const c of candidates) {
    const k = `${c.from}:${c.to}`;
    const cur = best.get(k);
    if (!cur || c.prefix.length > cur.prefix.length) best.set(k, c);
  }
  out = [...best.values()].sort((a, b) => a.prefix.localeCompare(b.prefix))
    .map((c) => ({ pattern: `${service.prefix}:${c.prefix}*`, actions: sorted.slice(c.from, c.to) }));
  wildcardCache.set(service, out);
  return out;
}

interface PrincipalEntry { principal: string; detail: string; doc: string; sort: string }
const principalCache = new WeakMap<Catalog, PrincipalEntry[]>();

export function servicePrincipalEntries(catalog: Catalog): PrincipalEntry[] {
  let entries = principalCache.get(catalog);
  if (entries) return entries;
  entries = Object.entries(SERVICE_PRINCIPAL_NOTES).map(([principal, doc], i) => ({ principal, doc, detail: principal.startsWith('cks.') ? 'KMS custom key stores' : 'AWS CloudHSM', sort: `0${i}` }));
  const seen = new Set(entries.map((e) => e.principal));
  for (const s of catalog.services.values()) {
    const principal = `${s.prefix}.amazonaws.com`;
    if (seen.has(principal)) continue;
    seen.add(principal);
    entries.push({ principal, detail: s.name, doc: `The service principal of ${s.name} (by the usual \`<prefix>.amazonaws.com\` form).`, sort: `1${principal}` });
  }
  principalCache.set(catalog, entries);
  return entries;
}

/** The index of the first entry of `sorted` that is not below `value`. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

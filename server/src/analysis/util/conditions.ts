/**
 * The Condition block: operators (with ForAllValues:/ForAnyValue: and ...IfExists), their families,
 * the condition entries of a statement with their nodes, and condition-key lookup in the catalog.
 *
 * Operators are case-sensitive (IAM rejects "stringEquals" as an invalid Condition type); condition
 * key names are not (aws:SourceIP is aws:SourceIp). Key lookups are cached per catalog.
 */
import type { Catalog, ConditionKeyInfo } from '../catalog';
import type { Node } from '../json';
import { keyOf, valueOf } from '../json';
import type { Statement } from '../policy';
import { detach } from './detach';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** Every base operator of the IAM policy language with its family. */
export const BASE_OPERATORS: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: 'String', StringNotEquals: 'String', StringEqualsIgnoreCase: 'String', StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String', StringNotLike: 'String',
  NumericEquals: 'Numeric', NumericNotEquals: 'Numeric', NumericLessThan: 'Numeric', NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric', NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date', DateNotEquals: 'Date', DateLessThan: 'Date', DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date', DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IpAddress', NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn', ArnLike: 'Arn', ArnNotEquals: 'Arn', ArnNotLike: 'Arn',
  Null: 'Null',
};

export const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
export type SetPrefix = typeof SET_PREFIXES[number];

export interface ParsedOperator {
  raw: string;
  /** Valid exactly as written. */
  valid: boolean;
  prefix?: SetPrefix;
  /** The base operator in its canonical spelling, when recognised (possibly after case correction). */
  base?: string;
  ifExists: boolean;
  family?: OperatorFamily;
  /** The canonical spelling when `raw` differs from it only in letter case. */
  caseFix?: string;
  /** "Null" with "IfExists": not allowed. */
  nullIfExists?: boolean;
}

const BASE_BY_LOWER = new Map(Object.keys(BASE_OPERATORS).map((k) => [k.toLowerCase(), k]));

/** All valid operator spellings (for did-you-mean). */
export const ALL_OPERATORS: readonly string[] = (() => {
  const out: string[] = [];
  for (const base of Object.keys(BASE_OPERATORS)) {
    const forms = base === 'Null' ? [base] : [base, base + 'IfExists'];
    for (const f of forms) out.push(f, ...SET_PREFIXES.map((p) => `${p}:${f}`));
  }
  return out;
})();

const parsedOperators = new Map<string, ParsedOperator>();

/** Parses a condition operator (cached; the set of spellings in use is small). */
export function parseOperator(raw: string): ParsedOperator {
  let p = parsedOperators.get(raw);
  if (p) return p;
  const own = detach(raw);
  p = parseOperatorUncached(own);
  if (parsedOperators.size > 2000) parsedOperators.clear();
  parsedOperators.set(own, p);
  return p;
}

function parseOperatorUncached(raw: string): ParsedOperator {
  let rest = raw;
  let prefix: SetPrefix | undefined;
  let canonical = '';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const head = rest.slice(0, colon);
    const found = SET_PREFIXES.find((x) => x.toLowerCase() === head.toLowerCase());
    if (!found) return { raw, valid: false, ifExists: false };
    prefix = found;
    canonical = found + ':';
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let base = BASE_BY_LOWER.get(rest.toLowerCase());
  if (!base && rest.toLowerCase().endsWith('ifexists')) {
    base = BASE_BY_LOWER.get(rest.slice(0, -8).toLowerCase());
    ifExists = !!base;
  }
  if (!base) return { raw, valid: false, ifExists: false, prefix };
  canonical += base + (ifExists ? 'IfExists' : '');
  const family = BASE_OPERATORS[base];
  if (base === 'Null' && ifExists) return { raw, valid: false, prefix, base, ifExists, family, nullIfExists: true };
  if (canonical !== raw) return { raw, valid: false, prefix, base, ifExists, family, caseFix: canonical };
  return { raw, valid: true, prefix, base, ifExists, family };
}

/** One key of one operator of a statement's Condition block. */
export interface ConditionEntry {
  /** The operator property (key node = operator string). */
  opNode: Node;
  opKeyNode: Node;
  operator: ParsedOperator;
  /** The operator's value (an object of key -> values). */
  opValue: Node;
  /** The condition key property and its key node. */
  keyProp: Node;
  keyNode: Node;
  key: string;
  /** The key's value node (a scalar or an array of scalars), if present. */
  valueNode: Node | undefined;
  /** The scalar value nodes (array items, or the value itself). */
  values: Node[];
  /** Memo of entryKey(): the key's catalog entry, null when unknown. */
  match?: KeyMatch | null;
}

/** The catalog entry of an entry's key (memoized on the entry). */
export function entryKey(catalog: Catalog, e: ConditionEntry): KeyMatch | undefined {
  if (e.match === undefined) e.match = lookupKey(catalog, e.key) ?? null;
  return e.match ?? undefined;
}

const ENTRIES = Symbol('conditionEntries');
type WithEntries = Statement & { [ENTRIES]?: ConditionEntry[] };

/** The condition entries of a statement (operators whose value is an object). Cached on the statement. */
export function conditionEntries(statement: Statement): ConditionEntry[] {
  let list = (statement as WithEntries)[ENTRIES];
  if (list) return list;
  list = [];
  const cond = statement.get('Condition')?.value;
  if (cond && cond.type === 'object') {
    for (const opNode of cond.children ?? []) {
      const opValue = valueOf(opNode);
      const opKeyNode = opNode.children?.[0];
      if (!opKeyNode || !opValue || opValue.type !== 'object') continue;
      const operator = parseOperator(keyOf(opNode));
      for (const keyProp of opValue.children ?? []) {
        const keyNode = keyProp.children?.[0];
        if (!keyNode) continue;
        const valueNode = valueOf(keyProp);
        const values = !valueNode ? [] : valueNode.type === 'array' ? (valueNode.children ?? []) : [valueNode];
        list.push({ opNode, opKeyNode, operator, opValue, keyProp, keyNode, key: keyOf(keyProp), valueNode, values });
      }
    }
  }
  (statement as WithEntries)[ENTRIES] = list;
  return list;
}

/** Where a condition key was found. */
export interface KeyMatch {
  info: ConditionKeyInfo;
  /** A global key (valid with any action). */
  global: boolean;
  /** Lower-case prefixes of the services that define the key (empty for global keys). */
  services: string[];
}

interface Pattern { re: RegExp; info: ConditionKeyInfo; services: string[] }

interface KeyIndex {
  global: Map<string, ConditionKeyInfo>;
  globalPatterns: Pattern[];
  exact: Map<string, { info: ConditionKeyInfo; services: string[] }>;
  /** Patterns by the lower-case literal text before the first ':' (or '' when that part is itself a template). */
  patterns: Map<string, Pattern[]>;
  /** Lower-case key prefixes (before ':') that any key uses. */
  prefixes: Set<string>;
  /** Display spellings of every key, for did-you-mean. */
  spellings: string[];
  cache: Map<string, KeyMatch | null>;
}

/**
 * Keys that are real but missing from the Service Authorization Reference's global list.
 * aws:PrincipalOrgMasterAccountId is documented for the IAM policy simulator and used by AWS managed policies.
 */
const EXTRA_GLOBAL_KEYS: ConditionKeyInfo[] = [
  { key: 'aws:PrincipalOrgMasterAccountId', type: 'String', description: 'principal' },
];

const indexes = new WeakMap<Catalog, KeyIndex>();

/** A key template (with `${Name}`, `<name>` or a trailing `/tag-key`) as a case-insensitive RegExp. */
function templateRegExp(template: string): RegExp | undefined {
  const t = template.replace(/<[^>]*>/g, '${X}').replace(/\/tag-key$/i, '/${TagKey}');
  if (!t.includes('${')) return undefined;
  const parts = t.split(/\$\{[^}]*\}/);
  return new RegExp('^' + parts.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+') + '$', 'i');
}

function patternBucket(template: string): string {
  const colon = template.indexOf(':');
  const head = colon < 0 ? template : template.slice(0, colon);
  return /[$<]/.test(head) ? '' : head.toLowerCase();
}

function buildIndex(catalog: Catalog): KeyIndex {
  const idx: KeyIndex = { global: new Map(), globalPatterns: [], exact: new Map(), patterns: new Map(), prefixes: new Set(), spellings: [], cache: new Map() };
  const spell = new Set<string>();
  for (const info of [...catalog.globalConditionKeys.values(), ...EXTRA_GLOBAL_KEYS]) {
    const re = templateRegExp(info.key);
    if (re) idx.globalPatterns.push({ re, info, services: [] });
    else idx.global.set(info.key.toLowerCase(), info);
    idx.prefixes.add(patternBucket(info.key));
    spell.add(info.key);
  }
  for (const svc of catalog.services.values()) {
    const sp = svc.prefix.toLowerCase();
    for (const info of svc.conditionKeys.values()) {
      const re = templateRegExp(info.key);
      spell.add(info.key);
      idx.prefixes.add(patternBucket(info.key));
      if (re) {
        const bucket = patternBucket(info.key);
        const list = idx.patterns.get(bucket) ?? [];
        const same = list.find((p) => p.info.key.toLowerCase() === info.key.toLowerCase());
        if (same) { if (!same.services.includes(sp)) same.services.push(sp); } else list.push({ re, info, services: [sp] });
        idx.patterns.set(bucket, list);
      } else {
        const k = info.key.toLowerCase();
        const e = idx.exact.get(k);
        if (e) { if (!e.services.includes(sp)) e.services.push(sp); } else idx.exact.set(k, { info, services: [sp] });
      }
    }
  }
  idx.spellings = [...spell];
  return idx;
}

export function keyIndex(catalog: Catalog): KeyIndex {
  let idx = indexes.get(catalog);
  if (!idx) { idx = buildIndex(catalog); indexes.set(catalog, idx); }
  return idx;
}

/** Finds a condition key: global keys first, then the keys of every service. Cached. */
export function lookupKey(catalog: Catalog, key: string): KeyMatch | undefined {
  const idx = keyIndex(catalog);
  const lower = key.toLowerCase();
  const cached = idx.cache.get(lower);
  if (cached !== undefined) return cached ?? undefined;
  let found: KeyMatch | undefined;
  const g = idx.global.get(lower);
  if (g) found = { info: g, global: true, services: [] };
  if (!found) {
    const gp = idx.globalPatterns.find((p) => p.re.test(key));
    if (gp) found = { info: gp.info, global: true, services: [] };
  }
  if (!found) {
    const e = idx.exact.get(lower);
    if (e) found = { info: e.info, global: false, services: e.services };
  }
  if (!found) {
    const colon = lower.indexOf(':');
    const bucket = colon < 0 ? lower : lower.slice(0, colon);
    const p = (idx.patterns.get(bucket) ?? []).find((x) => x.re.test(key)) ?? (idx.patterns.get('') ?? []).find((x) => x.re.test(key));
    if (p) found = { info: p.info, global: false, services: p.services };
  }
  if (idx.cache.size > 5000) idx.cache.clear();
  idx.cache.set(detach(lower), found ?? null);
  return found;
}

/** True when a key type is multivalued (ArrayOfString, ArrayOfARN, ...). */
export function isMultivalued(type: string): boolean {
  return type.startsWith('ArrayOf');
}

/** The scalar type of a key type: "ArrayOfARN" -> "ARN". */
export function scalarType(type: string): string {
  return type.startsWith('ArrayOf') ? type.slice(7) : type;
}

/** How a condition evaluates when its key is absent from the request: 'true', 'false', or undefined when it depends on the values (Null) or the operator is unknown. */
export function resultWhenAbsent(op: ParsedOperator): 'true' | 'false' | undefined {
  if (!op.base || op.base === 'Null') return undefined;
  if (op.ifExists || op.prefix === 'ForAllValues') return 'true';
  if (op.prefix === 'ForAnyValue') return 'false';
  return /Not/.test(op.base) ? 'true' : 'false';
}

/** A sentence fragment: what a condition on a key that is never present does to its statement. */
export function absentKeyConsequence(op: ParsedOperator, isDeny: boolean): string {
  const r = resultWhenAbsent(op);
  if (r === 'true') return isDeny ? 'so this condition always matches and the Deny applies to every request' : 'so this condition always matches and restricts nothing';
  if (r === 'false') return isDeny ? 'so this condition never matches and the Deny never applies' : 'so this condition never matches and the statement grants nothing';
  return 'so this condition cannot work as intended';
}

/** The operator families AWS intends for a key type (Null always fits); undefined for types not judged. */
export function familiesFor(keyType: string, key: string): OperatorFamily[] | undefined {
  switch (scalarType(keyType)) {
    // String keys often hold ARNs (kms:EncryptionContext:aws:s3:arn, aws:RequestTag/...): ARN operators are fine on them.
    case 'String': return ['String', 'Arn'];
    case 'ARN': return ['Arn', 'String'];
    case 'Bool': return ['Bool'];
    case 'Numeric': return ['Numeric'];
    // aws:EpochTime is documented as "Date, Numeric".
    case 'Date': return key.toLowerCase() === 'aws:epochtime' ? ['Date', 'Numeric'] : ['Date'];
    case 'IPAddress': return ['IpAddress'];
    default: return undefined;
  }
}

/** A representative operator of a family, for messages. */
export const FAMILY_EXAMPLE: Readonly<Record<OperatorFamily, string>> = {
  String: 'StringEquals', Numeric: 'NumericEquals', Date: 'DateGreaterThan', Bool: 'Bool', Binary: 'BinaryEquals',
  IpAddress: 'IpAddress', Arn: 'ArnLike', Null: 'Null',
};

/** The operator spelled with the same prefix and IfExists suffix as `op`, but another base. */
export function respell(op: ParsedOperator, base: string, prefix: SetPrefix | 'none' = op.prefix ?? 'none'): string {
  return (prefix !== 'none' ? prefix + ':' : '') + base + (op.ifExists && base !== 'Null' ? 'IfExists' : '');
}

const PROVIDER_PREFIX = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^:]*)?$/i;

/**
 * A claim of a web identity (OIDC) provider: "<provider URL>:<claim>", e.g. "token.actions.githubusercontent.com:sub"
 * or "oidc.eks.us-east-1.amazonaws.com/id/…:aud". Any provider URL works, so the catalog cannot list them all.
 */
export function isProviderKey(key: string): boolean {
  const colon = key.lastIndexOf(':');
  return colon > 0 && PROVIDER_PREFIX.test(key.slice(0, colon));
}

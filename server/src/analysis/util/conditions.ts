/**
 * The Condition block: the condition entries of a statement with their nodes, and condition-key
 * lookup in the catalog (operators are modelled in operators.ts).
 *
 * Condition key names are case-insensitive (aws:SourceIP is aws:SourceIp). Key lookups are cached per catalog.
 */
import type { Catalog, ConditionKeyInfo } from '../catalog';
import type { Node } from '../json';
import { keyOf, valueOf } from '../json';
import type { Statement } from '../policy';
import { detach } from './detach';
import { parseOperator, ParsedOperator } from './operators';

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

/** The service keys of one bucket (the lower-cased text before the first ':', '' for templates there). */
interface Bucket {
  exact: Map<string, { info: ConditionKeyInfo; services: string[] }>;
  patterns: Pattern[];
}

/**
 * The condition keys of a catalog. Global keys are indexed at once (59 of them); a bucket of service
 * keys is built when a lookup first needs it, from the services the catalog's keyBuckets name, so
 * looking up `kms:ViaService` reads the kms service only. Every key's spelling (did-you-mean) is
 * gathered on first use, reading every service.
 */
class KeyIndex {
  readonly global = new Map<string, ConditionKeyInfo>();
  readonly globalPatterns: Pattern[] = [];
  /** Lower-case key prefixes (before ':') that any key uses. */
  readonly prefixes = new Set<string>();
  readonly cache = new Map<string, KeyMatch | null>();
  private readonly buckets = new Map<string, Bucket>();
  private _spellings?: string[];
  /** Bucket -> services listing keys in it; built from every service when the catalog has no index. */
  private readonly owners: ReadonlyMap<string, string[]>;

  constructor(private readonly catalog: Catalog) {
    for (const info of [...catalog.globalConditionKeys.values(), ...EXTRA_GLOBAL_KEYS]) {
      const re = templateRegExp(info.key);
      if (re) this.globalPatterns.push({ re, info, services: [] });
      else this.global.set(info.key.toLowerCase(), info);
      this.prefixes.add(patternBucket(info.key));
    }
    this.owners = catalog.keyBuckets ?? ownersOf(catalog);
    for (const b of this.owners.keys()) this.prefixes.add(b);
  }

  bucket(name: string): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = { exact: new Map(), patterns: [] };
      for (const sp of this.owners.get(name) ?? []) {
        const svc = this.catalog.getService(sp);
        if (!svc) continue;
        for (const info of svc.conditionKeys.values()) {
          if (patternBucket(info.key) !== name) continue;
          const re = templateRegExp(info.key);
          if (re) {
            const same = b.patterns.find((p) => p.info.key.toLowerCase() === info.key.toLowerCase());
            if (same) { if (!same.services.includes(sp)) same.services.push(sp); } else b.patterns.push({ re, info, services: [sp] });
          } else {
            const k = info.key.toLowerCase();
            const e = b.exact.get(k);
            if (e) { if (!e.services.includes(sp)) e.services.push(sp); } else b.exact.set(k, { info, services: [sp] });
          }
        }
      }
      this.buckets.set(name, b);
    }
    return b;
  }

  /**
   * Display spellings of the keys written `<prefix>:…` (prefix lower-cased), in the order of
   * `spellings`: global keys, then the services of the prefix's bucket. Reads those services only.
   */
  spellingsIn(prefix: string): string[] {
    if (/[$<]/.test(prefix)) return this.spellings.filter((k) => k.toLowerCase().startsWith(prefix + ':'));
    const spell = new Set<string>();
    const mine = (k: string) => k.toLowerCase().startsWith(prefix + ':');
    for (const info of [...this.catalog.globalConditionKeys.values(), ...EXTRA_GLOBAL_KEYS]) if (mine(info.key)) spell.add(info.key);
    for (const sp of this.owners.get(prefix) ?? []) for (const info of this.catalog.getService(sp)?.conditionKeys.values() ?? []) if (mine(info.key)) spell.add(info.key);
    return [...spell];
  }

  /** Display spellings of every key, for did-you-mean (reads every service, once). */
  get spellings(): string[] {
    if (!this._spellings) {
      const spell = new Set<string>();
      for (const info of [...this.catalog.globalConditionKeys.values(), ...EXTRA_GLOBAL_KEYS]) spell.add(info.key);
      for (const svc of this.catalog.services.values()) for (const info of svc.conditionKeys.values()) spell.add(info.key);
      this._spellings = [...spell];
    }
    return this._spellings;
  }
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

/** The bucket of a key: its lower-cased text before the first ':', or '' when that text is a template. */
function patternBucket(template: string): string {
  const colon = template.indexOf(':');
  const head = colon < 0 ? template : template.slice(0, colon);
  return /[$<]/.test(head) ? '' : head.toLowerCase();
}

/** The bucket owners of a catalog without a keyBuckets index (reads every service). */
function ownersOf(catalog: Catalog): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const svc of catalog.services.values()) {
    const sp = svc.prefix.toLowerCase();
    for (const info of svc.conditionKeys.values()) {
      const b = patternBucket(info.key);
      const list = owners.get(b) ?? [];
      if (list[list.length - 1] !== sp) list.push(sp);
      owners.set(b, list);
    }
  }
  return owners;
}

export function keyIndex(catalog: Catalog): KeyIndex {
  let idx = indexes.get(catalog);
  if (!idx) { idx = new KeyIndex(catalog); indexes.set(catalog, idx); }
  return idx;
}

/** Finds a condition key: global keys first, then the keys of the services of its bucket. Cached. */
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
    const colon = lower.indexOf(':');
    const bucket = idx.bucket(colon < 0 ? lower : lower.slice(0, colon));
    const e = bucket.exact.get(lower);
    if (e) found = { info: e.info, global: false, services: e.services };
    else {
      const p = bucket.patterns.find((x) => x.re.test(key)) ?? idx.bucket('').patterns.find((x) => x.re.test(key));
      if (p) found = { info: p.info, global: false, services: p.services };
    }
  }
  if (idx.cache.size > 5000) idx.cache.clear();
  idx.cache.set(detach(lower), found ?? null);
  return found;
}

/** True when a key type is multivalued (ArrayOfString, ArrayOfARN, ...). */
export function isMultivalued(type: string): boolean {
  return type.startsWith('ArrayOf');
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

/**
 * The AWS action catalog: every service, action, resource type and condition key of the Service
 * Authorization Reference, generated at build time (scripts/gen-catalog.js) and passed in as data.
 * Matching is case-insensitive, as AWS's is; `*` and `?` work anywhere in an action name.
 */
import { detach } from './util/detach';

/**
 * The compact form written by scripts/gen-catalog.js. The descriptions (read only by hover and
 * completion) may be left empty here and passed as a second part, `CatalogDescriptions`, read on
 * first use: they are half the catalog, and parsing them at start delays the first diagnostics.
 */
export interface CatalogData {
  source: string;
  snapshot: string;
  /** By prefix: a service's data, or its name and where to read the rest on first use. */
  services: Record<string, ServiceData | DeferredServiceData>;
  globalConditionKeys: Record<string, [string, string]>;
  /**
   * Optional index: the lower-cased text before a condition key's first ':' ('' when that text is a
   * template) -> the prefixes of the services that list such keys, in catalog order. With it, looking
   * up a condition key reads only those services; without it, the first lookup reads them all.
   */
  keyBuckets?: Record<string, string[]>;
}

/** One service of the compact form. */
export interface ServiceData {
  n: string;
  /** [name, access level letters, description ("" when in CatalogDescriptions), resource types ("key*,alias"), condition keys, dependent actions] */
  a: Array<[string, string, string, string, string, string?]>;
  r: Record<string, [string, string?]>;
  c: Record<string, [string, string]>;
}

/**
 * A service whose data the edge reads when the core first needs it: a policy touches a handful of
 * the 456 services, and parsing all of them costs most of the server's start. `load` may throw (a
 * corrupt file): the service then has no actions, resource types or condition keys.
 */
export interface DeferredServiceData {
  n: string;
  load(): ServiceData;
}

/**
 * The descriptions a CatalogData without them leaves out, by service prefix: `a` has the action
 * descriptions in the order of the service's `a`, `c` the condition key descriptions by key.
 */
export interface CatalogDescriptions {
  services: Record<string, { a: string[]; c: Record<string, string> }>;
}

/** Gives the descriptions when first asked (hover, completion); undefined if they cannot be had. */
export type DescriptionSource = () => CatalogDescriptions | undefined;

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';
const LEVEL_NAMES: Record<string, AccessLevel> = {
  L: 'List', R: 'Read', W: 'Write', T: 'Tagging', P: 'Permissions management',
};

export interface ResourceTypeRef { name: string; required: boolean }

export interface Action {
  service: Service;
  /** "Decrypt" */
  name: string;
  /** "kms:Decrypt" */
  full: string;
  /** "kms:decrypt" */
  lower: string;
  accessLevels: AccessLevel[];
  description: string;
  resourceTypes: ResourceTypeRef[];
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ResourceType { name: string; arn: string; conditionKeys: string[]; pattern: RegExp }

export interface ConditionKeyInfo { key: string; type: string; readonly description: string }


/** An action of the catalog; its description is looked up when first read (hover, completion). */
class CatalogAction implements Action {
  readonly full: string;
  readonly lower: string;
  readonly accessLevels: AccessLevel[];
  readonly resourceTypes: ResourceTypeRef[];
  readonly conditionKeys: string[];
  readonly dependentActions: string[];
  constructor(readonly service: Service, private readonly index: number, row: ServiceData['a'][number]) {
    const [name, levels, , rts, cks, deps] = row;
    this.name = name;
    this.full = `${service.prefix}:${name}`;
    this.lower = this.full.toLowerCase();
    this.accessLevels = [...levels].map((l) => LEVEL_NAMES[l]);
    this.resourceTypes = rts ? rts.split(',').map((r) => r.endsWith('*') ? { name: r.slice(0, -1), required: true } : { name: r, required: false }) : [];
    this.conditionKeys = cks ? cks.split(',') : [];
    this.dependentActions = deps ? deps.split(',') : [];
  }
  readonly name: string;
  get description(): string { return this.service.actionDescription(this.index); }
}

/** A service's condition key; its description is looked up when first read. */
class ServiceConditionKey implements ConditionKeyInfo {
  constructor(readonly key: string, readonly type: string, private readonly service: Service) {}
  get description(): string { return this.service.conditionKeyDescription(this.key); }
}

/**
 * One service. Its actions, resource types and condition keys are built from the compact data on
 * first use: a policy touches a handful of the 456 services, and building all 22,000 actions up
 * front would cost most of the server's start-up time.
 */
export class Service {
  private _actions?: Action[];
  /** Actions built so far, by index of the data (one object per action, whichever way it is reached). */
  private readonly built: Array<Action | undefined> = [];
  /** Lower-cased full name -> index of the data. */
  private _byLower?: Map<string, number>;
  private _resourceTypes?: Map<string, ResourceType>;
  private _conditionKeys?: Map<string, ConditionKeyInfo>;
  private _conditionKeyPatterns?: Array<{ re: RegExp; info: ConditionKeyInfo }>;

  private _data?: ServiceData;

  constructor(readonly prefix: string, readonly name: string, private readonly entry: ServiceData | DeferredServiceData, private readonly descriptions: DescriptionSource = noDescriptions) {}

  /** The service's data, read on first use when deferred. */
  private get data(): ServiceData {
    if (!this._data) {
      const e = this.entry;
      if (!('load' in e)) this._data = e;
      else {
        try { this._data = e.load(); } catch { this._data = undefined; }
        if (!this._data || !Array.isArray(this._data.a)) this._data = { n: e.n, a: [], r: {}, c: {} };
      }
    }
    return this._data;
  }

  /** Whether the data is at hand (not deferred, or read already): for tests and benchmarks. */
  get loaded(): boolean { return this._data !== undefined || !('load' in this.entry); }

  get actions(): Action[] {
    this._actions ??= this.data.a.map((row, i) => this.build(i, row));
    return this._actions;
  }

  /** The description of the action at `index` of the data: inline, or from the descriptions part. */
  actionDescription(index: number): string {
    return this.data.a[index][2] || (this.descriptions()?.services[this.prefix]?.a[index] ?? '');
  }

  /** The description of condition key `key` (as written in the data). */
  conditionKeyDescription(key: string): string {
    return this.data.c[key]?.[1] || (this.descriptions()?.services[this.prefix]?.c[key] ?? '');
  }

  /** The action with this lower-cased full name ("kms:decrypt"). */
  action(lowerFull: string): Action | undefined {
    if (!this._byLower) {
      // Names only: a policy names a few actions of a service, and building all of them (ec2 has
      // about 700) is most of the cost of a service's first use.
      const head = this.prefix.toLowerCase() + ':';
      const rows = this.data.a;
      this._byLower = new Map();
      for (let i = 0; i < rows.length; i++) this._byLower.set(head + rows[i][0].toLowerCase(), i);
    }
    const i = this._byLower.get(lowerFull);
    return i === undefined ? undefined : this.build(i, this.data.a[i]);
  }

  private build(i: number, row: ServiceData['a'][number]): Action {
    return (this.built[i] ??= new CatalogAction(this, i, row));
  }

  get resourceTypes(): Map<string, ResourceType> {
    this._resourceTypes ??= new Map(Object.entries(this.data.r).map(([name, [arn, keys]]) => [name, {
      name, arn, conditionKeys: keys ? keys.split(',') : [], pattern: arnTemplateToRegExp(arn),
    }]));
    return this._resourceTypes;
  }

  /** Lower-cased key -> info. Keys with `${...}` placeholders are also matched by pattern. */
  get conditionKeys(): Map<string, ConditionKeyInfo> {
    if (!this._conditionKeys) {
      const keys = new Map<string, ConditionKeyInfo>();
      const patterns: Array<{ re: RegExp; info: ConditionKeyInfo }> = [];
      for (const [key, [type]] of Object.entries(this.data.c)) {
        const info = new ServiceConditionKey(key, type, this);
        keys.set(key.toLowerCase(), info);
        if (key.includes('${')) patterns.push({ re: keyTemplateToRegExp(key), info });
      }
      this._conditionKeys = keys;
      this._conditionKeyPatterns = patterns;
    }
    return this._conditionKeys;
  }

  get conditionKeyPatterns(): Array<{ re: RegExp; info: ConditionKeyInfo }> {
    if (!this._conditionKeyPatterns) void this.conditionKeys;
    return this._conditionKeyPatterns!;
  }

  /** Number of actions, without building them. */
  get actionCount(): number { return this.data.a.length; }
}

const noDescriptions: DescriptionSource = () => undefined;

function escapeRegex(s: string): string { return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'); }

/** A compiled wildcard pattern: `test` says whether a string matches it. */
export interface Glob { test(text: string): boolean }

const globCache = new Map<string, Glob>();

/**
 * A glob with `*` and `?`, matched case-insensitively against the whole string (compiled once per
 * glob). No regular expression: "kms:*a*a*a*…" typed or pasted by a user must not backtrack
 * exponentially (or exceed the regular-expression size limit); this matcher is O(pattern × text).
 */
export function globToRegExp(glob: string): Glob {
  let g = globCache.get(glob);
  if (!g) {
    glob = detach(glob);
    const p = glob.toLowerCase();
    g = { test: (text: string) => wildcardMatch(p, text.toLowerCase()) };
    if (globCache.size >= 5000) globCache.delete(globCache.keys().next().value!);
    globCache.set(glob, g);
  }
  return g;
}

/** Iterative wildcard match with single-star backtracking. */
function wildcardMatch(p: string, t: string): boolean {
  let i = 0, j = 0, star = -1, mark = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === '?' || p[i] === t[j])) { i++; j++; }
    else if (i < p.length && p[i] === '*') { star = i++; mark = j; }
    else if (star >= 0) { i = star + 1; j = ++mark; }
    else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/** A condition key template ("aws:RequestTag/${TagKey}") as a RegExp that matches concrete keys. */
function keyTemplateToRegExp(template: string): RegExp {
  const parts = template.split(/\$\{[^}]*\}/);
  return new RegExp('^' + parts.map(escapeRegex).join('.+') + '$', 'i');
}

/** An ARN format ("arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}") as a RegExp over ARNs. */
function arnTemplateToRegExp(template: string): RegExp {
  const parts = template.split(/\$\{[^}]*\}/);
  return new RegExp('^' + parts.map(escapeRegex).join('[^\\s]*') + '$', 'i');
}

/** Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `limit` candidates closest to `word` (case-insensitive), nearest first. */
export function closest(word: string, candidates: Iterable<string>, limit = 3, max?: number): string[] {
  const w = word.toLowerCase();
  const bound = max ?? Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bound);
    if (d <= bound) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, limit).map((s) => s[1]);
}

export class Catalog {
  readonly source: string;
  readonly snapshot: string;
  readonly services = new Map<string, Service>();
  readonly globalConditionKeys = new Map<string, ConditionKeyInfo>();
  readonly globalConditionKeyPatterns: Array<{ re: RegExp; info: ConditionKeyInfo }> = [];
  /** CatalogData.keyBuckets, lower-cased, when the data has it. */
  readonly keyBuckets: ReadonlyMap<string, string[]> | undefined;
  private _allActions?: Action[];
  private readonly matchCache = new Map<string, Action[]>();

  /**
   * `descriptions`: where the descriptions left empty in `data` come from (called at most once, on
   * the first hover or completion that shows one); omit it when `data` has them inline.
   */
  constructor(data: CatalogData, descriptions?: DescriptionSource) {
    this.source = data.source;
    this.snapshot = data.snapshot;
    let described: { value: CatalogDescriptions | undefined } | undefined;
    const once: DescriptionSource | undefined = descriptions && (() => (described ??= { value: safely(descriptions) }).value);
    for (const [prefix, s] of Object.entries(data.services)) this.services.set(prefix.toLowerCase(), new Service(prefix, s.n, s, once));
    if (data.keyBuckets) this.keyBuckets = new Map(Object.entries(data.keyBuckets).map(([b, prefixes]) => [b, prefixes.map((p) => p.toLowerCase())]));
    for (const [key, [type, category]] of Object.entries(data.globalConditionKeys)) {
      // The SAR writes tag keys as "aws:RequestTag/tag-key"; policies write "aws:RequestTag/Project".
      const info = { key: key.replace('/tag-key', '/${TagKey}'), type, description: category };
      this.globalConditionKeys.set(info.key.toLowerCase(), info);
      if (info.key.includes('${')) this.globalConditionKeyPatterns.push({ re: keyTemplateToRegExp(info.key), info });
    }
  }

  /** Every action of every service (builds them all: use only for "*", NotAction and wildcard services). */
  get allActions(): Action[] {
    this._allActions ??= [...this.services.values()].flatMap((s) => s.actions);
    return this._allActions;
  }

  get actionCount(): number { let n = 0; for (const s of this.services.values()) n += s.actionCount; return n; }

  getService(prefix: string): Service | undefined { return this.services.get(prefix.toLowerCase()); }

  /** The action named `full` ("kms:decrypt" works too), or undefined. */
  getAction(full: string): Action | undefined {
    const lower = full.toLowerCase();
    const colon = lower.indexOf(':');
    return colon > 0 ? this.services.get(lower.slice(0, colon))?.action(lower) : undefined;
  }

  /**
   * The actions an Action-element value matches: "*", "kms:*", "kms:Get*", "kms:?ncrypt", "*:Describe*".
   * Returns [] for anything malformed. Results are cached; callers must not mutate them.
   */
  match(pattern: string): Action[] {
    const key = pattern.toLowerCase();
    const cached = this.matchCache.get(key);
    if (cached) return cached;
    let result: Action[];
    if (key === '*') {
      result = this.allActions;
    } else {
      const colon = key.indexOf(':');
      if (colon <= 0) {
        result = [];
      } else {
        const svc = key.slice(0, colon);
        const act = key.slice(colon + 1);
        const wildSvc = /[*?]/.test(svc);
        const wildAct = /[*?]/.test(act);
        if (!wildSvc && !wildAct) {
          const a = this.getAction(key);
          result = a ? [a] : [];
        } else {
          const pool = wildSvc ? this.allActions : (this.services.get(svc)?.actions ?? []);
          const star = key.indexOf('*');
          if (!wildSvc && star === key.length - 1 && !key.includes('?')) {
            // The common "kms:Describe*" form: a prefix test, no regular expression.
            const prefix = key.slice(0, -1);
            result = pool.filter((a) => a.lower.startsWith(prefix));
          } else {
            const re = globToRegExp(key);
            result = pool.filter((a) => re.test(a.lower));
          }
        }
      }
    }
    // Bounded: evict the oldest entry rather than clearing (a corpus run reuses most patterns).
    if (this.matchCache.size >= 20000) this.matchCache.delete(this.matchCache.keys().next().value!);
    this.matchCache.set(detach(key), result);
    return result;
  }

  /** Condition key info for `key` in the context of a service prefix, or a global key. */
  findConditionKey(key: string, servicePrefix?: string): ConditionKeyInfo | undefined {
    const lower = key.toLowerCase();
    const g = this.globalConditionKeys.get(lower) ?? this.globalConditionKeyPatterns.find((p) => p.re.test(key))?.info;
    if (g) return g;
    const prefix = servicePrefix ?? lower.split(':')[0];
    const svc = this.services.get(prefix);
    if (!svc) return undefined;
    return svc.conditionKeys.get(lower) ?? svc.conditionKeyPatterns.find((p) => p.re.test(key))?.info;
  }

  /** The resource type `name` of `service`, or undefined. */
  getResourceType(service: Service, name: string): ResourceType | undefined { return service.resourceTypes.get(name); }

  /** The URL of the Service Authorization Reference page for a service. */
  static docsUrl(service: Service): string {
    const slug = service.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
  }
}

/** The descriptions, or undefined if they cannot be had (hover then shows none: never a crash). */
function safely(source: DescriptionSource): CatalogDescriptions | undefined {
  try { return source(); } catch { return undefined; }
}

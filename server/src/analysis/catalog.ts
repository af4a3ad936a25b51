/**
 * The AWS action catalog: every service, action, resource type and condition key of the Service
 * Authorization Reference, generated at build time (scripts/gen-catalog.js) and passed in as data.
 * Matching is case-insensitive, as AWS's is; `*` and `?` work anywhere in an action name.
 */

/** The compact form written by scripts/gen-catalog.js. */
export interface CatalogData {
  source: string;
  snapshot: string;
  services: Record<string, {
    n: string;
    /** [name, access level letters, description, resource types ("key*,alias"), condition keys, dependent actions] */
    a: Array<[string, string, string, string, string, string?]>;
    r: Record<string, [string, string?]>;
    c: Record<string, [string, string]>;
  }>;
  globalConditionKeys: Record<string, [string, string]>;
}

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

export interface ConditionKeyInfo { key: string; type: string; description: string }

export interface Service {
  prefix: string;
  name: string;
  actions: Action[];
  resourceTypes: Map<string, ResourceType>;
  /** Lower-cased key -> info. Keys with `${...}` placeholders are also matched by pattern. */
  conditionKeys: Map<string, ConditionKeyInfo>;
  conditionKeyPatterns: Array<{ re: RegExp; info: ConditionKeyInfo }>;
}

function escapeRegex(s: string): string { return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'); }

/** A glob with `*` and `?` as a case-insensitive anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch);
  return new RegExp('^' + re + '$', 'is');
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
  readonly allActions: Action[] = [];
  readonly globalConditionKeys = new Map<string, ConditionKeyInfo>();
  readonly globalConditionKeyPatterns: Array<{ re: RegExp; info: ConditionKeyInfo }> = [];
  private readonly actionIndex = new Map<string, Action>();
  private readonly matchCache = new Map<string, Action[]>();

  constructor(data: CatalogData) {
    this.source = data.source;
    this.snapshot = data.snapshot;
    for (const [prefix, s] of Object.entries(data.services)) {
      const service: Service = {
        prefix, name: s.n, actions: [], resourceTypes: new Map(), conditionKeys: new Map(), conditionKeyPatterns: [],
      };
      for (const [name, [arn, keys]] of Object.entries(s.r)) {
        service.resourceTypes.set(name, { name, arn, conditionKeys: keys ? keys.split(',') : [], pattern: arnTemplateToRegExp(arn) });
      }
      for (const [key, [type, description]] of Object.entries(s.c)) {
        const info = { key, type, description };
        service.conditionKeys.set(key.toLowerCase(), info);
        if (key.includes('${')) service.conditionKeyPatterns.push({ re: keyTemplateToRegExp(key), info });
      }
      for (const [name, levels, description, rts, cks, deps] of s.a) {
        const full = `${prefix}:${name}`;
        const action: Action = {
          service, name, full, lower: full.toLowerCase(),
          accessLevels: [...levels].map((l) => LEVEL_NAMES[l]),
          description,
          resourceTypes: rts ? rts.split(',').map((r) => r.endsWith('*') ? { name: r.slice(0, -1), required: true } : { name: r, required: false }) : [],
          conditionKeys: cks ? cks.split(',') : [],
          dependentActions: deps ? deps.split(',') : [],
        };
        service.actions.push(action);
        this.allActions.push(action);
        this.actionIndex.set(action.lower, action);
      }
      this.services.set(prefix.toLowerCase(), service);
    }
    for (const [key, [type, category]] of Object.entries(data.globalConditionKeys)) {
      // The SAR writes tag keys as "aws:RequestTag/tag-key"; policies write "aws:RequestTag/Project".
      const info = { key: key.replace('/tag-key', '/${TagKey}'), type, description: category };
      this.globalConditionKeys.set(info.key.toLowerCase(), info);
      if (info.key.includes('${')) this.globalConditionKeyPatterns.push({ re: keyTemplateToRegExp(info.key), info });
    }
  }

  get actionCount(): number { return this.allActions.length; }

  getService(prefix: string): Service | undefined { return this.services.get(prefix.toLowerCase()); }

  /** The action named `full` ("kms:decrypt" works too), or undefined. */
  getAction(full: string): Action | undefined { return this.actionIndex.get(full.toLowerCase()); }

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
          const a = this.actionIndex.get(key);
          result = a ? [a] : [];
        } else {
          const pool = wildSvc ? this.allActions : (this.services.get(svc)?.actions ?? []);
          const re = globToRegExp(key);
          result = pool.filter((a) => re.test(a.lower));
        }
      }
    }
    if (this.matchCache.size > 5000) this.matchCache.clear();
    this.matchCache.set(key, result);
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

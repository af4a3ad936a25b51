/**
 * The policy data the core reasons with, as the core receives it: the edges load the JSON of
 * schemas/ and snippets/ (bundled, never read from disk by the core) and pass it in, as they pass the
 * action catalog. `prepareData` derives once what does not depend on the catalog (the principal
 * classes as users see them, the snippets); what depends on both (the classes resolved against the
 * catalog) is built by the analyzer that owns them (knowledge.ts). Two analyzers given different data
 * share nothing.
 */
import { prepareHostSnippets, prepareSnippets, type HostSnippet, type PolicySnippet, type SnippetEntry } from './snippets';
import type { PrincipalClass, RoleId } from './types';

/** The raw shape of schemas/roles/<id>.json (validated by schemas/role-profile.schema.json). */
export interface ClassData {
  id: string;
  title: string;
  summary: string;
  attachTo: string[];
  anchors: { allOf: string[][]; why: string };
  note?: string;
  serviceLinkedRole?: { service: string; arn: string };
  required: Array<{ action?: string; anyOf?: string[]; resource?: string; condition?: Record<string, Record<string, string>>; contexts?: string[]; why: string; source: string[] }>;
  optional: Array<{ actions: string[]; why: string; source: string[] }>;
  excessive: Array<{ actions: string[]; match?: string; severity: string; reason: string; why: string }>;
  recommendedConditions: Array<{ key: string; value?: string; on: string[]; note?: string }>;
  sources: Record<string, string>;
}

/** The raw shape of schemas/unsupported-in-key-store.json: actions that never apply to key store keys. */
export interface UnsupportedData { summary: string; source: string; actions: Array<{ action: string; why: string }> }

/** The raw shape of schemas/class-scope.json: what the classes judge. */
export interface ScopeData {
  summary: string;
  services: Array<{ service: string; why: string; source: string }>;
  namedBy: { services: string[]; why: string };
  escalation: Array<{ actions: string[]; onAllRoles?: boolean; why: string; source: string }>;
}

/** The raw shape of schemas/dangerous-actions.json: powers reported whatever the class. */
export interface DangerousData {
  summary: string;
  powers: Array<{ actions: string[]; owner: string; onAllKeys?: boolean; why: string; gate?: string; source: string }>;
}

/** Everything the core knows besides the action catalog, as the edges load it. */
export interface PolicyData {
  /** schemas/roles/*.json, in the order users see the classes (from building the key store to using keys). */
  classes: readonly ClassData[];
  unsupported: UnsupportedData;
  scope: ScopeData;
  dangerous: DangerousData;
  /** The policy snippets files (snippets/policies.json), by file name. */
  snippets: Readonly<Record<string, Readonly<Record<string, SnippetEntry>>>>;
  /** Snippets in a host syntax (snippets/terraform.json), by file name; each entry's `scope` is its host format. */
  hostSnippets?: Readonly<Record<string, Readonly<Record<string, SnippetEntry>>>>;
}

/** The data with what follows from it alone, derived once (`prepareData`). */
export interface PreparedData {
  readonly raw: PolicyData;
  /** The classes as users see them: id, title, summary, in the order of the data. */
  readonly classes: readonly PrincipalClass[];
  /** The class ids, in the same order. */
  readonly roleIds: readonly RoleId[];
  /** "KMS key user", by class id. */
  readonly roleTitles: ReadonlyMap<RoleId, string>;
  /** Every snippet, documents first, in file order. */
  readonly snippets: readonly PolicySnippet[];
  readonly documentSnippets: readonly PolicySnippet[];
  readonly statementSnippets: readonly PolicySnippet[];
  /** The host snippets (a whole Terraform block each), in file order. */
  readonly hostSnippets: readonly HostSnippet[];
}

/** The principal classes of the data: id, title, summary (also for the edges: settings, the CLI, the client). */
export function principalClasses(classes: readonly ClassData[]): PrincipalClass[] {
  return classes.map((d) => ({ id: d.id as RoleId, title: d.title, summary: d.summary }));
}

export function prepareData(raw: PolicyData): PreparedData {
  const classes = principalClasses(raw.classes);
  const roleIds = classes.map((c) => c.id);
  const snippets = prepareSnippets(raw.snippets, roleIds);
  return {
    raw, classes, roleIds, roleTitles: new Map(classes.map((c) => [c.id, c.title])), snippets,
    documentSnippets: snippets.filter((s) => s.scope === 'document'),
    statementSnippets: snippets.filter((s) => s.scope === 'statement'),
    hostSnippets: prepareHostSnippets(raw.hostSnippets ?? {}, roleIds),
  };
}

/**
 * The analysis core's façade, in the manner of vscode-json-languageservice's `getLanguageService`:
 * `createAnalyzer` binds the data (the action catalog and the policy data of data.ts, both loaded by
 * the edges and passed in) once and exposes every service of the core, text and options in,
 * offset-based results out. What the analyzer derives from the data and remembers between analyses
 * is its own (knowledge.ts). The edges (server, CLI) use nothing else; they
 * convert the results to their own world (the server in toProto.ts).
 */
import { analyze, PhaseTimer } from './analyze';
import { Catalog, CatalogData } from './catalog';
import type { Check } from './check';
import { CHECKS } from './checks';
import { complete } from './complete';
import { fixAll, fixAllText } from './fixAll';
import { hover } from './hover';
import type { PolicyData, PreparedData } from './data';
import { Knowledge } from './knowledge';
import type { HostSnippet, PolicySnippet } from './snippets';
import type { AnalysisOptions, AnalysisResult, CompletionProposal, Edit, HoverResult, PrincipalClass, RoleId } from './types';

export * from './types';
export { analyze, MAX_ANALYZED_LENGTH, mayInferAClass } from './analyze';
export type { PhaseTimer } from './analyze';
export { Catalog } from './catalog';
export type { CatalogData } from './catalog';
export { CHECKS } from './checks';
export type { HostSnippet, PolicySnippet } from './snippets';
export { prepareData, principalClasses } from './data';
export type { ClassData, DangerousData, PolicyData, PreparedData, ScopeData, UnsupportedData } from './data';
export type { SnippetEntry } from './snippets';
export { Knowledge } from './knowledge';

/** Checks by id. */
export const CHECKS_BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));

export interface Analyzer {
  readonly catalog: Catalog;
  /** The five principal classes, in the order of the data. */
  readonly classes: readonly PrincipalClass[];
  /** Every policy snippet (documents first), for editors that list them. */
  readonly snippets: readonly PolicySnippet[];
  /** The snippets written in a host syntax (a Terraform block each; `format` is the host format). */
  readonly hostSnippets: readonly HostSnippet[];
  /** Findings (with fixes) and principal-class verdicts of one document. */
  analyze(text: string, options?: AnalysisOptions): AnalysisResult;
  /** Completion proposals at an offset (snippets included). */
  complete(text: string, offset: number, options?: AnalysisOptions): CompletionProposal[];
  /** What the string at an offset means, or undefined. */
  hover(text: string, offset: number, options?: AnalysisOptions): HoverResult | undefined;
  /** Every safe fix, applied round by round, as at most one edit; empty when nothing is safe to fix. */
  fixAll(text: string, options?: AnalysisOptions): Edit[];
  /** The text after every safe fix (what `fixAll`'s edit yields). */
  fixAllText(text: string, options?: AnalysisOptions): string;
  /** The title of a principal class ("KMS key user"). */
  classTitle(id: RoleId): string;
}

export interface AnalyzerOptions {
  /**
   * Remember what each statement grants between analyses (see roles/analysis.ts RoleMemo), for a
   * caller that analyses version after version of the same documents: an editor. A run over many
   * different files (the CLI) gains nothing from it and pays for the bookkeeping.
   */
  incremental?: boolean;
  /**
   * Times each phase of every analysis (a profiler's hook: `npm run bench` names the slowest part
   * with it). Phases: `parse`, `model` (the policy model), `roles` (principal-class analysis, which
   * the first role check that needs it runs), each check by id (without the `roles` time it
   * triggered), `sort`. Without it, analysis reads no clock.
   */
  phases?: PhaseTimer;
}

/**
 * An analyzer of the catalog and the policy data (data.ts: the edges load schemas/ and snippets/ and
 * pass them in; prepared data may be shared between analyzers). Everything derived from them and
 * every memo belongs to this analyzer alone.
 */
export function createAnalyzer(catalogData: CatalogData | Catalog, data: PolicyData | PreparedData, analyzerOptions: AnalyzerOptions = {}): Analyzer {
  const catalog = catalogData instanceof Catalog ? catalogData : new Catalog(catalogData);
  const k = new Knowledge(catalog, data);
  const incremental = analyzerOptions.incremental === true;
  const timer = analyzerOptions.phases;
  return {
    catalog,
    classes: k.data.classes,
    snippets: k.data.snippets,
    hostSnippets: k.data.hostSnippets,
    analyze: (text, options = {}) => analyze(k, text, options, incremental, timer),
    complete: (text, offset, options = {}) => complete(k, text, offset, options),
    hover: (text, offset, options = {}) => hover(k, text, offset, options),
    fixAll: (text, options = {}) => fixAll(k, text, options),
    fixAllText: (text, options = {}) => fixAllText(k, text, options),
    classTitle: (id) => k.data.roleTitles.get(id) ?? id,
  };
}

/**
 * The analysis core's façade, in the manner of vscode-json-languageservice's `getLanguageService`:
 * `createAnalyzer` binds the data (the action catalog) once and exposes every service of the core,
 * text and options in, offset-based results out. The edges (server, CLI) use nothing else; they
 * convert the results to their own world (the server in toProto.ts).
 */
import { analyze, PhaseTimer } from './analyze';
import { Catalog, CatalogData } from './catalog';
import type { Check } from './check';
import { CHECKS } from './checks';
import { complete } from './complete';
import { fixAll } from './fixAll';
import { hover } from './hover';
import { PRINCIPAL_CLASSES, ROLE_TITLES } from './roles/classes';
import { PolicySnippet, SNIPPETS } from './snippets';
import type { AnalysisOptions, AnalysisResult, CompletionProposal, Edit, HoverResult, PrincipalClass, RoleId } from './types';

export * from './types';
export { analyze, MAX_ANALYZED_LENGTH, mayInferAClass } from './analyze';
export type { PhaseTimer } from './analyze';
export { Catalog } from './catalog';
export type { CatalogData } from './catalog';
export { CHECKS } from './checks';
export type { PolicySnippet } from './snippets';
export { PRINCIPAL_CLASSES, ROLE_IDS } from './roles/classes';

/** Checks by id. */
export const CHECKS_BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));

export interface Analyzer {
  readonly catalog: Catalog;
  /** The five principal classes, in the order of the data. */
  readonly classes: readonly PrincipalClass[];
  /** Every policy snippet (documents first), for editors that list them. */
  readonly snippets: readonly PolicySnippet[];
  /** Findings (with fixes) and principal-class verdicts of one document. */
  analyze(text: string, options?: AnalysisOptions): AnalysisResult;
  /** Completion proposals at an offset (snippets included). */
  complete(text: string, offset: number, options?: AnalysisOptions): CompletionProposal[];
  /** What the string at an offset means, or undefined. */
  hover(text: string, offset: number, options?: AnalysisOptions): HoverResult | undefined;
  /** Every safe fix, applied round by round, as at most one edit; empty when nothing is safe to fix. */
  fixAll(text: string, options?: AnalysisOptions): Edit[];
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

export function createAnalyzer(data: CatalogData | Catalog, analyzerOptions: AnalyzerOptions = {}): Analyzer {
  const catalog = data instanceof Catalog ? data : new Catalog(data);
  const incremental = analyzerOptions.incremental === true;
  const timer = analyzerOptions.phases;
  return {
    catalog,
    classes: PRINCIPAL_CLASSES,
    snippets: SNIPPETS,
    analyze: (text, options = {}) => analyze(catalog, text, options, incremental, timer),
    complete: (text, offset, options = {}) => complete(catalog, text, offset, options),
    hover: (text, offset, options = {}) => hover(catalog, text, offset, options),
    fixAll: (text, options = {}) => fixAll(catalog, text, options),
    classTitle: (id) => ROLE_TITLES[id] ?? id,
  };
}

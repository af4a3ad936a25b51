/**
 * The role analysis's memo: what each statement grants and each subject's core (its grants together
 * and its fit per mode), one per analyzer (knowledge.ts), keyed by the statement ids of
 * statementMemo.ts. Values hold no nodes or offsets, only what follows from statement texts and the
 * policy kind.
 */
import type { Action } from '../catalog';
import type { StatementMemo } from '../statementMemo';
import type { Subject } from './analysis';
import type { Fit } from './fit';

export /** What one statement grants on its own, wherever it sits: a function of its text and the policy kind. */
interface StatementGrant {
  /** An unconditional Deny over every resource: the actions it removes. */
  denies?: Action[];
  /** An Allow: per entry (each Action string, or the whole NotAction), the matched actions its Resource allows. */
  allows?: Array<{ pattern: string; wildcard: boolean; notAction: boolean; actions: Action[]; scoped: Action[] }>;
  conditional: boolean;
  /** The statement's grant is partly unknown (an UNKNOWN action, effect or NotAction; a Deny with UNKNOWN actions). */
  unknown?: boolean;
}

export /** What a subject's statements grant together, and its fit per mode (a pinned class, or '' for inference). */
interface SubjectCore {
  /** Per entry in statement order: the effective actions (the statement grant's, minus denied ones). */
  entryActions: Action[][];
  /** Per entry: its effective actions that are in the classes' scope (schemas/class-scope.json). */
  entryScoped: Action[][];
  /** An unconditional Deny removed something: the entries' actions differ from their statements' grants. */
  denies: boolean;
  granted: Set<Action>;
  /** The granted actions in the classes' scope: what a class judges. */
  scoped: Set<Action>;
  conditionalOnly: Set<Action>;
  fits: Map<string, Fit | null>;
  /** One of the statements' grants is partly unknown. */
  unknown: boolean;
}

/**
 * Memo of statement grants and subject cores, per catalog, keyed by the statement ids of
 * statementMemo.ts (so a statement's text is hashed once per analysis for every memo). Bounded:
 * cleared whole when it grows past its limits or the statement ids are forgotten.
 */
export class RoleMemo {
  private readonly grants = new Map<number, StatementGrant>();
  /** By the statement id for a subject of one statement, else by the ids joined with commas. */
  private readonly cores = new Map<number | string, SubjectCore>();
  /** Rough size: actions held in memoised arrays. */
  private weight = 0;
  private generation: number;
  private static readonly MAX_CORES = 4096;
  private static readonly MAX_WEIGHT = 400_000;

  constructor(readonly statements: StatementMemo) {
    this.generation = statements.generation;
  }

  /** Drops what was keyed by ids the statement memo has forgotten (call after taking this analysis's ids). */
  sync(): void {
    if (this.generation === this.statements.generation) return;
    this.generation = this.statements.generation;
    this.grants.clear();
    this.cores.clear();
    this.weight = 0;
  }

  grantOf(id: number): StatementGrant | undefined { return this.grants.get(id); }

  setGrant(id: number, g: StatementGrant): void {
    this.weight += (g.denies?.length ?? 0) + (g.allows ?? []).reduce((n, e) => n + e.actions.length, 0);
    this.grants.set(id, g);
  }

  coreOf(key: number | string): SubjectCore | undefined { return this.cores.get(key); }

  setCore(key: number | string, c: SubjectCore): void {
    if (this.cores.size >= RoleMemo.MAX_CORES || this.weight > RoleMemo.MAX_WEIGHT) { this.cores.clear(); this.weight = 0; }
    this.weight += c.granted.size;
    this.cores.set(key, c);
  }
}


/** The core a subject was built from, in a slot on the subject (a WeakMap would outlive it in V8's young generation). */
export const CORE = Symbol('subjectCore');
export type WithCore = Subject & { [CORE]?: SubjectCore };
export function coreOf(subject: Subject): SubjectCore | undefined { return (subject as WithCore)[CORE]; }


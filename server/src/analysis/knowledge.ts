/**
 * What one analyzer knows and remembers: the action catalog and the policy data it was given
 * (data.ts), what is derived from both (the classes resolved against the catalog, the role gate's
 * anchors, the action completion lists that mention the classes), and, for an incremental analyzer,
 * the memos of statements seen before. Everything here belongs to one analyzer (index.ts
 * createAnalyzer makes one per analyzer): two analyzers given different data, or the same, share
 * nothing of it. Caches that depend on the catalog alone stay keyed by the catalog (WeakMap).
 */
import type { Anchors } from './analyze';
import type { Catalog, Service } from './catalog';
import type { ActionEntry } from './catalogLists';
import type { PolicyData, PreparedData } from './data';
import { prepareData } from './data';
import { resolveProfiles, type Profiles } from './roles/profiles';
import { RoleMemo } from './roles/memo';
import { StatementMemo } from './statementMemo';

export class Knowledge {
  readonly data: PreparedData;
  private _profiles: Profiles | undefined;
  private _profilesFailed = false;
  private _statementMemo: StatementMemo | undefined;
  private _roleMemo: RoleMemo | undefined;
  /** The role gate's anchor actions (analyze.ts mayInferAClass), built on first use. */
  anchors: Anchors | undefined;
  /** The action completion list of each service (catalogLists.ts): it says which actions the classes need. */
  readonly actionEntries = new WeakMap<Service, ActionEntry[]>();

  constructor(readonly catalog: Catalog, data: PolicyData | PreparedData) {
    this.data = 'raw' in data ? data : prepareData(data);
  }

  /** The principal classes resolved against the catalog (built on first use). */
  get profiles(): Profiles {
    return this._profiles ??= resolveProfiles(this.catalog, this.data.raw);
  }

  /** The classes, or undefined if resolving them fails (hover and completion then say less, never fail). */
  profilesOrNone(): Profiles | undefined {
    if (this._profiles || this._profilesFailed) return this._profiles;
    try { return this.profiles; } catch { this._profilesFailed = true; return undefined; }
  }

  /** An incremental analyzer's statement ids and clean (statement, check) pairs. */
  get statementMemo(): StatementMemo { return this._statementMemo ??= new StatementMemo(); }

  /** An incremental analyzer's statement grants and subject fits, keyed by the statement ids. */
  get roleMemo(): RoleMemo { return this._roleMemo ??= new RoleMemo(this.statementMemo); }
}

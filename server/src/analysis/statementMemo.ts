/**
 * What an incremental analyzer remembers about statements between analyses (one per analyzer, in
 * knowledge.ts): an id for each statement text (with the policy kind), and which checks found
 * nothing in it. The role analysis keys its own memo (statement grants, subject fits) by the same ids.
 *
 * A keystroke changes one statement of a key policy that may hold dozens: the others keep their
 * text, so whatever was learnt about them holds. Values keyed by an id hold no nodes or offsets,
 * only what follows from the statement's text and the policy kind, so a hit is exact. Bounded: when
 * it has seen MAX_IDS texts it forgets everything and its `generation` moves on (users of the ids
 * then drop what they keyed by them). Ids are never reused, so an id handed out earlier in the same
 * analysis stays unique.
 */
import type { Statement } from './policy';
import type { PolicyKind } from './types';
import { detach } from './util/detach';

export class StatementMemo {
  static readonly MAX_IDS = 4096;
  /** Moves on whenever the ids are forgotten. */
  generation = 0;
  /**
   * Statement texts by a hash of (kind, text), each bucket holding the (detached) texts with their
   * ids: a lookup hashes the statement where it stands in the document and compares it in place, so
   * a hit (most statements of most keystrokes) allocates nothing.
   */
  private readonly ids = new Map<number, Array<{ kind: PolicyKind; text: string; id: number }>>();
  private idCount = 0;
  private nextId = 0;
  /** (statement id, check index) pairs known to give no finding, as id * 256 + index (fewer than 256 checks). */
  private readonly clean = new Set<number>();

  /** The id of `s`'s text in `text` under `kind`, kept on the statement for the rest of the analysis. */
  idOf(kind: PolicyKind, text: string, s: Statement): number {
    let id = (s as WithId)[ID];
    if (id === undefined) (s as WithId)[ID] = id = this.lookup(kind, text, s);
    return id;
  }

  isClean(id: number, check: number): boolean { return this.clean.has(id * 256 + check); }

  markClean(id: number, check: number): void {
    if (this.clean.size >= StatementMemo.MAX_IDS * 16) this.clean.clear();
    this.clean.add(id * 256 + check);
  }

  private lookup(kind: PolicyKind, text: string, s: Statement): number {
    const start = s.node.offset;
    const end = start + s.node.length;
    let h = kind === 'identity' ? 1 : kind === 'resource' ? 2 : 3;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    const bucket = this.ids.get(h);
    if (bucket) {
      for (const e of bucket) {
        if (e.kind === kind && e.text.length === end - start && text.startsWith(e.text, start)) return e.id;
      }
    }
    if (this.idCount >= StatementMemo.MAX_IDS) this.forget();
    const id = this.nextId++;
    // Detached: a slice would be a view into (and keep alive) this version of the document.
    const entry = { kind, text: detach(text.slice(start, end)), id };
    const again = this.ids.get(h);
    if (again) again.push(entry); else this.ids.set(h, [entry]);
    this.idCount++;
    return id;
  }

  private forget(): void {
    this.ids.clear();
    this.clean.clear();
    this.idCount = 0;
    this.generation++;
  }
}

const ID = Symbol('statementId');
type WithId = Statement & { [ID]?: number };

/**
 * Public types of the analysis core. The core knows nothing of LSP or VS Code: text and options in,
 * findings (with fixes), completions and hovers out. All positions are UTF-16 offsets into the text.
 */

/** How serious a finding is. The same four levels as LSP; the server maps them 1:1. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A severity override from settings or the CLI; `off` disables a check. */
export type SeverityOverride = Severity | 'off';

/** The ids of the five principal classes of an AWS CloudHSM key store (schemas/roles/*.json). */
export type RoleId = 'key-store-manager' | 'cluster-manager' | 'key-manager' | 'key-user' | 'service-linked-role';

/** What kind of policy a document is. */
export type PolicyKind = 'identity' | 'resource' | 'trust';

/** Replace `length` characters at `offset` with `newText`. */
export interface Edit {
  /** UTF-16 offset of the first replaced character. */
  offset: number;
  /** Number of replaced characters (0 inserts). */
  length: number;
  /** The replacement. */
  newText: string;
}

/** An edit that resolves a finding. */
export interface Fix {
  /** What the fix does, in the imperative: "Add the 2 missing actions". */
  title: string;
  /** Non-overlapping edits, applied together. */
  edits: Edit[];
  /** The obvious fix for the finding (VS Code shows it first and binds it to auto-fix). */
  isPreferred?: boolean;
  /**
   * Safe fixes are applied by "fix all" (`source.fixAll`). A fix is safe when it cannot widen
   * access and there is exactly one reasonable way to apply it.
   */
  safe?: boolean;
}

/** One problem found in a document. */
export interface Finding {
  /** The stable kebab-case check id; also the diagnostic code and the severity settings key. */
  code: string;
  severity: Severity;
  /** Says what is wrong and what to do. */
  message: string;
  /** Start of the element or value at fault. */
  offset: number;
  /** Length of the element or value at fault (at least 1 unless the document is empty). */
  length: number;
  /** Actions the finding concerns, in the catalog's spelling ("kms:Decrypt"). */
  actions?: string[];
  /** Edits that resolve the finding. */
  fixes?: Fix[];
  /** Rendering hints: `unnecessary` fades the range, `deprecated` strikes it through. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/** Options of one analysis run. Built by the server from settings, or by the CLI from flags. */
export interface AnalysisOptions {
  /** Per-check severity overrides, keyed by check id. */
  severity?: Record<string, SeverityOverride>;
  /** Pin the principal class; `null` disables role checks; undefined infers it. */
  role?: RoleId | null;
  /**
   * Key policies: pin a class per principal. Keys are globs (`*`, `?`, case-insensitive) matched
   * against each principal as written ("arn:aws:iam::*:role/App*"); the first match wins. `role`,
   * when set, wins over this; principals that match no glob are inferred as usual.
   */
  principalRoles?: Record<string, RoleId>;
  /** Force the policy kind; undefined infers it from the document. */
  kind?: PolicyKind;
  /**
   * A key policy whose key is known to be in an AWS CloudHSM key store (a host document declares it:
   * Terraform's `custom_key_store_id`): the value says how it is known, for messages
   * (`custom_key_store_id`). Checks about key store keys then apply with certainty, and the verdicts say so.
   */
  keyStoreKey?: string;
  /**
   * Analyse the document even if it does not look like a policy (a top-level object with
   * `Statement`). Set when the user mapped the file to a class or to the policy globs.
   */
  force?: boolean;
}

/** How the principal class of a document (or of one key-policy principal) was decided. */
export interface RoleVerdict {
  role: RoleId;
  /** `pinned` by settings/CLI, or `inferred` from what the policy grants. */
  source: 'pinned' | 'inferred';
  /** A sentence that says why this class was chosen. */
  reason: string;
  /** Required actions of the class that are granted / all required actions. */
  requiredGranted: number;
  requiredTotal: number;
  /** Number of excessive actions granted (of the key store's business: see `otherActions`). */
  excessive: number;
  /** Some grants are computed by a host document (UNKNOWN values): missing actions are not reported. */
  partlyUnknown?: boolean;
  /** Granted actions outside every class's scope (CloudWatch Logs, Amazon S3…), never judged, and their services. */
  otherActions?: number;
  otherServices?: number;
  /**
   * The policy is the key policy of a key known to be in an AWS CloudHSM key store
   * (`AnalysisOptions.keyStoreKey`): how it is known (`custom_key_store_id`).
   */
  keyStoreKey?: string;
  /** For key policies: the principal this verdict is about (as written), and where it is. */
  principal?: string;
  offset: number;
  length: number;
}

/** The result of analysing one document. */
export interface AnalysisResult {
  /** False when the document is not a policy (then `findings` is empty). */
  isPolicy: boolean;
  kind: PolicyKind | null;
  findings: Finding[];
  /** One verdict for an identity policy, one per analysed principal for a key policy. */
  roles: RoleVerdict[];
}

/** What a completion proposal is; the server maps each kind to an LSP CompletionItemKind. */
export type ProposalKind = 'property' | 'value' | 'module' | 'function' | 'keyword' | 'snippet' | 'variable' | 'constant';

/** A completion proposal at an offset (`Analyzer.complete`). */
export interface CompletionProposal {
  label: string;
  kind: ProposalKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text that replaces `replace`; snippet syntax when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  replace: { offset: number; length: number };
  /** What the editor filters on; quoted when `replace` starts at a quote. */
  filterText?: string;
  sortText?: string;
  /**
   * Open completion again once the proposal is inserted (the cursor then sits where more completion
   * helps: after `kms:`, or in a new value). The server sends `editor.action.triggerSuggest`.
   */
  retrigger?: boolean;
}

/** A hover (`Analyzer.hover`): markdown about the string at `offset`. */
export interface HoverResult {
  markdown: string;
  offset: number;
  length: number;
}

/** A principal class as users see it: its id, title and one-sentence summary (schemas/roles/<id>.json). */
export interface PrincipalClass {
  id: RoleId;
  title: string;
  summary: string;
}

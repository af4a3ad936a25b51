/**
 * Fix safety: every fix offered on an input is applied and verified.
 *
 *  1. its edits lie inside the document and do not overlap;
 *  2. the edited text is still JSON (strict JSON stays strict; JSONC gains no comment or trailing
 *     comma; a broken document gets no more fatal syntax errors);
 *  3. the targeted finding is gone (fewer findings with its code and message; unless its element is
 *     a repeated key, which duplicate-key reports and resolves), and no internal error;
 *  4. nothing unrelated changes: every top-level element and every statement that no edit touches
 *     is deep-equal before and after (in order); when the finding is inside a statement, the edits
 *     touch only that statement (new statements may be appended: "move to a statement…");
 *  5. access only shrinks. Grants are computed by an oracle independent of the implementation
 *     (oracle.ts: brute force over the catalog's action names, its own wildcard and NotAction
 *     matching, Allow minus unconditional Deny over every resource): for the document's own kind
 *     (per principal in a key or trust policy) and read as an identity policy (every Allow
 *     statement counts), counting only actions that can take effect in that kind (a key policy: KMS
 *     key actions; a trust policy: the sts: trust actions, with Resource ignored, as IAM does); also
 *     the actions granted without a condition, and the actions any Deny names (a fix must not shrink a
 *     Deny). For the statements a fix edits: no Resource becomes "*", no NotResource appears, no
 *     Resource disappears, no Principal becomes "*", no Condition with a key is dropped; a statement a
 *     fix adds allows only actions on resources some statement allowed them on before. Exceptions,
 *     each bounded:
 *       - missing-action adds exactly what it names: the new grants are among finding.actions, or,
 *         for a requirement met by any one of several actions (key users), exactly one of them;
 *       - corrections (CORRECTIONS below) fix a statement AWS rejects or that grants nothing as
 *         written; they may make the edited statements grant what their own Action (and NotAction)
 *         entries name, or what the finding names, nothing more; through a NotAction's complement
 *         only when the fix writes something and is not safe (a removal or a fix-all fix never may);
 *     A `safe` fix (the ones fix-all applies) never widens anything unless it is such a correction.
 * Also fix-all: its result is valid JSON, widens nothing (beyond safe corrections, bounded the same
 * way), its edits give the same text as fixAllText, and a second fix-all changes nothing.
 */
import { getNodeValue, Node, parseTree } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
import { analyze, AnalysisOptions, AnalysisResult, CHECKS, Edit, Finding, Fix } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import { fixAll, fixAllText } from '../../server/src/analysis/fixAll';
import { parseJson } from '../../server/src/analysis/json';
import { buildPolicy } from '../../server/src/analysis/policy';
import { GrantOracle } from './oracle';
import { getCatalog, getKnowledge } from '../helpers';
import { editProblems, show } from './invariants';

const catalog = getCatalog();

/** Actions of which any one satisfies a requirement (key users: Encrypt, Decrypt, …). */
const ANY_OF = new Set(getKnowledge().profiles.list.flatMap((p) => p.required.filter((r) => r.actions.length > 1).flatMap((r) => r.actions.map((a) => a.full))));

/**
 * Findings whose fixes correct a statement that AWS rejects or that grants nothing as written, so the
 * corrected statement can grant what its own entries name. Why each one is such a finding:
 */
export const CORRECTIONS: Readonly<Record<string, string>> = {
  'unknown-action': '"Change to kms:Decrypt" for "kms:Decrpt": the entry matched no action',
  'unknown-service': 'did-you-mean of a service prefix: the entry matched no action',
  'invalid-action-format': 'a malformed entry ("kms: Decrypt") matched no action; the fix writes it in service:Action form',
  'invalid-effect': '"allow" → "Allow": AWS rejects any other spelling, so the statement granted nothing',
  'missing-effect': 'a statement without Effect is rejected by AWS and granted nothing',
  'unknown-element': '"Actions" → "Action": the misspelled element is rejected by AWS',
  'invalid-value-type': 'an element of the wrong JSON type is rejected by AWS',
  'misplaced-element': 'an element at the wrong level is rejected by AWS',
  'duplicate-key': 'of two values of one element only one counts; keeping the other is a correction',
  'unmatched-wildcard': 'a wildcard that matches nothing granted nothing',
  'json-syntax': 'removing a comment or trailing comma makes AWS accept the document as written',
  'empty-statement': 'an empty Statement is rejected by AWS',
  'missing-statement': 'Effect/Action/Resource outside a Statement: AWS rejects the document',
  'policy-not-object': 'a policy wrapped in an array is rejected by AWS',
  'action-and-not-action': 'a statement with both Action and NotAction is rejected by AWS',
  'resource-no-matching-action': 'a Resource that fits none of the statement\'s actions grants nothing; "*" lets the statement\'s own actions apply',
  'ineffective-key-store-resource': 'custom key store actions under a key ARN are never granted; the fix moves them to "Resource": "*"',
  'missing-action-element': 'a statement without Action or NotAction is rejected by AWS',
  'missing-resource-element': 'a statement without Resource or NotResource is rejected by AWS (outside a trust policy), so it granted nothing; the fix lets it grant what its Action names',
  'invalid-arn': 'a Resource AWS rejects ("* " with a space, a malformed ARN) grants nothing; the fix writes the ARN it evidently means',
};

/**
 * Top-level elements a fix for a finding inside a statement may edit, and why: policy variables only
 * work with "Version": "2012-10-17", so the cure for a variable in a statement is at the top.
 */
const TOP_LEVEL_CURES: Readonly<Record<string, string[]>> = { 'invalid-policy-variable': ['Version'] };

export interface FixStats {
  inputs: number;
  findings: number;
  fixesApplied: number;
  fixesVerified: number;
  /** Fixes by finding code. */
  byCode: Map<string, number>;
  /** Fixes that widened grants within their allowance (missing-action, corrections), by code. */
  widening: Map<string, number>;
  fixAllRuns: number;
  failures: string[];
}

export function newStats(): FixStats {
  return { inputs: 0, findings: 0, fixesApplied: 0, fixesVerified: 0, byCode: new Map(), widening: new Map(), fixAllRuns: 0, failures: [] };
}

export function summary(s: FixStats): string {
  const codes = [...s.byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  const widen = [...s.widening].map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
  return `${s.inputs} inputs, ${s.findings} findings, ${s.fixesApplied} fixes applied: ${s.fixesVerified} verified, ${s.failures.length} failed; `
    + `fix-all verified on ${s.fixAllRuns} inputs. Fixes by code: ${codes || 'none'}. Widening within allowance: ${widen}.`;
}

// ---------------------------------------------------------------------------------------------------
// Grants

export interface Grants {
  /** The document parsed and built (false: no grants can be computed, e.g. broken JSON). */
  ok: boolean;
  kind: string | null;
  /** Own kind: the union over subjects (key policy: per principal) of granted action names. */
  own: Set<string>;
  ownUnconditional: Set<string>;
  /** Read as an identity policy: every Allow statement, whatever its principal. */
  identity: Set<string>;
  identityUnconditional: Set<string>;
  /** Every action some Deny statement names (whatever its resource or condition). */
  denied: Set<string>;
}

/** The catalog's action names, matched by the independent oracle (test/fuzz/oracle.ts). */
const oracle = new GrantOracle(catalog.allActions.map((a) => a.full));

function names(actions: Iterable<string>, into = new Set<string>()): Set<string> {
  for (const a of actions) into.add(a);
  return into;
}

/**
 * What the document grants, by brute force over the catalog's actions (test/fuzz/oracle.ts, which
 * shares no matching or grant code with the implementation), read as the kind the analysis infers.
 */
export function grantsOf(text: string, options: AnalysisOptions): Grants {
  const parsed = parseJson(text);
  const empty: Grants = { ok: false, kind: null, own: new Set(), ownUnconditional: new Set(), identity: new Set(), identityUnconditional: new Set(), denied: new Set() };
  if (parsed.broken || !parsed.root || parsed.root.type !== 'object') return empty;
  const kind = buildPolicy(parsed.root, options.kind).kind;
  const g = oracle.grants(parsed.root, kind);
  return { ok: true, kind, own: g.own, ownUnconditional: g.ownUnconditional, identity: g.identity, identityUnconditional: g.identityUnconditional, denied: g.denied };
}

/** The actions a role trust policy can allow (trust-policy-action). */
const TRUST_ACTIONS = new Set(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext']);

/**
 * Actions that can have an effect in a policy of this kind (as the role analysis sees it): in a key
 * policy only KMS actions on keys, in a role trust policy only sts: actions.
 */
function relevant(kind: string | null): (name: string) => boolean {
  if (kind === 'resource') {
    return (name) => {
      const a = catalog.getAction(name);
      return !!a && a.service.prefix === 'kms' && a.resourceTypes.some((r) => r.name === 'key');
    };
  }
  if (kind === 'trust') return (name) => TRUST_ACTIONS.has(name);
  return () => true;
}

/**
 * What `after` grants that `before` does not, as action names: in any view, or only in the views of
 * all grants (not the unconditional ones) when `conditionsVacuous` (an empty condition was removed).
 */
export function widened(before: Grants, after: Grants, conditionsVacuous = false): Set<string> {
  const out = new Set<string>();
  if (!after.ok) return out;
  const matters = relevant(before.kind);
  const add = (b: Set<string>, a: Set<string>) => { for (const x of a) if (!b.has(x) && matters(x)) out.add(x); };
  add(before.identity, after.identity);
  if (!conditionsVacuous) add(before.identityUnconditional, after.identityUnconditional);
  if (before.kind === after.kind) {
    add(before.own, after.own);
    if (!conditionsVacuous) add(before.ownUnconditional, after.ownUnconditional);
  }
  return out;
}

/** Actions (that matter in the policy's kind) some Deny named before and none names after. */
export function lostDenies(before: Grants, after: Grants): string[] {
  if (!after.ok) return [];
  const matters = relevant(before.kind);
  return [...before.denied].filter((a) => !after.denied.has(a) && matters(a));
}

// ---------------------------------------------------------------------------------------------------
// Structure

interface Structure {
  root: Node | undefined;
  /** Top-level properties other than Statement. */
  top: Node[];
  statementProp: Node | undefined;
  statements: Node[];
}

function structure(text: string): Structure {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const props = root?.type === 'object' ? root.children ?? [] : [];
  // The first Statement is the one the analysis reads (policy.ts); repeated ones are duplicate-key's business.
  const statementProp = props.find((p) => p.children?.[0]?.value === 'Statement');
  const sv = statementProp?.children?.[1];
  const statements = !sv ? [] : sv.type === 'array' ? sv.children ?? [] : [sv];
  return { root, top: props.filter((p) => p.children?.[0]?.value !== 'Statement'), statementProp, statements };
}

/** Does the edit change text inside `node` (an insertion at its very start or end does not)? */
function touches(e: { offset: number; length: number }, node: Node): boolean {
  const start = node.offset;
  const end = node.offset + node.length;
  if (e.length === 0) return e.offset > start && e.offset < end;
  return e.offset < end && e.offset + e.length > start;
}

function within(f: { offset: number; length: number }, node: Node): boolean {
  return f.offset >= node.offset && f.offset + f.length <= node.offset + node.length;
}

/** Is `needles` (in order) a subsequence of `hay` under deep equality? */
function subsequence(needles: unknown[], hay: unknown[]): boolean {
  let j = 0;
  for (const n of needles) {
    while (j < hay.length && !isDeepStrictEqual(hay[j], n)) j++;
    if (j === hay.length) return false;
    j++;
  }
  return true;
}

function strictJson(text: string): boolean {
  try { JSON.parse(text); return true; } catch { return false; }
}

function findingKey(f: Finding): string { return `${f.code}\u0000${f.message}`; }

// ---------------------------------------------------------------------------------------------------
// Verification

export interface Prepared {
  text: string;
  options: AnalysisOptions;
  result: AnalysisResult;
  grants: Grants;
  strict: boolean;
  fatal: number;
  tolerated: number;
  structure: Structure;
  counts: Map<string, number>;
}

export function prepare(text: string, options: AnalysisOptions, result = analyze(getKnowledge(), text, options)): Prepared {
  const parsed = parseJson(text);
  const counts = new Map<string, number>();
  for (const f of result.findings) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return {
    text, options, result, grants: grantsOf(text, options), strict: strictJson(text),
    fatal: parsed.problems.filter((p) => p.fatal).length, tolerated: parsed.problems.filter((p) => !p.fatal).length,
    structure: structure(text), counts,
  };
}

/** Verifies one fix; returns what is wrong with it (empty when it is safe and does what it says). */
/** Extra criteria a caller may ask for. */
export interface VerifyOptions {
  /** A preferred or safe fix brings no new finding (no code occurs more often after it), unless it changes the class the policy fits. */
  noNewFindings?: boolean;
}

const ROLE_CODES = new Set(CHECKS.filter((c) => c.category === 'role').map((c) => c.id));

export function verifyFix(before: Prepared, finding: Finding, fix: Fix, stats?: FixStats, verify: VerifyOptions = {}): string[] {
  const problems: string[] = [];
  const { text, options } = before;
  const editIssues = editProblems(fix.edits, text.length);
  if (editIssues.length) return editIssues;
  const out = applyEdits(text, fix.edits);
  if (out === text) return ['the fix changes nothing'];

  // 2. Still JSON.
  const parsed = parseJson(out);
  const fatal = parsed.problems.filter((p) => p.fatal);
  // (A document that is only a comment has no value either way: removing the comment leaves it empty.)
  if (before.fatal === 0 && fatal.length > 0 && before.structure.root) problems.push(`broke the JSON: ${fatal[0].message} at ${fatal[0].offset}`);
  else if (before.fatal > 0 && fatal.length > before.fatal) problems.push(`added fatal syntax errors (${before.fatal} → ${fatal.length})`);
  if (before.strict && before.fatal === 0 && !strictJson(out)) problems.push('strict JSON became JSONC (a comment or trailing comma)');
  const tolerated = parsed.problems.filter((p) => !p.fatal).length;
  if (!before.strict && before.fatal === 0 && tolerated > before.tolerated) problems.push(`added comments or trailing commas (${before.tolerated} → ${tolerated})`);

  // 3. The finding is gone.
  const after = analyze(getKnowledge(), out, options);
  const k = findingKey(finding);
  const left = after.findings.filter((f) => findingKey(f) === k).length;
  if (left >= (before.counts.get(k) ?? 0)) {
    // Removing one of two equal entries can pass a message on to the other one ("kms:Encrypt is
    // covered by kms:*" after "listed twice" is removed): then that code is rarer and nothing with
    // the message is left where the finding was.
    const at = mapOffset(fix.edits, finding.offset);
    const fewer = after.findings.filter((f) => f.code === finding.code).length < before.result.findings.filter((f) => f.code === finding.code).length;
    // With a repeated key ("Sid": "", "Sid": "") removing one copy brings out the other: duplicate-key
    // reports that, and its fix is the one that resolves it.
    const home = before.structure.statements.find((st) => within(finding, st));
    const repeated = before.result.findings.some((f) => f.code === 'duplicate-key' && (home ? within(f, home) : !before.structure.statements.some((st) => within(f, st))));
    if (!repeated && (!fewer || after.findings.some((f) => findingKey(f) === k && f.offset === at))) problems.push(`the finding is still there (${left})`);
  }
  const internal = after.findings.filter((f) => f.code === 'internal-error');
  if (internal.length) problems.push(`internal error after the fix: ${internal[0].message}`);
  if (verify.noNewFindings && (fix.isPreferred || fix.safe)) {
    // A message may change ("3 actions" becomes "2 actions"): count codes. An alternative fix may reveal
    // a finding (removing Action of Action+NotAction leaves an Allow with NotAction); a preferred or safe
    // one may not, unless it makes the policy fit another class, whose findings are news, not harm.
    const byCode = (xs: Finding[]) => xs.reduce((m, g) => m.set(g.code, (m.get(g.code) ?? 0) + 1), new Map<string, number>());
    const b = byCode(before.result.findings);
    const classes = (r: AnalysisResult) => r.roles.map((v) => v.role).join();
    const classChanged = classes(before.result) !== classes(after);
    const fresh = [...byCode(after.findings)].filter(([c, n]) => n > (b.get(c) ?? 0) && !(classChanged && ROLE_CODES.has(c))).map(([c]) => c);
    if (fresh.length) problems.push(`introduced findings: ${after.findings.filter((g) => fresh.includes(g.code)).map((g) => `[${g.code}] ${g.message}`).join('; ')}`);
  }

  // 4. Nothing unrelated changes.
  const s0 = before.structure;
  const s1 = structure(out);
  if (s0.root && s1.root && before.fatal === 0 && fatal.length === 0) {
    const touchedTop = s0.top.filter((p) => fix.edits.some((e) => touches(e, p)));
    const keptTop = s0.top.filter((p) => !touchedTop.includes(p)).map((p) => [p.children?.[0]?.value, p.children?.[1] && getNodeValue(p.children[1])]);
    const afterTop = s1.top.map((p) => [p.children?.[0]?.value, p.children?.[1] && getNodeValue(p.children[1])]);
    if (!subsequence(keptTop, afterTop)) problems.push('a top-level element no edit touches changed');
    if (s0.statementProp && !s1.statementProp && !fix.edits.some((e) => touches(e, s0.statementProp!))) problems.push('Statement disappeared');
    const touched = s0.statements.filter((s) => fix.edits.some((e) => touches(e, s)));
    const kept = s0.statements.filter((s) => !touched.includes(s)).map((s) => getNodeValue(s));
    if (!subsequence(kept, s1.statements.map((s) => getNodeValue(s)))) problems.push('a statement no edit touches changed or disappeared');
    const home = s0.statements.find((s) => within(finding, s));
    // A statement that is the whole Statement value is replaced when a second statement is appended (it becomes a list).
    const wrapped = (s: Node) => s0.statementProp?.children?.[1] === s && s1.statements.length > 1;
    const strays = touched.filter((s) => s !== home && !wrapped(s));
    // missing-action names no statement: it adds to the statement that already holds most of the class's actions.
    if (home && finding.code !== 'missing-action' && strays.length > 0) {
      problems.push(`the finding is in statement ${s0.statements.indexOf(home)} but the fix also edits statement(s) ${strays.map((s) => s0.statements.indexOf(s)).join(', ')}`);
    }
    const cures = TOP_LEVEL_CURES[finding.code] ?? [];
    if (touchedTop.some((p) => !cures.includes(String(p.children?.[0]?.value))) && home) problems.push(`the finding is in statement ${s0.statements.indexOf(home)} but the fix edits top-level ${touchedTop.map((p) => p.children?.[0]?.value).join(', ')}`);
  }

  // 5. Access only shrinks (or grows exactly as allowed).
  if (!before.grants.ok) return problems; // broken before: no policy to compare with (AWS rejects it)
  // key-policy-lockout restores the account's own access to its key, by design: a quick fix (never
  // safe) whose only change is one new statement for the root of an account the policy already names.
  if (finding.code === 'key-policy-lockout') {
    const added = s1.statements.filter((x) => !s0.statements.some((y) => isDeepStrictEqual(getNodeValue(x), getNodeValue(y)))).map((x) => getNodeValue(x) as { Principal?: { AWS?: unknown } });
    const root = added.length === 1 && /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(String(added[0].Principal?.AWS));
    if (fix.safe) problems.push('a fix that adds the account statement is marked safe');
    if (!root || !text.includes(root[1]) || s1.statements.length !== s0.statements.length + 1) problems.push('the lockout fix does more than add the account root statement');
    return problems;
  }
  // Read the result as the same kind of policy (a fix can change what the kind is inferred to be).
  const g1 = grantsOf(out, { ...options, kind: (before.grants.kind ?? options.kind) as AnalysisOptions['kind'] });
  // empty-condition removes operator blocks without keys, which restrict nothing (the role analysis
  // counts any non-empty Condition object as a condition); "Condition dropped" below still applies.
  const added = [...widened(before.grants, g1, finding.code === 'empty-condition')];
  const lost = lostDenies(before.grants, g1);
  const correction = !!CORRECTIONS[finding.code];
  const list = (xs: string[]) => xs.slice(0, 8).join(', ') + (xs.length > 8 ? ` and ${xs.length - 8} more` : '');
  // A correction of a statement AWS rejects may change what its Deny covers: no Deny was in force.
  // missing-action's quick fix (never safe) may take the actions it names out of the Deny that takes them away.
  const narrowsDeny = finding.code === 'missing-action' && !fix.safe && lost.every((a) => (finding.actions ?? []).includes(a));
  if (lost.length && !correction && !narrowsDeny) problems.push(`a Deny no longer names ${list(lost)}`);
  if (!correction && fatal.length === 0) {
    // missing-action's new statements are bounded by its own rule below; a quick fix (not safe) may
    // write a new statement for the actions its finding names (e.g. the class's own service-linked role).
    const named = new Set(fix.safe ? [] : finding.actions ?? []);
    for (const w of scopeWidening(s0, s1, fix.edits, finding.code !== 'missing-action', named)) problems.push(w);
  }
  if (added.length) {
    if (finding.code === 'missing-action') {
      const named = new Set(finding.actions ?? []);
      const ok = added.every((a) => named.has(a)) || (added.length === 1 && ANY_OF.has(added[0]) && fix.title.includes(added[0]));
      if (!ok) problems.push(`adds ${list(added)}, beyond what the finding names (${[...named].join(', ') || 'one of the alternatives'})`);
      if (fix.safe) problems.push('a fix that adds actions is marked safe');
    } else if (correction) {
      // duplicate-key: the other value of the repeated element counts now, wherever it is.
      const ranges = finding.code === 'duplicate-key' ? [{ start: 0, end: out.length }] : editedRanges(fix.edits);
      // What the edited statements say: their Action entries; and, for a quick fix that writes
      // something (not a removal, not fix-all material), also what their NotAction leaves out.
      const removal = fix.edits.every((e) => /^[\s,]*$/.test(e.newText));
      // duplicate-key: which copy AWS would use is not known, so whatever the kept one says counts.
      const allowance = new Set([...(finding.actions ?? []), ...ownActions(s1, ranges, finding.code === 'duplicate-key' || (!fix.safe && !removal))]);
      const beyond = added.filter((a) => !allowance.has(a));
      if (beyond.length) problems.push(`the correction widens access beyond what the edited statements' Action entries name: ${list(beyond)}`);
    } else {
      problems.push(`widens access: ${list(added)}`);
    }
    if (!problems.length && stats) stats.widening.set(finding.code, (stats.widening.get(finding.code) ?? 0) + 1);
  }
  return problems;
}

/** Where `offset` of the original text is after the edits (-1 when an edit replaced it). */
function mapOffset(edits: Edit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    if (e.offset <= offset && offset < e.offset + e.length) return -1;
    if (e.offset + e.length <= offset) delta += e.newText.length - e.length;
  }
  return offset + delta;
}

/** Where the edits' new text lies in the edited document. */
export function editedRanges(edits: Edit[]): Array<{ start: number; end: number }> {
  let delta = 0;
  return [...edits].sort((a, b) => a.offset - b.offset).map((e) => {
    const start = e.offset + delta;
    delta += e.newText.length - e.length;
    return { start, end: start + e.newText.length };
  });
}

/**
 * The actions named by the Action entries of the statements (of the edited document) that the edits
 * wrote into or next to (all statements when the edits renamed the Statement key itself); with
 * `notAction`, also every action a NotAction of those statements leaves out.
 */
function ownActions(s: Structure, ranges: Array<{ start: number; end: number }>, notAction = false): Set<string> {
  const out = new Set<string>();
  const overlaps = (n: Node) => ranges.some((r) => n.offset <= r.end && r.start <= n.offset + n.length);
  const key = s.statementProp?.children?.[0];
  const all = !!key && overlaps(key);
  for (const st of s.statements) {
    if (!all && !overlaps(st)) continue;
    if (st.type !== 'object') continue;
    // Every Action and NotAction property (a repeated key counts too: the analysis reads the first).
    const values = (key: string) => (st.children ?? []).filter((p) => p.children?.[0]?.value === key).flatMap((p) => asList(p.children?.[1] && getNodeValue(p.children[1])));
    const has = (key: string) => (st.children ?? []).some((p) => p.children?.[0]?.value === key);
    const actions = values('Action');
    const notActions = values('NotAction');
    // What the statement names: its Action entries, and its NotAction entries (a corrected Deny with
    // NotAction stops denying what it names).
    for (const p of [...actions, ...notActions]) if (typeof p === 'string') names(oracle.matches(p), out);
    if (notAction && !has('Action') && has('NotAction')) {
      const excluded = new Set(notActions.flatMap((p) => (typeof p === 'string' ? [...oracle.matches(p)] : [])));
      names(catalog.allActions.map((a) => a.full).filter((a) => !excluded.has(a)), out);
    }
  }
  return out;
}

function asList(v: unknown): unknown[] { return v === undefined ? [] : Array.isArray(v) ? v : [v]; }

/** The statement of the edited document that starts where `node` (an original statement) starts now. */
function counterpart(s1: Structure, edits: Edit[], node: Node): Node | undefined {
  const at = mapOffset(edits, node.offset);
  return at < 0 ? undefined : s1.statements.find((n) => n.offset === at);
}

/**
 * For each edited statement (found again in the edited document where it starts; a removed one is
 * skipped): a Resource that becomes "*", a NotResource that appears, a Resource that disappears, a
 * Principal that becomes "*", a Condition that is dropped. For each statement the fix adds (an Allow
 * with no counterpart before): every action it names on every resource it names must have been
 * allowed on that resource (or "*", or a matching pattern) by some Allow statement before, unless
 * it is one of `named`.
 */
function scopeWidening(s0: Structure, s1: Structure, edits: Edit[], checkNew: boolean, named: Set<string>): string[] {
  const out: string[] = [];
  const mapped = new Set<Node>();
  s0.statements.forEach((node, i) => {
    const twin = counterpart(s1, edits, node);
    if (twin) mapped.add(twin);
    if (!twin || !edits.some((e) => touches(e, node))) return;
    const b = firstWins(node);
    const a = firstWins(twin);
    if (!b || !a || typeof b !== 'object' || typeof a !== 'object' || Array.isArray(a) || Array.isArray(b)) return;
    const star = (v: unknown) => asList(v).includes('*');
    const principalStar = (v: unknown) => v === '*' || (!!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).some(star));
    if (star(a.Resource) && !star(b.Resource) && b.Resource !== undefined) out.push(`statement ${i}: Resource becomes "*"`);
    if (a.NotResource !== undefined && b.NotResource === undefined) out.push(`statement ${i}: NotResource appears`);
    if (b.Resource !== undefined && a.Resource === undefined && a.NotResource === undefined && b.Effect === 'Allow') out.push(`statement ${i}: Resource removed`);
    if (principalStar(a.Principal) && !principalStar(b.Principal) && b.Principal !== undefined) out.push(`statement ${i}: Principal becomes "*"`);
    if (restricts(node) && !restricts(twin) && a.Effect === 'Allow') out.push(`statement ${i}: Condition dropped`);
  });
  // Statements the fix adds.
  const before = s0.statements.map(firstWins)
    .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && v.Effect === 'Allow');
  for (const n of checkNew ? s1.statements : []) {
    if (mapped.has(n)) continue;
    const v = firstWins(n);
    if (!v || v.Effect !== 'Allow') continue;
    for (const pattern of asList(v.Action)) {
      if (typeof pattern !== 'string') continue;
      for (const full of oracle.matches(pattern)) {
        if (named.has(full)) continue;
        for (const r of asList(v.Resource)) {
          if (typeof r !== 'string') continue;
          const covered = before.some((b) => grantsAction(b, full) && (b.NotResource !== undefined || b.Resource === undefined
            || asList(b.Resource).some((br) => typeof br === 'string' && wildcardMatch(br, r))));
          if (!covered) out.push(`a new statement allows ${full} on ${r}, which no statement allowed before`);
        }
      }
    }
  }
  return [...new Set(out)];
}

/** A statement's elements as the analysis reads them: of a repeated key, the first (policy.ts). */
function firstWins(st: Node): Record<string, unknown> | null {
  if (st.type !== 'object') return null;
  const out: Record<string, unknown> = {};
  for (const p of st.children ?? []) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && !(k in out) && p.children?.[1]) out[k] = getNodeValue(p.children[1]);
  }
  return out;
}

/** Does a statement (node) have a condition that restricts: an operator block that names a key? Read from the nodes, so repeated keys all count. */
function restricts(st: Node): boolean {
  const props = (n: Node | undefined) => (n?.type === 'object' ? n.children ?? [] : []);
  return props(st).filter((p) => p.children?.[0]?.value === 'Condition')
    .some((c) => props(c.children?.[1]).some((op) => props(op.children?.[1]).length > 0));
}

function grantsAction(st: Record<string, unknown>, full: string): boolean {
  if (st.Action !== undefined) return asList(st.Action).some((p) => typeof p === 'string' && oracle.matches(p).has(full));
  if (st.NotAction !== undefined) return !asList(st.NotAction).some((p) => typeof p === 'string' && oracle.matches(p).has(full));
  return false;
}

/** Does the policy resource pattern `pattern` (with * and ?) cover the resource `r`? */
function wildcardMatch(pattern: string, r: string): boolean {
  if (pattern === '*' || pattern === r) return true;
  const re = new RegExp('^' + pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('') + '$', 'i');
  return re.test(r);
}

/**
 * Applies and verifies every fix offered on `text` (at most `maxPerCode` fixes per finding code, the
 * first ones in document order, when given) and fix-all. Failures go to `stats.failures`.
 */
export function verifyAllFixes(name: string, text: string, options: AnalysisOptions, stats: FixStats, maxPerCode = Infinity, verify: VerifyOptions = {}): void {
  stats.inputs++;
  let before: Prepared;
  try {
    before = prepare(text, options);
  } catch (e) {
    stats.failures.push(`${name}: analysis threw ${e instanceof Error ? e.stack : String(e)}`);
    return;
  }
  stats.findings += before.result.findings.length;
  const perCode = new Map<string, number>();
  for (const f of before.result.findings) {
    for (const fix of f.fixes ?? []) {
      const n = perCode.get(f.code) ?? 0;
      if (n >= maxPerCode) continue;
      perCode.set(f.code, n + 1);
      stats.fixesApplied++;
      stats.byCode.set(f.code, (stats.byCode.get(f.code) ?? 0) + 1);
      let problems: string[];
      try {
        problems = verifyFix(before, f, fix, stats, verify);
      } catch (e) {
        problems = [`verification threw ${e instanceof Error ? e.stack : String(e)}`];
      }
      if (problems.length) {
        stats.failures.push(`${name} ${JSON.stringify(options)}: [${f.code}] "${f.message}" — fix "${fix.title}"${fix.safe ? ' (safe)' : ''}: ${problems.join('; ')}\n  input: ${show(text, 1500)}\n  edits: ${JSON.stringify(fix.edits).slice(0, 1500)}`);
      } else stats.fixesVerified++;
    }
  }
  if (before.result.isPolicy) verifyFixAll(name, before, stats);
}

/** fix-all: valid JSON (when the input was), never wider (beyond safe corrections), idempotent. */
export function verifyFixAll(name: string, before: Prepared, stats: FixStats): void {
  const { text, options } = before;
  const problems: string[] = [];
  let once: string;
  let edits: Edit[];
  try {
    once = fixAllText(getKnowledge(), text, options);
    edits = fixAll(getKnowledge(), text, options);
  } catch (e) {
    stats.failures.push(`${name}: fix-all threw ${e instanceof Error ? e.stack : String(e)}`);
    return;
  }
  if (applyEdits(text, edits) !== once) problems.push('the fixAll edits do not give the fixAllText text');
  if (editProblems(edits, text.length).length) problems.push(`fix-all edits: ${editProblems(edits, text.length).join('; ')}`);
  if (once !== text) {
    const parsed = parseJson(once);
    const fatal = parsed.problems.filter((p) => p.fatal).length;
    if (fatal > before.fatal && before.structure.root) problems.push(`fix-all broke the JSON (${before.fatal} → ${fatal} fatal problems)`);
    if (before.strict && !strictJson(once)) problems.push('fix-all turned strict JSON into JSONC');
    if (before.grants.ok) {
      const g1 = grantsOf(once, { ...options, kind: (before.grants.kind ?? options.kind) as AnalysisOptions['kind'] });
      // Safe corrections (e.g. "allow" → "Allow") may make the statements fix-all edited grant what their Action entries name.
      const corrections = before.result.findings.some((f) => CORRECTIONS[f.code] && f.fixes?.some((x) => x.safe));
      const allowance = corrections ? ownActions(structure(once), editedRanges(edits)) : new Set<string>();
      const vacuous = before.result.findings.some((f) => f.code === 'empty-condition' && f.fixes?.some((x) => x.safe));
      const added = [...widened(before.grants, g1, vacuous)].filter((a) => !allowance.has(a));
      if (added.length) problems.push(`fix-all widens access: ${added.slice(0, 8).join(', ')}`);
      const lost = lostDenies(before.grants, g1);
      if (lost.length) problems.push(`fix-all removes ${lost.slice(0, 8).join(', ')} from a Deny`);
    }
    const twice = fixAll(getKnowledge(), once, options);
    if (twice.length) problems.push(`a second fix-all still changes ${JSON.stringify(twice).slice(0, 300)}`);
    const internal = analyze(getKnowledge(), once, options).findings.filter((f) => f.code === 'internal-error');
    if (internal.length) problems.push(`internal error after fix-all: ${internal[0].message}`);
  }
  stats.fixAllRuns++;
  if (problems.length) stats.failures.push(`${name} ${JSON.stringify(options)}: ${problems.join('; ')}\n  input: ${show(text, 1500)}\n  fix-all: ${show(once, 1500)}`);
}

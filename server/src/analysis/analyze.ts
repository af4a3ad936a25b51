/**
 * One analysis: parse, build the policy model, run every check, compute the principal-class
 * verdicts. Never throws: any internal error becomes an `internal-error` finding rather than a crash.
 * Callers go through the façade (index.ts `createAnalyzer`).
 */
import { Catalog, globToRegExp } from './catalog';
import type { Check, CheckContext, Report } from './check';
import { CHECKS } from './checks';
import { parseJson } from './json';
import { buildPolicy, looksLikePolicy, PolicyDoc, Statement } from './policy';
import { analyzeRoles, RoleAnalysis } from './roles/analysis';
import type { Knowledge } from './knowledge';
import type { StatementMemo } from './statementMemo';
import { detach } from './util/detach';
import type { AnalysisOptions, AnalysisResult, Finding, PolicyKind, RoleVerdict } from './types';
import { UNKNOWN } from './host/types';

/** A clock (milliseconds, e.g. `performance.now`) and where each phase's time goes. */
export interface PhaseTimer {
  now(): number;
  onPhase(name: string, ms: number): void;
}

/**
 * Documents longer than this many UTF-16 code units (the length of a JavaScript string: one per
 * character of a policy, which is ASCII but for the odd name) are not analysed: 1 MiB, so a document
 * of 1,048,576 characters is analysed and one more is not. No policy AWS accepts comes near it (key
 * policies are at most 32 KB), and parsing megabytes on every keystroke would stall the editor.
 * It was 1,000,000 (a decimal megabyte) until 0.1: a 1 MiB document was then refused with a message
 * that said "1.0 million characters", below the limit it broke.
 */
export const MAX_ANALYZED_LENGTH = 1024 * 1024;

export function analyze(k: Knowledge, text: string, options: AnalysisOptions = {}, incremental = false, timer?: PhaseTimer): AnalysisResult {
  // Other JSON files (package.json, tsconfig.json, …) cost one substring search, not a parse.
  if (options.force !== true && !text.includes('"Statement"')) return { isPolicy: false, kind: null, findings: [], roles: [] };
  if (text.length > MAX_ANALYZED_LENGTH) return tooLarge(text, options);
  let t0 = timer ? timer.now() : 0;
  let parsed;
  try {
    parsed = parseJson(text);
  } catch (e) {
    return { isPolicy: true, kind: null, roles: [], findings: [internalError(text, e)] };
  }
  const isPolicy = options.force === true || looksLikePolicy(parsed.root) || (parsed.broken && looksLikePolicyText(text));
  if (timer) t0 = lap(timer, 'parse', t0);
  if (!isPolicy) return { isPolicy: false, kind: null, findings: [], roles: [] };

  let policy: PolicyDoc | undefined;
  try {
    policy = parsed.root && parsed.root.type === 'object' && !parsed.broken ? buildPolicy(parsed.root, options.kind) : undefined;
  } catch (e) {
    return { isPolicy, kind: null, roles: [], findings: [internalError(text, e)] };
  }
  if (timer) lap(timer, 'model', t0);
  // A policy projected from a host document (host/project.ts) holds UNKNOWN for computed values.
  const hasUnknown = text.includes(UNKNOWN);
  if (policy && hasUnknown) policy.hasUnknown = true;
  const kind: PolicyKind = policy?.kind ?? options.kind ?? 'identity';
  const overrides = options.severity ?? {};
  const ctx = new Context(text, k, options, parsed.problems, policy, kind, incremental, timer);
  ctx.hasUnknown = hasUnknown;
  const memo = incremental && policy && policy.statements.length > 1 ? k.statementMemo : undefined;

  for (let i = 0; i < CHECKS.length; i++) {
    const check = CHECKS[i];
    if (parsed.broken && !check.runsOnBrokenJson) continue;
    const override = overrides[check.id];
    if (override === 'off') continue;
    ctx.check = check;
    ctx.override = override;
    const c0 = timer ? timer.now() - ctx.rolesMs : 0;
    if (memo && policy && check.perStatement) {
      runOnUnseen(ctx, check, i, policy, memo);
    } else {
      try {
        check.run(ctx);
      } catch (e) {
        ctx.findings.push(internalError(text, e, check.id));
      }
    }
    if (timer) lap(timer, check.id, c0 + ctx.rolesMs);
  }
  const findings = ctx.findings;
  let roles = ctx.rolesIfComputed;
  if (!roles && !parsed.broken) {
    const r0 = timer ? timer.now() : 0;
    try { roles = rolesOf(policy, kind, k, options, incremental ? text : undefined); } catch (e) { findings.push(internalError(text, e, 'role-analysis')); }
    if (timer) lap(timer, 'roles', r0);
  }
  const s0 = timer ? timer.now() : 0;
  findings.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  if (timer) lap(timer, 'sort', s0);
  return { isPolicy, kind: policy ? kind : null, findings, roles: keyStoreVerdicts(roles?.verdicts ?? [], kind, options) };
}

/** In the key policy of a key known to be in a key store, every verdict says so (reason and `keyStoreKey`). */
function keyStoreVerdicts(verdicts: RoleVerdict[], kind: PolicyKind, options: AnalysisOptions): RoleVerdict[] {
  const how = options.keyStoreKey;
  if (!how || kind !== 'resource' || verdicts.length === 0) return verdicts;
  return verdicts.map((v) => ({ ...v, keyStoreKey: how, reason: `Key policy of a key in a CloudHSM key store (${how}). ${v.reason}` }));
}

/**
 * Role analysis, or its result for a policy without subjects when no class can be inferred for any
 * subject of it: a class is inferred only for a subject granted an action of every anchor group of the
 * class (roles/analysis.ts inferFit), and what a subject is granted comes from Action entries of Allow
 * statements. The checks read subjects only when they have a class, so both results report the same;
 * this one skips computing grants (of the 1,594 AWS managed policies, 801 reached that computation
 * and 123 still do). A pinned class, and a host document's computed (UNKNOWN) values, take the full path.
 */
function rolesOf(policy: PolicyDoc | undefined, kind: PolicyKind, k: Knowledge, options: AnalysisOptions, text: string | undefined): RoleAnalysis {
  const gated = policy !== undefined && options.role === undefined && policy.hasUnknown !== true && !(options.keyStoreKey && kind === 'resource') && !mayInferAClass(policy, k);
  return analyzeRoles(gated ? undefined : policy, kind, k, options, text);
}

/**
 * Does some class have, in every anchor group, an action that an Allow statement's Action entry
 * matches? Also true when an Allow names a dangerous power (schemas/dangerous-actions.json: reported
 * whatever the class, so even with no class to infer) or grants through NotAction (everything but
 * what it names: the entries say nothing about what it grants).
 */
export function mayInferAClass(policy: PolicyDoc, k: Knowledge): boolean {
  const anchors = k.anchors ??= anchorsOf(k);
  if (anchors.names.length > 31) return true; // more anchor actions than bits: no gate
  let granted = 0;
  for (const s of policy.statements) {
    if (!s.isObject || !s.isAllow) continue;
    if (!s.get('Action') && s.get('NotAction')) return true;
    for (const item of s.actionItems()) {
      granted |= anchorMask(anchors, item.value);
      if (isDangerous(anchors, item.value)) return true;
    }
  }
  return granted !== 0 && anchors.classes.some((groups) => groups.every((g) => (granted & g) !== 0));
}

/** Does an Action entry match a dangerous power? Remembered per entry text. */
function isDangerous(anchors: Anchors, value: string): boolean {
  const lower = value.toLowerCase();
  let d = anchors.dangerous.get(lower);
  if (d === undefined) {
    const glob = globToRegExp(lower);
    d = anchors.dangerNames.some((name) => glob.test(name));
    if (anchors.dangerous.size >= 5000) anchors.dangerous.clear();
    anchors.dangerous.set(detach(lower), d);
  }
  return d;
}

/**
 * The anchor actions of every class, numbered (bit i = names[i]); per class, the bits of each anchor
 * group; and the dangerous powers' actions (lower case), with the verdict per entry text remembered.
 */
export interface Anchors { names: string[]; classes: number[][]; services: Set<string>; masks: Map<string, number>; dangerNames: string[]; dangerous: Map<string, boolean> }

/** Built once per analyzer (knowledge.ts keeps it). */
function anchorsOf(k: Knowledge): Anchors {
  const names: string[] = [];
  const bit = (lower: string) => { let i = names.indexOf(lower); if (i < 0) { i = names.length; names.push(lower); } return 1 << i; };
  const profiles = k.profiles;
  const classes = profiles.list.map((p) => p.anchors.map((g) => [...g].reduce((m, x) => m | bit(x.lower), 0)));
  const dangerNames = profiles.dangerous.flatMap((d) => [...d.actions].map((x) => x.lower));
  return { names, classes, services: new Set(names.map((x) => x.slice(0, x.indexOf(':')))), masks: new Map(), dangerNames, dangerous: new Map() };
}

/** Which anchor actions an Action entry matches (as a bit mask); remembered per entry text. */
function anchorMask(anchors: Anchors, value: string): number {
  const colon = value.indexOf(':');
  // A pattern of another service matches no anchor (a wildcard service may).
  if (colon >= 0) {
    const svc = value.slice(0, colon).toLowerCase();
    if (!anchors.services.has(svc) && !/[*?]/.test(svc)) return 0;
  }
  const lower = value.toLowerCase();
  let m = anchors.masks.get(lower);
  if (m === undefined) {
    const glob = globToRegExp(lower);
    m = 0;
    anchors.names.forEach((name, i) => { if (glob.test(name)) m! |= 1 << i; });
    if (anchors.masks.size >= 5000) anchors.masks.clear();
    anchors.masks.set(detach(lower), m);
  }
  return m;
}

/** Reports the time since `since` as `phase`; returns the time now. */
function lap(timer: PhaseTimer, phase: string, since: number): number {
  const now = timer.now();
  timer.onPhase(phase, now - since);
  return now;
}

/**
 * Runs a perStatement check on the statements not already seen without a finding (a keystroke
 * changes one statement: the check runs on that one), then remembers the ones it found nothing in.
 */
function runOnUnseen(ctx: Context, check: Check, index: number, policy: PolicyDoc, memo: StatementMemo): void {
  const all = policy.statements;
  const id = (s: Statement) => memo.idOf(ctx.kind, ctx.text, s);
  const todo = all.filter((s) => !memo.isClean(id(s), index));
  const before = ctx.findings.length;
  ctx.policy = todo.length === all.length ? policy : { ...policy, statements: todo };
  try {
    check.run(ctx);
  } catch (e) {
    ctx.findings.push(internalError(ctx.text, e, check.id));
    return;
  } finally {
    ctx.policy = policy;
  }
  // A statement is clean when no finding of this run lies inside it (statements are in text order).
  const found = ctx.findings.slice(before).map((x) => x.offset).sort((a, b) => a - b);
  let f = 0;
  for (const s of todo) {
    const start = s.node.offset;
    const end = start + s.node.length;
    while (f < found.length && found[f] < start) f++;
    if (f < found.length && found[f] < end) continue;
    memo.markClean(id(s), index);
  }
}

/**
 * The context the checks of one analysis share; `check` and `override` name the running check.
 * A class, not an object literal with a `get roles()` accessor: V8 keeps an accessor closure of
 * a literal in the shared hidden class, and through it the whole previous analysis (its tree and
 * model) stayed alive into the next scavenge — measured at about 0.5 MB per 32 KB analysis.
 */
class Context implements CheckContext {
  readonly findings: Finding[] = [];
  check!: Check;
  override: string | undefined;
  private _roles: RoleAnalysis | undefined;
  constructor(
    readonly text: string,
    private readonly k: Knowledge,
    readonly options: AnalysisOptions,
    readonly syntax: CheckContext['syntax'],
    /** The policy; for a perStatement check of an incremental analysis, with a subset of its statements. */
    public policy: PolicyDoc | undefined,
    readonly kind: PolicyKind,
    private readonly incremental: boolean,
    private readonly timer: PhaseTimer | undefined,
  ) {
    this.full = policy;
    this.catalog = k.catalog;
  }
  readonly catalog: Catalog;
  /** The whole policy, whatever `policy` shows the running check. */
  private readonly full: PolicyDoc | undefined;
  /** With a timer: the time role analysis took (it runs inside the first check that asks). */
  rolesMs = 0;
  get roles(): RoleAnalysis {
    if (!this._roles) {
      const r0 = this.timer ? this.timer.now() : 0;
      this._roles = rolesOf(this.full, this.kind, this.k, this.options, this.incremental ? this.text : undefined);
      if (this.timer) this.rolesMs = lap(this.timer, 'roles', r0) - r0;
    }
    return this._roles;
  }
  get rolesIfComputed(): RoleAnalysis | undefined { return this._roles; }
  /** The text holds UNKNOWN values: findings about them are dropped (see aboutUnknown). */
  hasUnknown = false;
  report(r: Report): void {
    if (this.hasUnknown && !r.aroundUnknown && aboutUnknown(r)) return;
    this.findings.push(toFinding(this.check, r, this.override, this.text.length));
  }
}

/**
 * A finding about a value that holds UNKNOWN (a value a host document computes: `${var.region}` in an
 * ARN, `!Ref Actions`) says nothing true about the policy AWS will see: a check cannot judge a value
 * it cannot see. Such a report targets the string itself (or a property whose key or value is one).
 */
function aboutUnknown(r: Report): boolean {
  const n = r.node;
  if (!n) return false;
  if (n.type === 'string') return (n.value as string).includes(UNKNOWN);
  if (n.type === 'property') {
    const k = n.children?.[0];
    const v = n.children?.[1];
    return (k?.type === 'string' && (k.value as string).includes(UNKNOWN)) || (v?.type === 'string' && (v.value as string).includes(UNKNOWN));
  }
  return false;
}

function tooLarge(text: string, options: AnalysisOptions): AnalysisResult {
  const isPolicy = options.force === true || /^\s*(\uFEFF)?\s*\{[\s\S]*"Statement"/.test(text.slice(0, 100000));
  const severity = options.severity?.['policy-too-large'];
  if (!isPolicy || severity === 'off') return { isPolicy, kind: null, findings: [], roles: [] };
  const at = text.indexOf('"Statement"');
  return {
    isPolicy, kind: null, roles: [],
    findings: [{
      code: 'policy-too-large', severity: severity ?? 'error',
      message: `This document has ${text.length.toLocaleString('en-US')} characters, more than the ${MAX_ANALYZED_LENGTH.toLocaleString('en-US')} (1 MiB) this linter analyses: AWS accepts at most 32,768 for a key policy and 10,240 for an IAM policy, so it is not analysed further. Split it into several policies.`,
      offset: at >= 0 ? at : 0, length: at >= 0 ? 11 : Math.min(1, text.length),
    }],
  };
}

/** A broken document that still reads as a policy being typed: `{ "Version": ..., "Statement": [` */
function looksLikePolicyText(text: string): boolean {
  return /^\s*(\uFEFF)?\s*\{[\s\S]*"Statement"/.test(text.slice(0, 100000));
}

function toFinding(check: Check, r: Report, override: string | undefined, textLength: number): Finding {
  let offset = r.node ? r.node.offset : (r.offset ?? 0);
  let length = r.node ? r.node.length : (r.length ?? 0);
  offset = Math.max(0, Math.min(offset, textLength));
  length = Math.max(0, Math.min(length, textLength - offset));
  const f: Finding = {
    code: check.id,
    severity: (override as Finding['severity']) || r.severity || check.defaultSeverity,
    message: r.message,
    offset,
    length,
  };
  if (r.actions && r.actions.length) f.actions = r.actions;
  if (r.fixes && r.fixes.length) f.fixes = r.fixes;
  if (r.tags && r.tags.length) f.tags = r.tags;
  return f;
}

function internalError(text: string, e: unknown, where = 'analysis'): Finding {
  return {
    code: 'internal-error',
    severity: 'error',
    message: `Internal error in ${where}: ${e instanceof Error ? e.message : String(e)}. Please report this with the policy that caused it.`,
    offset: 0,
    length: Math.min(1, text.length),
  };
}

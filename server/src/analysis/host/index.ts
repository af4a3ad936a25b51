/**
 * The host layer's façade: a host file (Terraform, a JSON template, a CloudFormation template) in,
 * per embedded policy its findings, fixes and class verdicts out, all in host-file offsets; and
 * completion and hover at a host offset. The core runs unchanged on each policy's projection.
 *
 * - The readers are the HostAnalyzer's own, given at construction by the edge (which sets up what
 *   they need: tree-sitter, the SAM templates): each says by file name AND content whether a file is
 *   its format, and reads it into embedded policies (types.ts). No registry outlives the analyzer.
 * - Each policy's result is cached by its projected text, the options and its host text: a keystroke
 *   in one policy re-analyses that policy only; the others are shifted to their new place.
 * - Policies with the same `subject` (a role and its inline policies) are judged together for the
 *   class: role findings and verdicts come from the union of their statements, mapped back to each piece
 *   (cached like a policy, by the pieces' texts and relative places).
 * - Variants of one policy (same locator) are analysed one by one and merged by host range.
 */
import type { Analyzer } from '../index';
import { CHECKS_BY_ID } from '../index';
import type { CompletionProposal } from '../complete';
import type { HoverResult } from '../hover';
import { expandSnippet, type HostSnippet } from '../snippets';
import type { AnalysisOptions, AnalysisResult, Edit, Finding, Fix, PolicyKind, RoleVerdict } from '../types';
import { structuralEdits } from './editmap';
import { readTemplateFile } from './jsonTemplate';
import { project, Projection, toHost, toHostExact, toProjected, within } from './project';
import type { EmbeddedPolicy, HostArray, HostObject, HostProblem, HostRange, HostReadResult, HostValue, StructuralEdit } from './types';
import { UNKNOWN } from './types';
import { detach } from '../util/detach';

export * from './types';

/** A reader of one host format. */
export interface HostReader {
  /** `terraform`, `terraform-template`, `cloudformation`. */
  format: string;
  /** Is this file of the format? Decided by name and content (a CloudFormation template by content only). */
  accepts(fileName: string, text: string): boolean;
  /**
   * Reads the file. Never throws. A reader may keep state per file name between calls (the Terraform
   * reader keeps the last syntax tree to re-parse incrementally); `close` drops it.
   */
  read(text: string, fileName: string): HostReadResult;
  /** The file was closed: forget what was kept for it. */
  close?(fileName: string): void;
  /**
   * The word typed at `offset` when a new top-level construct of the format may start there (a
   * Terraform block: outside every block and expression), as its range; else undefined. The host
   * layer then offers the format's snippets (`Analyzer.hostSnippets`). Readers without it get none.
   */
  topLevelWordAt?(text: string, fileName: string, offset: number): HostRange | undefined;
}

/**
 * Names of files that only a host reader may take (Terraform, templates, YAML, CloudFormation's
 * `.template`): when none does, they are not policies, and never analysed as JSON.
 */
export const HOST_FILE_NAME = /\.(tf|tftpl|tpl|ya?ml|template)$/i;

/** `.json.tpl`, `.tftpl`, `.tpl` files holding a JSON policy with Terraform template syntax. */
export const templateReader: HostReader = {
  format: 'terraform-template',
  accepts: (fileName, text) => /\.(tftpl|tpl)$/i.test(fileName) && /^\s*(\uFEFF)?\s*\{/.test(text),
  read: (text) => readTemplateFile(text),
};

/** The first of `readers` that takes a file, or undefined when it is not a host file (standalone JSON policies are not). */
export function hostReaderFor(fileName: string, text: string, readers: readonly HostReader[]): HostReader | undefined {
  for (const r of readers) {
    try { if (r.accepts(fileName, text)) return r; } catch { /* a reader that cannot tell does not take the file */ }
  }
  return undefined;
}

/** One embedded policy's result (variants merged). */
export interface HostPolicyResult {
  /** Where the policy is: `aws_iam_policy.key_store_admin`, `Resources.Role.Policies[0]`. */
  locator: string;
  /** The host range of the policy value. */
  range: HostRange;
  kind: PolicyKind | null;
  keyStoreKey?: boolean;
  subject?: string;
  /** The subject's policies judged together with this one (their locators), when more than one. */
  judgedWith?: string[];
  /** Why the policy is partly unknown beyond its computed values (from the reader). */
  partlyUnknown?: string;
  variants?: string[];
  /** Findings in host offsets; fixes edit the host text. */
  findings: Finding[];
  /** Class verdicts in host offsets. */
  roles: RoleVerdict[];
}

export interface HostAnalysis {
  format: string;
  policies: HostPolicyResult[];
  /** Every finding of every policy and the reader's problems (as `json-syntax`), sorted, without duplicates. */
  findings: Finding[];
  problems: HostProblem[];
}

interface Cached { base: number; findings: Finding[]; roles: RoleVerdict[]; kind: PolicyKind | null }

/** Bound of the per-policy cache (entries); cleared whole when reached. */
const MAX_CACHED = 2000;

export class HostAnalyzer {
  private cache = new Map<string, Cached>();
  /**
   * `readers`: the formats this analyzer reads, the first that takes a file reads it. A reader that
   * keeps state per file (Terraform's syntax trees) should be this analyzer's alone.
   */
  constructor(private readonly analyzer: Analyzer, private readonly readers: readonly HostReader[]) {}

  /** The reader for a file, or undefined when it is no host file. */
  readerFor(fileName: string, text: string): HostReader | undefined { return hostReaderFor(fileName, text, this.readers); }

  /** The file was closed (the editor's document): readers forget what they kept for it. */
  close(fileName: string): void {
    for (const r of this.readers) { try { r.close?.(fileName); } catch { /* nothing kept */ } }
  }

  /** Reads a host file; undefined when it is none. */
  read(text: string, fileName: string): HostReadResult | undefined {
    const reader = this.readerFor(fileName, text);
    if (!reader) return undefined;
    try { return reader.read(text, fileName); } catch { return { format: reader.format, policies: [], problems: [] }; }
  }

  /** Analyses every policy of a host file; undefined when the file is no host file. Never throws. */
  analyze(text: string, fileName: string, options: AnalysisOptions = {}): HostAnalysis | undefined {
    const read = this.read(text, fileName);
    // A reader that took the file by a cheap test may still find it is none (format null).
    if (!read || read.format === null) return undefined;
    return this.analyzeRead(text, read, options);
  }

  analyzeRead(text: string, read: HostReadResult, options: AnalysisOptions = {}): HostAnalysis {
    const format = read.format ?? 'unknown';
    const results = new Map<string, HostPolicyResult>();
    const groups = subjectGroups(read.policies);
    for (const p of read.policies) {
      const grouped = groups.get(p)!;
      let r: Cached;
      try {
        r = this.policyResult(text, p, grouped.length > 1 ? { ...options, role: null } : options);
      } catch (e) {
        r = { base: p.range.offset, kind: null, roles: [], findings: [internalError(p.range, e)] };
      }
      const prev = results.get(p.locator);
      if (!prev) {
        const entry: HostPolicyResult = { locator: p.locator, range: p.range, kind: r.kind, findings: r.findings.slice(), roles: r.roles.slice() };
        if (p.keyStoreKey) entry.keyStoreKey = true;
        if (p.subject) entry.subject = p.subject;
        if (p.partlyUnknown) entry.partlyUnknown = p.partlyUnknown;
        if (p.variant) entry.variants = [p.variant];
        if (grouped.length > 1) entry.judgedWith = grouped.filter((q) => q !== p).map((q) => q.locator);
        results.set(p.locator, entry);
      } else {
        // A variant: merge by host range.
        if (p.variant) (prev.variants ??= []).push(p.variant);
        mergeFindings(prev.findings, r.findings);
        for (const v of r.roles) if (!prev.roles.some((x) => x.role === v.role && x.offset === v.offset && x.principal === v.principal)) prev.roles.push(v);
      }
    }
    // Subjects judged together.
    const done = new Set<EmbeddedPolicy[]>();
    for (const group of groups.values()) {
      if (group.length < 2 || done.has(group)) continue;
      done.add(group);
      if (options.role === null) continue;
      try {
        const { findings, roles } = this.unionResult(text, group, options);
        for (const p of group) {
          const entry = results.get(p.locator)!;
          const end = p.range.offset + p.range.length;
          mergeFindings(entry.findings, findings.filter((f) => f.offset >= p.range.offset && f.offset < end));
          for (const v of roles) entry.roles.push(v);
        }
      } catch (e) {
        const entry = results.get(group[0].locator)!;
        entry.findings.push(internalError(group[0].range, e));
      }
    }
    const all: Finding[] = [];
    const seen = new Set<string>();
    for (const r of results.values()) { r.findings.sort(byPlace); mergeFindings(all, r.findings, seen); }
    const syntax = options.severity?.['json-syntax'];
    if (syntax !== 'off') {
      for (const pr of read.problems) all.push({ code: 'json-syntax', severity: (syntax as Finding['severity']) ?? 'error', message: pr.message, offset: pr.offset, length: pr.length });
    }
    all.sort(byPlace);
    return { format, policies: [...results.values()], findings: all, problems: read.problems };
  }

  /** One policy: cached by projected text, options, and its host text (shifted when it moved). */
  private policyResult(text: string, p: EmbeddedPolicy, options: AnalysisOptions): Cached {
    const opts = policyOptions(p, options);
    const slice = text.slice(p.range.offset, p.range.offset + p.range.length);
    const lineStart = text.lastIndexOf('\n', p.range.offset - 1) + 1;
    // A policy whose every node lies in its range is a function of its host text: keyed by that text,
    // a policy the keystroke did not touch is found without projecting it again. Otherwise (a
    // document merged from elsewhere in the file) its projection is part of the key.
    const own = p.selfContained === true || within(p.value, p.range.offset, p.range.offset + p.range.length);
    const projected = own ? undefined : project(p.value, text);
    const key = JSON.stringify(opts) + '\u0001' + p.syntax + '\u0001' + (p.writer ? 'w' : '') + '\u0001' + text.slice(lineStart, p.range.offset) + '\u0001' + slice + '\u0001' + (p.variant ?? '') + '\u0001' + (projected?.text ?? '');
    const hit = this.cache.get(key);
    if (hit) return shift(hit, p.range.offset);
    const projection = projected ?? project(p.value, text);
    const result = this.analyzer.analyze(projection.text, opts);
    const mapped = mapResult(text, projection, result, (edits) => writeFix(text, p.value, projection.text, edits, (changes) => p.writer?.write(text, changes)));
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    // Cached strings are copies: a slice of the document would keep the whole version alive.
    const entry: Cached = { base: p.range.offset, findings: mapped.findings, roles: mapped.roles, kind: result.kind };
    this.cache.set(detach(key), entry);
    return entry;
  }

  /** The role findings and verdicts of a subject's policies judged together. */
  private unionResult(text: string, group: EmbeddedPolicy[], options: AnalysisOptions): { findings: Finding[]; roles: RoleVerdict[] } {
    // Cached like a policy when every piece is a function of its host text: keyed by the pieces'
    // texts and their places relative to the first (an edit elsewhere moves them all alike).
    const base = group[0].range.offset;
    let key: string | undefined = JSON.stringify(options) + '\u0002union';
    for (const p of group) {
      if (p.selfContained !== true && !within(p.value, p.range.offset, p.range.offset + p.range.length)) { key = undefined; break; }
      const lineStart = text.lastIndexOf('\n', p.range.offset - 1) + 1;
      key += '\u0001' + (p.range.offset - base) + '\u0001' + p.syntax + (p.writer ? 'w' : '') + '\u0001' + text.slice(lineStart, p.range.offset) + '\u0001' + text.slice(p.range.offset, p.range.offset + p.range.length);
    }
    if (key !== undefined) {
      const hit = this.cache.get(key);
      if (hit) return shift(hit, base);
    }
    const r = this.unionUncached(text, group, options);
    if (key !== undefined) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(detach(key), { base, kind: 'identity', findings: r.findings, roles: r.roles });
    }
    return r;
  }

  private unionUncached(text: string, group: EmbeddedPolicy[], options: AnalysisOptions): { findings: Finding[]; roles: RoleVerdict[] } {
    const statements: HostValue[] = [];
    for (const p of group) {
      const s = p.value.type === 'object' ? p.value.props.find((x) => x.key === 'Statement')?.value : undefined;
      if (!s) continue;
      if (s.type === 'array') statements.push(...s.items); else statements.push(s);
    }
    const first = group[0].range;
    const array: HostArray = { type: 'array', offset: first.offset, length: 0, items: statements };
    const root: HostObject = {
      type: 'object', offset: first.offset, length: first.length, props: [
        { key: 'Version', offset: first.offset, length: 0, keyOffset: first.offset, keyLength: 0, value: { type: 'string', offset: first.offset, length: 0, parts: [{ kind: 'text', text: '2012-10-17', offset: first.offset, length: 0, exact: false }] } },
        { key: 'Statement', offset: first.offset, length: 0, keyOffset: first.offset, keyLength: 0, value: array },
      ],
    };
    const projection = project(root, text);
    const result = this.analyzer.analyze(projection.text, { ...options, kind: 'identity', force: true });
    const roleOnly: AnalysisResult = { ...result, findings: result.findings.filter((f) => CHECKS_BY_ID.get(f.code)?.category === 'role') };
    const write = (edits: Edit[]) => {
      const changes = structuralEdits(root, projection.text, edits);
      if (!changes) return undefined;
      // Per piece: an append to the union's statement list goes to the last piece whose Statement is a list.
      const byPiece = new Map<EmbeddedPolicy, StructuralEdit[]>();
      for (const c of changes) {
        let piece: EmbeddedPolicy | undefined;
        let change = c;
        if (c.op === 'insert-items' && c.array === array) {
          piece = [...group].reverse().find((p) => p.value.type === 'object' && p.value.props.find((x) => x.key === 'Statement')?.value.type === 'array');
          const target = piece && (piece.value as HostObject).props.find((x) => x.key === 'Statement')!.value as HostArray;
          if (!target) return undefined;
          change = { ...c, array: target, index: target.items.length };
        } else if (c.op === 'remove-item' && c.array === array) {
          return undefined;
        } else {
          const at = c.op === 'replace' ? c.target : c.op === 'remove-item' || c.op === 'insert-items' ? c.array : c.object;
          piece = group.find((p) => at.offset >= p.range.offset && at.offset + at.length <= p.range.offset + p.range.length);
        }
        if (!piece) return undefined;
        const list = byPiece.get(piece) ?? [];
        list.push(change);
        byPiece.set(piece, list);
      }
      const out: Edit[] = [];
      for (const [piece, list] of byPiece) {
        const e = piece.writer?.write(text, list);
        if (!e) return undefined;
        out.push(...e);
      }
      return out;
    };
    return mapResult(text, projection, roleOnly, (edits) => write(edits));
  }

  /** Completion at a host offset inside a policy (proposals whose range maps exactly to the host). */
  complete(text: string, fileName: string, offset: number, options: AnalysisOptions = {}): CompletionProposal[] {
    try {
      const read = this.read(text, fileName);
      if (!read) return [];
      if (!read.policies.some((p) => offset >= p.range.offset && offset <= p.range.offset + p.range.length)) return this.topLevelSnippets(text, fileName, offset, options);
      const at = this.policyAt(text, fileName, offset, read);
      if (!at) return [];
      const { policy, projection, projected } = at;
      const opts = policyOptions(policy, options);
      const out: CompletionProposal[] = [];
      for (const p of this.analyzer.complete(projection.text, projected, opts)) {
        if (p.snippet && p.kind === 'snippet' && policy.syntax !== 'json') continue;
        const replace = toHostExact(projection, p.replace.offset, p.replace.length);
        if (!replace) continue;
        out.push({ ...p, replace });
      }
      return out;
    } catch {
      return [];
    }
  }

  /** Hover at a host offset inside a policy. */
  hover(text: string, fileName: string, offset: number, options: AnalysisOptions = {}): HoverResult | undefined {
    try {
      const at = this.policyAt(text, fileName, offset);
      if (!at) return undefined;
      const h = this.analyzer.hover(at.projection.text, at.projected, options);
      if (!h) return undefined;
      const r = toHost(at.projection, h.offset, h.length);
      return { markdown: h.markdown.split(UNKNOWN).join('…'), offset: r.offset, length: r.length };
    } catch {
      return undefined;
    }
  }

  /** "Fix all" of every policy of a host file: host edits, or [] when nothing is safe to fix. */
  fixAll(text: string, fileName: string, options: AnalysisOptions = {}): Edit[] {
    const read = this.read(text, fileName);
    if (!read) return [];
    const out: Edit[] = [];
    const seen = new Set<string>();
    for (const p of read.policies) {
      if (!p.writer || p.variant || seen.has(p.locator)) continue;
      seen.add(p.locator);
      try {
        const projection = project(p.value, text);
        const opts = policyOptions(p, options);
        const fixed = this.analyzer.fixAllText(projection.text, opts);
        if (fixed === projection.text) continue;
        const edits = writeFix(text, p.value, projection.text, [{ offset: 0, length: projection.text.length, newText: fixed }], (c) => p.writer?.write(text, c));
        if (edits && !edits.some((e) => out.some((o) => e.offset < o.offset + o.length && o.offset < e.offset + e.length))) out.push(...edits);
      } catch { /* that policy is not fixed */ }
    }
    return out;
  }

  /**
   * The format's snippets (`Analyzer.hostSnippets`) where its reader says a new top-level construct
   * may start (a Terraform block outside every block and expression), replacing the word typed; the
   * pinned class's first.
   */
  private topLevelSnippets(text: string, fileName: string, offset: number, options: AnalysisOptions): CompletionProposal[] {
    const reader = this.readerFor(fileName, text);
    const word = reader?.topLevelWordAt?.(text, fileName, offset);
    if (!reader || !word) return [];
    const list = this.analyzer.hostSnippets.filter((s) => s.format === reader.format);
    const rank = (s: HostSnippet) => (options.role && s.role === options.role ? 0 : 1);
    return list.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }, i) => {
      const title = s.role ? this.analyzer.classTitle(s.role) : undefined;
      return {
        label: s.prefix, kind: 'snippet' as const, detail: s.name,
        documentation: `${s.description}${title ? `\n\nPrincipal class: **${title}**.` : ''}\n\n\`\`\`${reader.format === 'terraform' ? 'hcl' : reader.format}\n${expandSnippet(s.body).replace(/\t/g, '  ')}\n\`\`\``,
        insertText: s.body, snippet: true, replace: { offset: word.offset, length: word.length },
        sortText: 's' + String(i).padStart(3, '0'),
      };
    });
  }

  private policyAt(text: string, fileName: string, offset: number, given?: HostReadResult): { policy: EmbeddedPolicy; projection: Projection; projected: number } | undefined {
    const read = given ?? this.read(text, fileName);
    if (!read) return undefined;
    const policy = read.policies.find((p) => offset >= p.range.offset && offset <= p.range.offset + p.range.length);
    if (!policy) return undefined;
    const projection = project(policy.value, text);
    const m = toProjected(projection, offset);
    if (!m) return undefined;
    return { policy, projection, projected: m.offset };
  }
}

/** The options of one embedded policy's analysis: forced, its kind, what is known of its key. */
function policyOptions(p: EmbeddedPolicy, options: AnalysisOptions): AnalysisOptions {
  const opts: AnalysisOptions = { ...options, force: true };
  if (p.kind) opts.kind = p.kind;
  if (p.keyStoreKey && p.kind === 'resource') opts.keyStoreKey = p.keyStoreEvidence ?? 'declared where the key is';
  return opts;
}

/** Policies grouped by subject (identity policies only, no variants); every policy maps to its group (alone: itself). */
function subjectGroups(policies: EmbeddedPolicy[]): Map<EmbeddedPolicy, EmbeddedPolicy[]> {
  const out = new Map<EmbeddedPolicy, EmbeddedPolicy[]>();
  const bySubject = new Map<string, EmbeddedPolicy[]>();
  for (const p of policies) {
    if (p.subject && !p.variant && (p.kind === undefined || p.kind === 'identity')) {
      const g = bySubject.get(p.subject) ?? [];
      g.push(p);
      bySubject.set(p.subject, g);
      out.set(p, g);
    } else out.set(p, [p]);
  }
  return out;
}

/** Host edits for a fix of the projected text; undefined when it cannot be written. */
function writeFix(_text: string, value: HostValue, projected: string, edits: Edit[], write: (changes: StructuralEdit[]) => Edit[] | undefined): Edit[] | undefined {
  const changes = structuralEdits(value, projected, edits);
  if (!changes || changes.length === 0) return undefined;
  const out = write(changes);
  return out && out.length ? out : undefined;
}

/** Maps a core result on the projection to host offsets; fixes are written by `write` (dropped when it cannot). */
function mapResult(text: string, projection: Projection, result: AnalysisResult, write: (edits: Edit[]) => Edit[] | undefined): { findings: Finding[]; roles: RoleVerdict[] } {
  const findings: Finding[] = [];
  for (const f of result.findings) {
    const r = toHost(projection, f.offset, f.length);
    const out: Finding = { ...f, message: readable(f.message), offset: r.offset, length: r.length };
    delete out.fixes;
    const fixes: Fix[] = [];
    for (const fix of f.fixes ?? []) {
      const edits = write(fix.edits);
      if (edits) fixes.push({ ...fix, title: readable(fix.title), edits });
    }
    if (fixes.length) out.fixes = fixes;
    findings.push(out);
  }
  const roles = result.roles.map((v) => {
    const r = toHost(projection, v.offset, v.length);
    const out: RoleVerdict = { ...v, reason: readable(v.reason), offset: r.offset, length: r.length };
    if (v.principal !== undefined) out.principal = readable(v.principal);
    return out;
  });
  void text;
  return { findings, roles };
}

/** Messages show a computed part as "…", not as the private-use character. */
function readable(s: string): string {
  return s.includes(UNKNOWN) ? s.split(UNKNOWN).join('…') : s;
}

function shift(c: Cached, offset: number): Cached {
  const d = offset - c.base;
  if (d === 0) return c;
  const moveEdits = (fixes: Fix[] | undefined) => fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, offset: e.offset + d })) }));
  return {
    base: offset, kind: c.kind,
    findings: c.findings.map((f) => { const g: Finding = { ...f, offset: f.offset + d }; if (f.fixes) g.fixes = moveEdits(f.fixes); return g; }),
    roles: c.roles.map((v) => ({ ...v, offset: v.offset + d })),
  };
}

/** Appends the findings of `more` not already in `into`; `seen` (the keys of `into`) when the caller keeps it across calls. */
function mergeFindings(into: Finding[], more: Finding[], seen: Set<string> = new Set(into.map(findingKey))): void {
  const key = findingKey;
  for (const f of more) {
    const k = key(f);
    if (seen.has(k)) continue;
    seen.add(k);
    into.push(f);
  }
}

function findingKey(f: Finding): string {
  return `${f.code}\u0001${f.offset}\u0001${f.length}\u0001${f.message}`;
}

function byPlace(a: Finding, b: Finding): number {
  return a.offset - b.offset || a.code.localeCompare(b.code);
}

function internalError(range: HostRange, e: unknown): Finding {
  return { code: 'internal-error', severity: 'error', message: `Internal error while analysing this policy: ${e instanceof Error ? e.message : String(e)}. Please report it.`, offset: range.offset, length: Math.min(range.length, 1) };
}

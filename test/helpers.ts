/**
 * Shared helpers of the unit tier: the catalog, one-call analysis, and a data-driven harness for
 * checks (valid / invalid cases, exact ranges, and every offered fix applied and verified).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, AnalysisOptions, AnalysisResult, Analyzer, AnalyzerOptions, Catalog, createAnalyzer, Finding, Knowledge, prepareData, PreparedData } from '../server/src/analysis';
import { POLICY_DATA } from '../server/src/policyData';
import { readCatalog } from '../server/src/catalogData';
import { applyEdits } from '../server/src/analysis/edits';
import { expandSnippet } from '../server/src/analysis/snippets';
import type { CompletionProposal } from '../server/src/analysis/types';
import { parseTree } from 'jsonc-parser';
import { CHECKS_BY_ID } from '../server/src/analysis';
import type { CheckContext, Report } from '../server/src/analysis/check';
import { buildPolicy } from '../server/src/analysis/policy';
import { analyzeRoles } from '../server/src/analysis/roles/analysis';

export const ROOT = path.join(__dirname, '..');

/** Network modules, as they appear in source and in bundles (the trust tests look for them). */
export const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'undici'];
let catalog: Catalog | undefined;

/** The generated catalog (server/generated/, both parts, as the bundles read theirs). */
export function getCatalog(): Catalog {
  catalog ??= readCatalog(path.join(ROOT, 'server', 'generated'));
  return catalog;
}

let data: PreparedData | undefined;
let knowledge: Knowledge | undefined;

/** The policy data as the edges load it (server/src/policyData.ts), prepared once. */
export function getData(): PreparedData {
  data ??= prepareData(POLICY_DATA);
  return data;
}

/** The catalog and the data, for tests that call the core's functions directly (shared, not incremental). */
export function getKnowledge(): Knowledge {
  knowledge ??= new Knowledge(getCatalog(), getData());
  return knowledge;
}

/** A new analyzer of the generated catalog and the policy data. */
export function newAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  return createAnalyzer(getCatalog(), getData(), options);
}

export function run(text: string, options: AnalysisOptions = {}): AnalysisResult {
  return analyze(getKnowledge(), text, options);
}

export function findings(text: string, options: AnalysisOptions = {}, code?: string): Finding[] {
  const all = run(text, options).findings;
  return code ? all.filter((f) => f.code === code) : all;
}

/** A policy document from statements (objects or JSON text). */
export function policy(...statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export interface InvalidCase {
  name?: string;
  text: string;
  options?: AnalysisOptions;
  /** How many findings of the check (default 1). */
  count?: number;
  /** The exact text each finding's range covers, in order. */
  ranges?: string[];
  /** Substrings the (first) message must contain. */
  message?: Array<string | RegExp>;
  /** The actions the (first) finding names. */
  actions?: string[];
  /** The title of a fix that must be offered, and the text after applying it. */
  fix?: { title: string | RegExp; output?: string };
}

export interface ValidCase { name?: string; text: string; options?: AnalysisOptions }

/**
 * Declares the tests of one check: valid cases give no finding of it; invalid cases give exactly the
 * expected findings; every fix offered on an invalid case yields valid JSON and removes that finding.
 */
export function checkCases(code: string, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  cases.valid.forEach((c, i) => {
    const v = typeof c === 'string' ? { text: c } : c;
    test(`${code}: valid ${v.name ?? i + 1}`, () => {
      const got = findings(v.text, v.options, code);
      assert.deepEqual(got.map((f) => f.message), [], `expected no ${code} findings`);
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${code}: invalid ${c.name ?? i + 1}`, () => {
      const got = findings(c.text, c.options, code);
      assert.equal(got.length, c.count ?? 1, `expected ${c.count ?? 1} ${code} finding(s), got: ${JSON.stringify(got.map((f) => f.message))}`);
      if (c.ranges) assert.deepEqual(got.map((f) => c.text.slice(f.offset, f.offset + f.length)), c.ranges);
      for (const m of c.message ?? []) {
        if (typeof m === 'string') assert.ok(got[0].message.includes(m), `message "${got[0].message}" lacks "${m}"`);
        else assert.match(got[0].message, m);
      }
      if (c.actions) assert.deepEqual(got[0].actions, c.actions);
      if (c.fix) {
        const fix = got[0].fixes?.find((f) => typeof c.fix!.title === 'string' ? f.title === c.fix!.title : c.fix!.title.test(f.title));
        assert.ok(fix, `fix ${c.fix.title} not offered; offered: ${JSON.stringify(got[0].fixes?.map((f) => f.title))}`);
        const out = applyEdits(c.text, fix.edits);
        if (c.fix.output !== undefined) assert.equal(out, c.fix.output);
      }
      for (const f of got) verifyFixes(c.text, f, c.options);
    });
  });
}

/** Every fix of `finding` applied to `text` gives JSON that parses and no longer has that finding. */
export function verifyFixes(text: string, finding: Finding, options: AnalysisOptions = {}): void {
  for (const fix of finding.fixes ?? []) {
    const out = applyEdits(text, fix.edits);
    const after = findings(out, options);
    assert.ok(!after.some((f) => f.code === 'json-syntax' && f.severity === 'error') || finding.code === 'json-syntax' && after.filter((f) => f.code === 'json-syntax').length < findings(text, options, 'json-syntax').length,
      `fix "${fix.title}" broke the JSON:\n${out}`);
    const same = after.filter((f) => f.code === finding.code && f.message === finding.message);
    assert.ok(same.length < findings(text, options).filter((f) => f.code === finding.code && f.message === finding.message).length,
      `fix "${fix.title}" did not remove the ${finding.code} finding:\n${out}`);
  }
}

/**
 * Runs one check directly on a tolerant parse of `text`, even when the JSON is broken (the analyzer
 * itself skips checks then). This reaches the half-typed states a language server sees, e.g. a
 * property without a value yet (`"Effect": ,`). Returns what the check reported; throws if it throws.
 */
export function runCheckOnTree(code: string, text: string, options: AnalysisOptions = {}): Report[] {
  const check = CHECKS_BY_ID.get(code);
  if (!check) throw new Error(`no check ${code}`);
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const policy = root && root.type === 'object' ? buildPolicy(root, options.kind) : undefined;
  const kind = policy?.kind ?? options.kind ?? 'identity';
  const reports: Report[] = [];
  const ctx: CheckContext = {
    text, catalog: getCatalog(), options, syntax: [], policy, kind,
    get roles() { return analyzeRoles(policy, kind, getKnowledge(), options); },
    report: (r) => { reports.push(r); },
  };
  check.run(ctx);
  return reports;
}

/**
 * Applies a proposal the way an editor does: the range replaced by the insert text, snippet placeholders
 * left at their default text, lines after the first indented like the line of the range start, and tabs
 * as `indentUnit`. For the tests; the editor does this itself.
 */
export function applyProposal(text: string, p: CompletionProposal, indentUnit = '  '): string {
  const raw = p.snippet ? expandSnippet(p.insertText) : p.insertText;
  const lineStart = text.lastIndexOf('\n', p.replace.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, p.replace.offset))![0];
  const inserted = raw.split('\n').map((line, i) => {
    const lead = /^\t*/.exec(line)![0];
    const body = indentUnit.repeat(lead.length) + line.slice(lead.length);
    return i === 0 ? body : indent + body;
  }).join('\n');
  return text.slice(0, p.replace.offset) + inserted + text.slice(p.replace.offset + p.replace.length);
}

/**
 * The properties every input must satisfy ("never breaks, never lies"), as functions that throw an
 * AssertionError naming the input when one is violated. Used by the fixed-seed unit run
 * (test/unit/properties.test.ts) and the long fuzz run (test/fuzz/properties.test.ts).
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { analyze, AnalysisOptions, AnalysisResult, CHECKS, createAnalyzer, Edit } from '../../server/src/analysis';
import { complete } from '../../server/src/analysis/complete';
import { hover } from '../../server/src/analysis/hover';
import { getCatalog, getData, getKnowledge } from '../helpers';

const catalog = getCatalog();
const incremental = createAnalyzer(catalog, getData(), { incremental: true });
const CODES = new Set(CHECKS.map((c) => c.id));
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** Short, printable description of an input for failure messages (JSON-escaped, capped). */
export function show(text: string, max = 600): string {
  const s = JSON.stringify(text);
  return s.length <= max ? s : `${s.slice(0, max)}… (${text.length} chars)`;
}

export function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/** Problems with a list of edits against a text of length `len`: out of range, or overlapping (two edits at one offset count as overlapping: their order would be ambiguous). */
export function editProblems(edits: Edit[], len: number): string[] {
  const out: string[] = [];
  for (const e of edits) {
    if (!isInt(e.offset) || !isInt(e.length) || typeof e.newText !== 'string') out.push(`malformed edit ${JSON.stringify(e)}`);
    else if (e.offset < 0 || e.length < 0 || e.offset + e.length > len) out.push(`edit ${JSON.stringify({ offset: e.offset, length: e.length })} outside the document (length ${len})`);
  }
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.offset < a.offset + a.length || b.offset === a.offset) out.push(`edits overlap: ${JSON.stringify({ offset: a.offset, length: a.length })} and ${JSON.stringify({ offset: b.offset, length: b.length })}`);
  }
  return out;
}

/**
 * Wall time of `fn` in ms. When a run exceeds `boundMs`, it is measured twice more and the fastest run
 * counts: a garbage collection or another process on a busy 2-core machine must not fail the bound,
 * while an input that is really slow is slow every time.
 */
export function timed<T>(fn: () => T, boundMs: number): { value: T; ms: number } {
  let t0 = performance.now();
  const value = fn();
  let ms = performance.now() - t0;
  for (let retry = 0; retry < 2 && ms >= boundMs; retry++) {
    t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { value, ms };
}

export interface AnalysisCheck { result: AnalysisResult; ms: number; fixes: number }

/**
 * analyze() on `text`: no exception, no internal-error finding, every finding well-formed and inside
 * the document, every fix's edits inside the document and not overlapping, role verdicts inside the
 * document, deterministic (a second run gives the same result), and within `boundMs` (inputs of
 * 50,000 characters or more only need to finish within 20 times the bound).
 */
export function checkAnalysis(text: string, options: AnalysisOptions, boundMs: number): AnalysisCheck {
  const what = () => `input ${show(text)} options ${JSON.stringify(options)}`;
  const bound = text.length < 50_000 ? boundMs : boundMs * 20;
  let result: AnalysisResult;
  let ms: number;
  try {
    const t0 = performance.now();
    result = analyze(getKnowledge(), text, options);
    ms = performance.now() - t0;
  } catch (e) {
    assert.fail(`analyze threw ${e instanceof Error ? e.stack : String(e)} on ${what()}`);
  }
  const internal = result.findings.filter((f) => f.code === 'internal-error');
  assert.deepEqual(internal.map((f) => f.message), [], `internal error on ${what()}`);
  // Over the bound: measured twice more, the fastest run counts (see timed()).
  if (ms >= bound) ms = Math.min(ms, timed(() => analyze(getKnowledge(), text, options), bound).ms);
  assert.ok(ms < bound, `analyze took ${ms.toFixed(0)} ms (bound ${bound} ms) on ${what()}`);
  let fixes = 0;
  for (const f of result.findings) {
    const where = `finding ${f.code} "${f.message}" at ${f.offset}+${f.length} on ${what()}`;
    assert.ok(CODES.has(f.code), `unknown code: ${where}`);
    assert.ok(SEVERITIES.has(f.severity), `bad severity ${f.severity}: ${where}`);
    assert.ok(typeof f.message === 'string' && f.message.trim().length > 0, `empty message: ${where}`);
    assert.ok(isInt(f.offset) && isInt(f.length) && f.offset >= 0 && f.length >= 0 && f.offset + f.length <= text.length, `range outside the document (length ${text.length}): ${where}`);
    if (options.severity?.[f.code] === 'off') assert.fail(`a check turned off reported: ${where}`);
    for (const fix of f.fixes ?? []) {
      assert.ok(typeof fix.title === 'string' && fix.title.trim().length > 0, `fix without a title: ${where}`);
      assert.ok(Array.isArray(fix.edits) && fix.edits.length > 0, `fix "${fix.title}" has no edits: ${where}`);
      assert.deepEqual(editProblems(fix.edits, text.length), [], `fix "${fix.title}": ${where}`);
      fixes++;
    }
  }
  for (const v of result.roles) {
    assert.ok(isInt(v.offset) && isInt(v.length) && v.offset >= 0 && v.length >= 0 && v.offset + v.length <= text.length, `role verdict ${JSON.stringify(v)} outside the document on ${what()}`);
  }
  if (!result.isPolicy) assert.deepEqual(result.findings, [], `a non-policy has findings on ${what()}`);
  const again = analyze(getKnowledge(), text, options);
  assert.equal(JSON.stringify(again), JSON.stringify(result), `two runs differ on ${what()}`);
  // The editor's incremental analyzer, which has seen every earlier input of the run (mutations of
  // the same bases: its memo hits, fills up and is cleared), answers the same.
  assert.equal(JSON.stringify(incremental.analyze(text, options)), JSON.stringify(result), `the incremental analyzer differs on ${what()}`);
  return { result, ms, fixes };
}

/**
 * complete() and hover() at each offset: no exception; completion replacement ranges inside the
 * document, on one line, and containing the cursor; hover ranges inside the document and containing
 * the cursor. With `outside`, also offsets -1 and length+1, which must give no proposals. Returns the
 * number of requests made.
 */
export function checkEditorFeatures(text: string, offsets: number[], options: AnalysisOptions, boundMs: number, outside = true): number {
  let n = 0;
  for (const offset of outside ? [...offsets, -1, text.length + 1] : offsets) {
    const what = `at offset ${offset} of ${show(text)}`;
    let proposals: ReturnType<typeof complete>;
    let ms: number;
    try {
      ({ value: proposals, ms } = timed(() => complete(getKnowledge(), text, offset, options), boundMs));
    } catch (e) {
      assert.fail(`complete threw ${e instanceof Error ? e.stack : String(e)} ${what}`);
    }
    assert.ok(ms < boundMs, `complete took ${ms.toFixed(0)} ms (bound ${boundMs}) ${what}`);
    if (offset < 0 || offset > text.length) assert.deepEqual(proposals, [], `proposals outside the document ${what}`);
    for (const p of proposals) {
      const r = p.replace;
      const where = `proposal "${p.label}" replace ${JSON.stringify(r)} ${what}`;
      assert.ok(isInt(r.offset) && isInt(r.length) && r.offset >= 0 && r.length >= 0 && r.offset + r.length <= text.length, `outside the document: ${where}`);
      assert.ok(r.offset <= offset && offset <= r.offset + r.length, `the range does not contain the cursor: ${where}`);
      assert.ok(!/[\r\n]/.test(text.slice(r.offset, r.offset + r.length)), `the range spans lines: ${where}`);
      assert.ok(typeof p.label === 'string' && typeof p.insertText === 'string', `malformed proposal: ${where}`);
    }
    let h: ReturnType<typeof hover>;
    try {
      ({ value: h, ms } = timed(() => hover(getKnowledge(), text, offset, options), boundMs));
    } catch (e) {
      assert.fail(`hover threw ${e instanceof Error ? e.stack : String(e)} ${what}`);
    }
    assert.ok(ms < boundMs, `hover took ${ms.toFixed(0)} ms (bound ${boundMs}) ${what}`);
    if (h) {
      const where = `hover ${JSON.stringify({ offset: h.offset, length: h.length })} ${what}`;
      assert.ok(isInt(h.offset) && isInt(h.length) && h.offset >= 0 && h.length >= 0 && h.offset + h.length <= text.length, `outside the document: ${where}`);
      assert.ok(h.offset <= offset && offset <= h.offset + h.length, `the range does not contain the cursor: ${where}`);
      assert.ok(typeof h.markdown === 'string' && h.markdown.length > 0, `empty hover: ${where}`);
    }
    n += 2;
  }
  return n;
}

/**
 * Runs a fast-check property with `seed`, for `numRuns` runs or until `timeLimitMs` has passed;
 * reports the seed and the number of runs through `t.diagnostic`, and fails with the counterexample,
 * the error and how to reproduce it.
 */
export function runProperty<T>(t: { diagnostic(msg: string): void }, name: string, prop: fc.IProperty<T>, o: { seed: number; numRuns: number; timeLimitMs?: number; reproduce: string }): { numRuns: number } {
  const details = fc.check<T>(prop, { seed: o.seed, numRuns: o.numRuns, plugins: o.timeLimitMs ? [fc.interruptAfterTimeLimit(o.timeLimitMs)] : [] });
  t.diagnostic(`${name}: seed ${o.seed}, ${details.numRuns} runs${details.interrupted ? ' (time limit reached)' : ''}${details.failed ? ', FAILED' : ''}`);
  if (details.failed) {
    const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    assert.fail(`${name}: ${fc.defaultReportMessage(details)}\n${err}\nReproduce: ${o.reproduce}`);
  }
  return details;
}

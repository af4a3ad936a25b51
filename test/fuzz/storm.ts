/**
 * A storm of random edits sent to the running server (dist/server.js) through the protocol-test
 * client (test/lsp/client.ts, reused as is): incremental didChange events with one to three edits,
 * full-content didChange events (which the client has no helper for: fullChange below), and
 * completion, hover and code action requests interleaved without waiting for their answers.
 * Then: the server is alive, has answered every request, answers one more within 1 s, published
 * diagnostics in version order, the last of them for the last version and equal to what the core
 * computes for the final text, never an internal error, and logged no failed handler.
 * Used by test/unit/properties.test.ts (200 edits) and test/fuzz/storm.test.ts (thousands).
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/analysis';
import { getCatalog, getKnowledge } from '../helpers';
import { LspClient } from '../lsp/client';
import type { CodeAction, Diagnostic } from '../lsp/client';
import { ODD_TOKENS, prng } from './arbitraries';

/** A didChange without a range (the whole text), which LspClient has no helper for. Returns the version. */
export async function fullChange(c: LspClient, uri: string, text: string): Promise<number> {
  const doc = c.document(uri);
  const version = doc.version + 1;
  TextDocument.update(doc, [{ text }], version); // updates the client's copy in place
  c.sent.push({ uri, version, at: performance.now() });
  await c.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return version;
}

export interface StormOptions {
  seed: number;
  edits: number;
  uri: string;
  /** Texts to start from, to paste slices of, and to replace the document with. */
  bases: readonly string[];
  /** Options the server uses for this document (for the final comparison with the core). */
  severity?: Record<string, string>;
  /** Pause now and then (ms, at most) so that analyses run in the middle of the storm. */
  maxPauseMs?: number;
  /** Scales how often requests are sent between edits (default 1: about 0.65 requests per edit). */
  requestRate?: number;
  /** Awaited after the last edit, before the final request (storms run side by side wait for each other). */
  beforeFinal?: () => Promise<void>;
}

export interface StormResult {
  edits: number;
  fullChanges: number;
  requests: number;
  publications: number;
  finalVersion: number;
  finalAnswerMs: number;
  finalLength: number;
}

interface Pending { what: string; promise: Promise<unknown> }

/** Runs one storm on a freshly opened document; throws an AssertionError on any violated property. */
export async function storm(c: LspClient, o: StormOptions): Promise<StormResult> {
  const rnd = prng(o.seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pickOf = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const texts = new Map<number, string>();
  const since = c.mark();
  const logsBefore = c.notifications.length;
  const pending: Pending[] = [];
  let fullChanges = 0;

  const start = pickOf(o.bases);
  await c.open(o.uri, start, 'json', 1);
  texts.set(1, start);

  const snippet = (): string => {
    const r = rnd();
    if (r < 0.35) return pickOf(ODD_TOKENS);
    if (r < 0.7) { const b = pickOf(o.bases); const at = int(b.length); return b.slice(at, at + 1 + int(40)); }
    if (r < 0.85) return String.fromCharCode(32 + int(95));
    return '';
  };

  for (let i = 0; i < o.edits; i++) {
    const text = c.text(o.uri);
    let version: number;
    if (rnd() < 0.1) {
      // Whole-document change: another base, the text cut short, or the text doubled.
      const r = rnd();
      const next = r < 0.4 ? pickOf(o.bases) : r < 0.8 ? text.slice(0, int(text.length + 1)) : text + text.slice(0, int(200));
      version = await fullChange(c, o.uri, next);
      fullChanges++;
    } else {
      // One to three non-overlapping edits in one didChange.
      const n = 1 + int(3);
      const cuts = Array.from({ length: n * 2 }, () => int(text.length + 1)).sort((a, b) => a - b);
      const edits = Array.from({ length: n }, (_, k) => ({ offset: cuts[2 * k], length: rnd() < 0.5 ? 0 : Math.min(cuts[2 * k + 1] - cuts[2 * k], 1 + int(20)), newText: snippet() }))
        .filter((e, k, all) => k === 0 || e.offset >= all[k - 1].offset + all[k - 1].length && e.offset !== all[k - 1].offset);
      version = await c.edit(o.uri, edits);
    }
    texts.set(version, c.text(o.uri));

    // Requests, not awaited: they overtake, and are overtaken by, the edits.
    const doc = c.document(o.uri);
    const len = doc.getText().length;
    const rate = o.requestRate ?? 1;
    if (rnd() < 0.25 * rate) pending.push({ what: `completion v${version}`, promise: c.completion(o.uri, int(len + 1)).then((r) => checkCompletion(r)) });
    if (rnd() < 0.2 * rate) pending.push({ what: `hover v${version}`, promise: c.hover(o.uri, int(len + 1)) });
    if (rnd() < 0.2 * rate) {
      // Diagnostics as the client last saw them (often stale: that is the point).
      const last = c.publishedFor(o.uri, since).at(-1);
      const diags: Diagnostic[] = last && rnd() < 0.7 ? last.diagnostics.slice(0, 1 + int(3)) : [];
      const a = doc.positionAt(int(len + 1));
      const b = doc.positionAt(int(len + 1));
      const range = diags[0]?.range ?? (a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a });
      const only = pickOf([undefined, undefined, ['quickfix'], ['source.fixAll'], ['source']]);
      pending.push({ what: `codeAction v${version}`, promise: c.codeAction(o.uri, range, diags, only).then((r) => checkActions(r, o.uri, texts)) });
    }
    if (o.maxPauseMs && rnd() < 0.08) await LspClient.sleep(int(o.maxPauseMs + 1));
  }

  const finalVersion = c.version(o.uri);
  const finalText = c.text(o.uri);
  if (o.beforeFinal) await o.beforeFinal();
  // One more request after the storm, answered within 1 s.
  const t0 = performance.now();
  await c.request('textDocument/hover', { textDocument: { uri: o.uri }, position: { line: 0, character: 0 } }, 1000);
  const finalAnswerMs = performance.now() - t0;
  assert.ok(finalAnswerMs < 1000, `the request after the storm took ${finalAnswerMs.toFixed(0)} ms`);

  // Every request was answered (each one rejects after the client's timeout or if the server dies).
  const outcomes = await Promise.allSettled(pending.map((p) => p.promise));
  const failed = outcomes.map((r, i) => ({ r, what: pending[i].what })).filter((x) => x.r.status === 'rejected');
  assert.deepEqual(failed.map((x) => `${x.what}: ${String((x.r as PromiseRejectedResult).reason)}`), [], 'every request is answered, with a well-formed answer');

  // The last publication is for the last version, and equals the core's analysis of the final text.
  const last = await c.waitForDiagnostics(o.uri, { version: finalVersion, since, timeoutMs: 5000 });
  await LspClient.sleep(300);
  const pubs = c.publishedFor(o.uri, since);
  const versions = pubs.map((p) => p.version ?? -1);
  for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `publications out of version order: ${versions.join(', ')}`);
  assert.equal(pubs.at(-1)?.version, finalVersion, `the last publication is for version ${pubs.at(-1)?.version}, not the last version ${finalVersion}`);
  const expected = analyze(getKnowledge(), finalText, { severity: (o.severity ?? {}) as Record<string, 'off'> });
  const doc = TextDocument.create(o.uri, 'json', finalVersion, finalText);
  const want = expected.findings.map((f) => `${f.code} ${JSON.stringify(doc.positionAt(f.offset))}-${JSON.stringify(doc.positionAt(f.offset + f.length))} ${f.message}`);
  const got = last.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.range.start)}-${JSON.stringify(d.range.end)} ${d.message}`);
  assert.deepEqual(got, want, `the diagnostics of the last version differ from the core's for ${JSON.stringify(finalText).slice(0, 500)}`);
  for (const p of pubs) {
    const internal = p.diagnostics.filter((d) => d.code === 'internal-error');
    assert.deepEqual(internal.map((d) => d.message), [], `internal error in version ${p.version}: ${JSON.stringify(texts.get(p.version ?? -1) ?? '').slice(0, 500)}`);
  }
  const errors = c.notifications.slice(logsBefore).filter((n) => n.method === 'window/logMessage' && (n.params as { type?: number }).type === 1);
  assert.deepEqual(errors.map((n) => JSON.stringify(n.params)), [], 'a handler failed');
  assert.ok(c.alive, `the server died: ${c.stderr}`);
  await c.close(o.uri);
  return { edits: o.edits, fullChanges, requests: pending.length + 1, publications: pubs.length, finalVersion, finalAnswerMs, finalLength: finalText.length };
}

function checkCompletion(r: unknown): void {
  const items = (Array.isArray(r) ? r : (r as { items?: unknown[] } | null)?.items ?? []) as Array<{ label: string; textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } } } }>;
  for (const it of items) {
    const rg = it.textEdit?.range;
    if (!rg) continue;
    if (rg.start.line !== rg.end.line || rg.start.character > rg.end.character) throw new Error(`completion "${it.label}" has a range over lines or reversed: ${JSON.stringify(rg)}`);
  }
}

/** Code action edits are versioned; on the text of that version they lie inside the document and do not overlap. */
function checkActions(r: CodeAction[] | null, uri: string, texts: Map<number, string>): void {
  for (const a of r ?? []) {
    for (const ch of a.edit?.documentChanges ?? []) {
      if (!('textDocument' in ch)) continue;
      const version = ch.textDocument.version;
      if (ch.textDocument.uri !== uri || version === null) throw new Error(`code action "${a.title}" edits ${ch.textDocument.uri} version ${version}`);
      const text = texts.get(version);
      if (text === undefined) throw new Error(`code action "${a.title}" is for version ${version}, which was never sent`);
      const doc = TextDocument.create(uri, 'json', version, text);
      const spans = ch.edits.map((e) => {
        const s = doc.offsetAt(e.range.start);
        const end = doc.offsetAt(e.range.end);
        const inside = JSON.stringify(doc.positionAt(s)) === JSON.stringify(e.range.start) && JSON.stringify(doc.positionAt(end)) === JSON.stringify(e.range.end);
        if (!inside || end < s) throw new Error(`code action "${a.title}": edit range ${JSON.stringify(e.range)} is not inside version ${version} (${text.length} chars)`);
        return [s, end] as const;
      }).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) throw new Error(`code action "${a.title}": overlapping edits`);
    }
  }
}

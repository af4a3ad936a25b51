/**
 * Conversions from the core's offset-based types to LSP types. The only place that knows both.
 */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, DiagnosticTag, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit, Finding, Fix, Severity } from './analysis/types';

export const SOURCE = 'cloudhsm-policy';
import { DOCS_URL } from './links';

const MAX_DATA_ACTIONS = 200;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function range(doc: TextDocument, offset: number, length: number) {
  return { start: doc.positionAt(offset), end: doc.positionAt(offset + length) };
}

export function diagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: range(doc, f.offset, f.length),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `${DOCS_URL}#${f.code}` },
    source: SOURCE,
    message: f.message,
  };
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) d.tags = tags;
  // A wildcard over a whole service can name thousands of actions; the message already lists a few.
  if (f.actions) d.data = { actions: f.actions.length > MAX_DATA_ACTIONS ? f.actions.slice(0, MAX_DATA_ACTIONS) : f.actions, total: f.actions.length };
  return d;
}

export function textEdit(doc: TextDocument, e: Edit): TextEdit {
  return { range: range(doc, e.offset, e.length), newText: e.newText };
}

export function codeAction(doc: TextDocument, fix: Fix, diag: Diagnostic | undefined, kind: string = CodeActionKind.QuickFix): CodeAction {
  const a: CodeAction = {
    title: fix.title,
    kind,
    edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: fix.edits.map((e) => textEdit(doc, e)) }] },
  };
  if (diag) a.diagnostics = [diag];
  if (fix.isPreferred) a.isPreferred = true;
  return a;
}

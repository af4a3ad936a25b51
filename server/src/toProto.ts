/**
 * Conversions from the core's offset-based types to LSP types (`toProto` in rust-analyzer's sense).
 * The only place that knows both worlds: server.ts asks the analyzer and converts here.
 */
import {
  CodeAction, CodeActionKind, CodeLens, CompletionItem, CompletionItemKind, Diagnostic, DiagnosticSeverity, DiagnosticTag, Hover,
  InsertTextFormat, TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, CompletionProposal, Edit, Finding, Fix, HoverResult, ProposalKind, RoleId, RoleVerdict, Severity } from './analysis/types';
import { PIN_ROLE_COMMAND, StatusParams } from './protocol';

export const SOURCE = 'cloudhsm-policy';
import { DOCS_URL } from './links';

const MAX_DATA_ACTIONS = 200;
/** How many verdicts the status notification carries: a key policy can have dozens, the item shows the first. */
const MAX_STATUS_VERDICTS = 5;

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.cloudhsmPolicy';

const COMPLETION_KIND: Record<ProposalKind, CompletionItemKind> = {
  property: CompletionItemKind.Property, value: CompletionItemKind.Value, module: CompletionItemKind.Module,
  function: CompletionItemKind.Function, keyword: CompletionItemKind.Keyword, snippet: CompletionItemKind.Snippet,
  variable: CompletionItemKind.Variable, constant: CompletionItemKind.Constant,
};

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

/** "Fix all" as one code action over the whole document (edits from `Analyzer.fixAll`). */
export function fixAllAction(doc: TextDocument, edits: Edit[]): CodeAction {
  return {
    title: 'Fix all safe CloudHSM policy problems',
    kind: FIX_ALL_KIND,
    edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: edits.map((e) => textEdit(doc, e)) }] },
  };
}

export function completionItem(doc: TextDocument, p: CompletionProposal): CompletionItem {
  return {
    label: p.label,
    kind: COMPLETION_KIND[p.kind],
    detail: p.detail,
    documentation: p.documentation ? { kind: 'markdown', value: p.documentation } : undefined,
    insertTextFormat: p.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: range(doc, p.replace.offset, p.replace.length), newText: p.insertText },
    filterText: p.filterText,
    sortText: p.sortText,
    command: p.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

export function hover(doc: TextDocument, h: HoverResult): Hover {
  return { contents: { kind: 'markdown', value: h.markdown }, range: range(doc, h.offset, h.length) };
}

/** A verdict as a code lens over the subject it is about; clicking it pins a class for the file. */
export function codeLens(doc: TextDocument, r: RoleVerdict, title: string): CodeLens {
  return {
    range: range(doc, r.offset, r.length),
    command: {
      title: `${title}: ${r.requiredGranted}/${r.requiredTotal} required, ${r.excessive} excessive (${r.source})${r.keyStoreKey ? ` · key policy of a key in a CloudHSM key store (${r.keyStoreKey})` : ''}`,
      // Why this class (LSP 3.18 Command.tooltip; VS Code shows it on hover over the lens).
      tooltip: `${r.reason} Click to pin a class for this file.`,
      command: PIN_ROLE_COMMAND,
      arguments: [doc.uri, r.role, r.reason],
    },
  };
}

/** The status notification of a document's analysis. */
export function statusParams(uri: string, result: AnalysisResult, classTitle: (id: RoleId) => string): StatusParams {
  return {
    uri, isPolicy: result.isPolicy, kind: result.kind, total: result.roles.length,
    roles: result.roles.slice(0, MAX_STATUS_VERDICTS).map((r) => ({
      role: r.role, title: classTitle(r.role), source: r.source, reason: r.reason,
      requiredGranted: r.requiredGranted, requiredTotal: r.requiredTotal, excessive: r.excessive, principal: r.principal,
    })),
  };
}

/**
 * The text and JSON reports (SARIF is sarif.ts). Positions: 1-based line:column in text, 0-based
 * LSP positions in JSON.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions, Finding } from '../analysis';
import type { FileReport } from './analyzeFiles';

export function toJson(r: FileReport, options: AnalysisOptions) {
  const doc = TextDocument.create('file:///x', 'json', 0, r.text);
  const role = r.result.roles.length > 0 ? r.result.roles[0].role : (options.role ?? null);
  return {
    file: r.file,
    role: r.result.isPolicy ? role : null,
    diagnostics: r.result.findings.map((f: Finding) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: { start: doc.positionAt(f.offset), end: doc.positionAt(f.offset + f.length) },
      ...(f.actions ? { actions: f.actions } : {}),
    })),
  };
}

export function toText(reports: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0, warnings = 0, others = 0;
  for (const r of reports) {
    const findings = r.result.findings;
    if (!r.result.isPolicy) { lines.push(`${r.file}: not an IAM policy (no top-level "Statement"); skipped`); continue; }
    const roles = r.result.roles;
    const head = roles.length ? `  [${roles.map((v) => `${v.principal ? v.principal + ' -> ' : ''}${v.role} (${v.source}): ${v.requiredGranted}/${v.requiredTotal} required, ${v.excessive} excessive`).join('; ')}]` : '';
    if (findings.length === 0) { lines.push(`${r.file}: ok${head}`); continue; }
    lines.push(`${r.file}${head}`);
    const doc = TextDocument.create('file:///x', 'json', 0, r.text);
    for (const f of findings) {
      const p = doc.positionAt(f.offset);
      lines.push(`  ${p.line + 1}:${p.character + 1}  ${f.severity.padEnd(11)} ${f.message}  [${f.code}]`);
      if (f.severity === 'error') errors++; else if (f.severity === 'warning') warnings++; else others++;
    }
  }
  lines.push('', `${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${others} other finding${others === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

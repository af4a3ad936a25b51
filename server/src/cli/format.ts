/**
 * The text and JSON reports (SARIF is sarif.ts). Positions: 1-based line:column in text, 0-based
 * LSP positions in JSON.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions, Finding } from '../analysis';
import type { FileReport } from './analyzeFiles';
import { HOST_FILE } from './files';

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
    if (!r.result.isPolicy) { lines.push(r.host || HOST_FILE.test(r.file) ? `${r.file}: no embedded IAM policy found; skipped` : `${r.file}: not an IAM policy (no top-level "Statement"); skipped`); continue; }
    if (r.host) { hostText(r, lines, (sev) => { if (sev === 'error') errors++; else if (sev === 'warning') warnings++; else others++; }); continue; }
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

/** `--format json` for a host file: one entry per embedded policy, with its locator and host ranges. */
export function toHostJson(r: FileReport, options: AnalysisOptions) {
  const doc = TextDocument.create('file:///x', 'plaintext', 0, r.text);
  const range = (offset: number, length: number) => ({ start: doc.positionAt(offset), end: doc.positionAt(offset + length) });
  const diagnostic = (f: Finding) => ({ code: f.code, severity: f.severity, message: f.message, range: range(f.offset, f.length), ...(f.actions ? { actions: f.actions } : {}) });
  const host = r.host!;
  const out: Array<Record<string, unknown>> = host.policies.map((p) => ({
    file: r.file,
    format: host.format,
    policy: p.locator,
    range: range(p.range.offset, p.range.length),
    kind: p.kind,
    role: p.roles.length > 0 ? p.roles[0].role : (options.role ?? null),
    ...(p.roles.some((v) => v.partlyUnknown) || p.partlyUnknown ? { partlyUnknown: p.partlyUnknown ?? true } : {}),
    ...(p.keyStoreKey ? { keyStoreKey: true } : {}),
    ...(p.judgedWith ? { judgedWith: p.judgedWith } : {}),
    ...(p.variants ? { variants: p.variants } : {}),
    diagnostics: p.findings.map(diagnostic),
  }));
  // Problems of the host file itself (a heredoc that is not JSON ...) belong to no policy.
  const inPolicies = new Set(host.policies.flatMap((p) => p.findings));
  const loose = host.findings.filter((f) => !inPolicies.has(f) && !host.policies.some((p) => p.findings.some((g) => g.code === f.code && g.offset === f.offset)));
  if (loose.length || out.length === 0) out.push({ file: r.file, format: host.format, policy: null, role: null, diagnostics: loose.map(diagnostic) });
  return out;
}

/** A host file in text: its findings under each embedded policy (and the class verdict of each). */
function hostText(r: FileReport, lines: string[], count: (severity: string) => void): void {
  const doc = TextDocument.create('file:///x', 'plaintext', 0, r.text);
  const host = r.host!;
  lines.push(`${r.file}: ${host.policies.length} embedded polic${host.policies.length === 1 ? 'y' : 'ies'} (${host.format})`);
  const printed = new Set<Finding>();
  const line = (f: Finding, indent: string) => {
    const p = doc.positionAt(f.offset);
    lines.push(`${indent}${p.line + 1}:${p.character + 1}  ${f.severity.padEnd(11)} ${f.message}  [${f.code}]`);
    count(f.severity);
  };
  for (const p of host.policies) {
    const roles = p.roles.length ? `  [${p.roles.map((v) => `${v.principal ? v.principal + ' -> ' : ''}${v.role} (${v.source}${v.partlyUnknown ? ', partly unknown' : ''}): ${v.requiredGranted}/${v.requiredTotal} required, ${v.excessive} excessive`).join('; ')}]` : '';
    lines.push(`  ${p.locator}${p.keyStoreKey ? ' (a key in a CloudHSM key store)' : ''}${p.findings.length ? '' : ': ok'}${roles}`);
    for (const f of p.findings) { line(f, '    '); printed.add(f); }
  }
  for (const f of host.findings) if (!host.policies.some((p) => p.findings.some((g) => g.code === f.code && g.offset === f.offset && g.message === f.message))) line(f, '  ');
}

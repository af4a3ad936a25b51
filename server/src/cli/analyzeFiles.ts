/**
 * One file, checked: its text analysed, and a file that is not UTF-8 reported as a finding of that
 * file (json-syntax: RFC 8259 requires JSON text to be UTF-8, and AWS accepts no other encoding).
 */
import { AnalysisOptions, AnalysisResult, CHECKS_BY_ID, createAnalyzer, Finding } from '../analysis';
import { loadCatalog } from '../catalogData';
import { DecodedInput, describe, HOST_FILE, Input, readInput } from './files';
import { HostAnalysis, HostAnalyzer, type HostReader } from '../analysis/host';
import { POLICY_DATA } from '../policyData';

export interface FileReport {
  file: string; result: AnalysisResult; text: string;
  /** A host file (Terraform, template, CloudFormation): its embedded policies, in host offsets. */
  host?: HostAnalysis;
}

/** A file's report, or the reason it could not be read; neither for a non-policy found in a folder. */
export interface Outcome { report?: FileReport; error?: string }

const ENCODING_CODE = 'json-syntax';

/** Analyses files in order, with one analyzer (the CLI's is not incremental) and the host readers given. */
export function analyzeFiles(files: Input[], options: AnalysisOptions, readers: readonly HostReader[]): Outcome[] {
  const analyzer = createAnalyzer(loadCatalog(), POLICY_DATA);
  const hosts = new HostAnalyzer(analyzer, readers);
  return files.map(({ file, explicit }): Outcome => {
    const name = file === '-' ? '<stdin>' : file;
    let input: DecodedInput;
    try { input = readInput(file); } catch (e) { return { error: `${name}: ${describe(e)}` }; }
    const host = file === '-' ? undefined : hosts.analyze(input.text, file, options);
    if (host) hosts.close(file); // read once: readers need keep nothing for it
    if (host || HOST_FILE.test(file)) {
      // A host file, or a file of a host extension no reader takes (a YAML file that is no template).
      const policies = host?.policies ?? [];
      if (!explicit && policies.length === 0 && !host?.findings.length) return {};
      const findings = host?.findings ?? [];
      for (const f of findings) delete f.fixes;
      for (const p of policies) for (const f of p.findings) delete f.fixes;
      const result: AnalysisResult = { isPolicy: policies.length > 0 || findings.length > 0, kind: null, findings, roles: policies.flatMap((p) => p.roles) };
      return { report: { file: name, result, text: input.text, host } };
    }
    const result = analyzer.analyze(input.text, { ...options, force: explicit || options.role !== undefined && options.role !== null ? true : undefined });
    if (!explicit && !result.isPolicy) return {};
    // The CLI prints no fixes: drop them (they are most of what a worker would copy back).
    for (const f of result.findings) delete f.fixes;
    if (input.invalid) {
      const finding = encodingFinding(input.invalid, options);
      if (finding) {
        const at = result.findings.findIndex((f) => f.offset > finding.offset);
        result.findings.splice(at < 0 ? result.findings.length : at, 0, finding);
      }
    }
    return { report: { file: name, result, text: input.text } };
  });
}

function encodingFinding(invalid: NonNullable<DecodedInput['invalid']>, options: AnalysisOptions): Finding | undefined {
  const level = options.severity?.[ENCODING_CODE] ?? CHECKS_BY_ID.get(ENCODING_CODE)!.defaultSeverity;
  if (level === 'off') return undefined;
  const hex = invalid.byte.toString(16).toUpperCase().padStart(2, '0');
  return {
    code: ENCODING_CODE,
    severity: level,
    message: `Not UTF-8: the byte 0x${hex} at byte offset ${invalid.byteOffset} is not part of a UTF-8 character (shown as \uFFFD), and AWS accepts policy documents in UTF-8 only. Save the file as UTF-8.`,
    offset: invalid.offset,
    length: 1,
  };
}

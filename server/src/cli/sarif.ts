/**
 * SARIF 2.1.0 output in the shape GitHub code scanning accepts: one run, the checks as rules,
 * one result per finding with a physical location (1-based lines and columns).
 */
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Check } from '../analysis/check';
import type { FileReport } from './analyzeFiles';
import { checkDocsUrl, DOCS_URL } from '../links';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function toSarif(reports: FileReport[], checks: readonly Check[]) {
  const rules = checks.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)([a-z])/g, (_, __, x: string) => x.toUpperCase()),
    shortDescription: { text: c.description },
    helpUri: checkDocsUrl(c.id),
    defaultConfiguration: { level: LEVEL[c.defaultSeverity] },
  }));
  const index = new Map(checks.map((c, i) => [c.id, i]));
  const results = [];
  for (const r of reports) {
    const doc = TextDocument.create('file:///x', 'json', 0, r.text);
    const uri = r.file === '<stdin>' ? 'stdin' : path.relative(process.cwd(), r.file).split(path.sep).join('/');
    for (const f of r.result.findings) {
      const s = doc.positionAt(f.offset);
      // In a host file (Terraform, a template, CloudFormation): the embedded policy, by its locator.
      const policy = r.host?.policies.find((p) => f.offset >= p.range.offset && f.offset <= p.range.offset + p.range.length);
      const e = doc.positionAt(f.offset + f.length);
      results.push({
        ruleId: f.code,
        ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
          },
          ...(policy ? { logicalLocations: [{ fullyQualifiedName: policy.locator, kind: 'object' }] } : {}),
        }],
        ...(f.actions ? { properties: { actions: f.actions } } : {}),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cloudhsm-policy-lint', informationUri: DOCS_URL, rules } },
      results,
    }],
  };
}

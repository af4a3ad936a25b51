/**
 * Regenerates the generated parts of README.md (between <!-- codes:start --> and <!-- codes:end -->):
 * the table of check codes and one section per code with its example and the finding it produces.
 * Run: node --import tsx scripts/gen-docs.ts        (--check: exit 1 if README.md is out of date)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog, CatalogData, CHECKS, createAnalyzer, prepareData } from '../server/src/analysis';
import { POLICY_DATA } from '../server/src/policyData';
import { toText } from '../server/src/cli/format';
import { REPOSITORY_URL } from '../server/src/links';

const ROOT = path.join(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const START = '<!-- codes:start -->';
const END = '<!-- codes:end -->';
const DATA = prepareData(POLICY_DATA);
const SNIPPETS = DATA.snippets;
const analyze = (catalog: Catalog, text: string, options: { force: true }) => createAnalyzer(catalog, DATA).analyze(text, options);

export function renderCodes(catalog: Catalog): string {
  const rows = CHECKS.map((c) => `| [\`${c.id}\`](#${c.id}) | ${c.defaultSeverity} | ${c.category} | ${c.description.replace(/\|/g, '\\|')} |`);
  const sections = CHECKS.map((c) => {
    let pretty = c.example;
    try {
      // Examples of JSON-level problems (syntax, duplicate keys) are shown exactly as written.
      const parsed = JSON.parse(c.example);
      if (!/"([^"]+)"\s*:[\s\S]*"\1"\s*:/.test(c.example) || c.id !== 'duplicate-key') pretty = JSON.stringify(parsed, null, 2);
    } catch { /* keep as written */ }
    const lines = pretty.split('\n');
    if (lines.length > 40) pretty = [...lines.slice(0, 30), `  … (${lines.length - 30} more lines: see the check's example in server/src/analysis/checks/${c.id}.ts)`].join('\n');
    const found = analyze(catalog, c.example, { force: true }).findings.filter((f) => f.code === c.id);
    const first = found[0];
    const fixes = first?.fixes?.map((f) => `"${f.title}"`).join(', ');
    return [
      `### ${c.id}`,
      '',
      `${c.description} Default severity: **${c.defaultSeverity}**.`,
      '',
      '```json',
      pretty,
      '```',
      '',
      first ? `> ${c.defaultSeverity === first.severity ? '' : `(${first.severity}) `}${first.message}` : '> (no finding: the example is out of date)',
      ...(fixes ? ['', `Quick fix: ${fixes}.`] : []),
      '',
    ].join('\n');
  });
  return [
    START,
    `${CHECKS.length} checks. The code is the diagnostic's \`code\`, the key for \`cloudhsmPolicy.severity\` and \`--severity\`, and the heading below.`,
    '',
    '| Code | Default | Category | Fires when |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Besides the checks, [`internal-error`](#internal-error) reports a failure of the linter itself.',
    '',
    '## Codes in detail',
    '',
    'Each example is a complete policy that triggers the check; the quoted text is the finding it gets.',
    '',
    ...sections,
    '### internal-error',
    '',
    'Not a check, and no setting turns it off: the linter itself failed on this document (an exception in a check or in the principal class analysis).',
    'The finding sits at the start of the document and says where it happened; every other check still ran and reported. Default severity: **error**.',
    `Please report it, with the document that caused it, at ${REPOSITORY_URL}/issues.`,
    '',
    END,
  ].join('\n');
}

export function renderSnippets(): string {
  const row = (x: (typeof SNIPPETS)[number]) => `| \`${x.prefix}\` | ${x.role ? `\`${x.role}\`` : ''} | ${x.description.replace(/\|/g, '\\|')} |`;
  return [
    '<!-- snippets:start -->',
    'Type a prefix in an empty JSON file for a whole policy, or inside `"Statement": [ ]` for one statement. Each inserted snippet,',
    'placeholders left as they are, gets no finding at all, with the class inferred and pinned (a unit test inserts every one).',
    '',
    '| Whole-document prefix | Class | Inserts |',
    '| --- | --- | --- |',
    ...SNIPPETS.filter((x) => x.scope === 'document').map(row),
    '',
    '| Statement prefix | Class | Inserts |',
    '| --- | --- | --- |',
    ...SNIPPETS.filter((x) => x.scope === 'statement').map(row),
    '<!-- snippets:end -->',
  ].join('\n');
}

function replaceBetween(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${start} markers`);
  return text.slice(0, a) + body + text.slice(b + end.length);
}

/** The CLI's text output for the flawed example, exactly as `node bin/cloudhsm-policy-lint.js` prints it. */
export function renderFlawed(catalog: Catalog): string {
  const file = 'examples/key-store-manager-flawed.json';
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out = toText([{ file, text, result: analyze(catalog, text, { force: true }) }]).trimEnd();
  return ['<!-- flawed:start -->', '```text', `$ node bin/cloudhsm-policy-lint.js ${file}`, out, '```', '<!-- flawed:end -->'].join('\n');
}

export function updatedReadme(text: string, catalog: Catalog): string {
  const withCodes = replaceBetween(text, START, END, renderCodes(catalog));
  const withFlawed = replaceBetween(withCodes, '<!-- flawed:start -->', '<!-- flawed:end -->', renderFlawed(catalog));
  return replaceBetween(withFlawed, '<!-- snippets:start -->', '<!-- snippets:end -->', renderSnippets());
}

if (require.main === module) {
  const catalog = new Catalog(JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'generated', 'catalog.json'), 'utf8')) as CatalogData);
  const cur = fs.readFileSync(README, 'utf8');
  const next = updatedReadme(cur, catalog);
  if (process.argv.includes('--check')) {
    if (cur !== next) { console.error('README.md codes section is out of date: run npm run docs'); process.exit(1); }
  } else fs.writeFileSync(README, next);
}

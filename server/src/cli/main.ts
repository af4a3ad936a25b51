/**
 * The CLI (`cloudhsm-policy-lint`): the same analysis as the language server, for CI. The entry:
 * arguments (args.ts) → files (files.ts) → analysis, in worker threads for large runs (pool.ts,
 * analyzeFiles.ts) → text/JSON (format.ts) or SARIF (sarif.ts).
 * Exit codes: 0 no error-severity finding; 1 at least one; 2 usage error or unreadable input.
 */
import { isMainThread, workerData } from 'worker_threads';
import { CHECKS } from '../analysis';
import { loadCatalog } from '../catalogData';
import { parseArgs, USAGE, UsageError } from './args';
import { analyzeFiles, FileReport } from './analyzeFiles';
import { expand, Input } from './files';
import { toHostJson, toJson, toText } from './format';
import { basicHostReaders, loadHostReaders } from '../hosts';
import { analyzeInWorkers, jobCount, runWorker, WORKER_TAG } from './pool';
import { toSarif } from './sarif';

declare const __VERSION__: string | undefined;

export { USAGE };

export async function run(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  let args;
  try { args = parseArgs(argv); } catch (e) {
    if (e instanceof UsageError) { io.err(`cloudhsm-policy-lint: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }
  if (args === 'help') { io.out(USAGE + '\n'); return 0; }
  if (args === 'version') {
    const catalog = loadCatalog();
    io.out(`cloudhsm-policy-lint ${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'} (action catalog ${catalog.source}, snapshot ${catalog.snapshot}, ${catalog.actionCount} actions)\n`);
    return 0;
  }
  if (args === 'list') {
    io.out(CHECKS.map((c) => `${c.id.padEnd(36)} ${c.defaultSeverity.padEnd(12)} ${c.description}`).join('\n') + '\n');
    return 0;
  }
  const files: Input[] = [];
  const errors: string[] = [];
  for (const input of args.inputs) expand(input, files, errors);
  // Terraform files need the WASM parser: loaded once, before the synchronous analysis.
  let readers = basicHostReaders();
  if (files.some((f) => /\.tf$/i.test(f.file))) {
    const loaded = await loadHostReaders();
    if (loaded.problem) io.err(`cloudhsm-policy-lint: ${loaded.problem}\n`);
    readers = loaded.readers;
  }
  const jobs = jobCount(files.length);
  const outcomes = jobs > 1 && !files.some((f) => f.file === '-') ? await analyzeInWorkers(__filename, files, args.options, jobs, readers) : analyzeFiles(files, args.options, readers);
  const reports: FileReport[] = [];
  for (const o of outcomes) {
    if (o.error !== undefined) errors.push(o.error);
    else if (o.report) reports.push(o.report);
  }
  for (const e of errors) io.err(`cloudhsm-policy-lint: ${e}\n`);
  const options = args.options;
  if (args.format === 'json') io.out(JSON.stringify(reports.flatMap((r) => r.host ? toHostJson(r, options) : [toJson(r, options)]), null, 2) + '\n');
  else if (args.format === 'sarif') io.out(JSON.stringify(toSarif(reports, CHECKS), null, 2) + '\n');
  else io.out(toText(reports));
  if (errors.length) return 2;
  if (args.exitZero) return 0;
  return reports.some((r) => r.result.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** Writes everything before exiting: piped output is never cut off. */
export async function main(argv: string[]): Promise<void> {
  const chunks: string[] = [];
  let code: number;
  try {
    code = await run(argv, { out: (s) => chunks.push(s), err: (s) => process.stderr.write(s) });
  } catch (e) {
    process.stderr.write(`cloudhsm-policy-lint: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    code = 2;
  }
  const out = chunks.join('');
  process.exitCode = code;
  if (out) process.stdout.write(out);
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) runWorker();
else if (require.main === module) void main(process.argv.slice(2));

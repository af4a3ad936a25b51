/**
 * The CLI (`cloudhsm-policy-lint`): the same analysis as the language server, for CI.
 * Exit codes: 0 no error-severity finding; 1 at least one; 2 usage error or unreadable input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisOptions, AnalysisResult, CHECKS, createAnalyzer, Finding, PolicyKind, RoleId, SeverityOverride } from '../analysis';
import { loadCatalog } from '../catalogData';
import { ROLE_IDS } from '../settings';
import { toSarif } from './sarif';

declare const __VERSION__: string | undefined;

export const USAGE = `Usage: cloudhsm-policy-lint [options] <file|folder|->...

Checks AWS IAM policies and KMS key policies for the principals of an AWS CloudHSM key store.
Folders are searched for *.json files that look like policies; "-" reads standard input.

Options:
  --format text|json|sarif   output format (default: text)
  --role <id>                pin the principal class: ${ROLE_IDS.join(', ')}, or none
  --kind identity|resource|trust
                             force the policy kind (default: inferred)
  --severity <code>=<level>  override a check's severity (error, warning, information, hint, off); repeatable
  --exit-zero                exit 0 even when there are error findings (report only)
  --list-checks              print every check id with its default severity and exit
  --version                  print the version and the action catalog snapshot
  -h, --help                 print this help

Exit codes: 0 no error-severity finding (or --exit-zero), 1 at least one, 2 usage error or unreadable input.`;

export interface FileReport { file: string; result: AnalysisResult | null; text: string; error?: string }

class UsageError extends Error {}

interface Args { inputs: string[]; format: 'text' | 'json' | 'sarif'; options: AnalysisOptions; exitZero: boolean }

function parseArgs(argv: string[]): Args | 'help' | 'version' | 'list' {
  const args: Args = { inputs: [], format: 'text', options: {}, exitZero: false };
  const severity: Record<string, SeverityOverride> = {};
  const known = new Set(CHECKS.map((c) => c.id));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    const flag = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (flag) {
      case '-h': case '--help': return 'help';
      case '--version': return 'version';
      case '--list-checks': return 'list';
      case '--exit-zero': args.exitZero = true; break;
      case '--format': {
        const f = next();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}": use text, json or sarif`);
        args.format = f;
        break;
      }
      case '--role': {
        const r = next();
        if (r === 'none') args.options.role = null;
        else if ((ROLE_IDS as string[]).includes(r)) args.options.role = r as RoleId;
        else throw new UsageError(`unknown principal class "${r}": valid ids are ${ROLE_IDS.join(', ')}, or none`);
        break;
      }
      case '--kind': {
        const k = next();
        if (k !== 'identity' && k !== 'resource' && k !== 'trust') throw new UsageError(`unknown policy kind "${k}": use identity, resource or trust`);
        args.options.kind = k as PolicyKind;
        break;
      }
      case '--severity': {
        const v = next();
        const m = /^([a-z0-9-]+)=(error|warning|information|hint|off)$/.exec(v);
        if (!m) throw new UsageError(`--severity takes <code>=<error|warning|information|hint|off>, not "${v}"`);
        if (!known.has(m[1])) throw new UsageError(`unknown check "${m[1]}" (see --list-checks)`);
        severity[m[1]] = m[2] as SeverityOverride;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.inputs.push(a);
    }
  }
  if (Object.keys(severity).length) args.options.severity = severity;
  if (args.inputs.length === 0) throw new UsageError('no input: give files, folders or - for standard input');
  return args;
}

/** Files to check: explicit files always; *.json files under folders only when they look like policies. */
function expand(input: string, out: Array<{ file: string; explicit: boolean }>, errors: string[]): void {
  if (input === '-') { out.push({ file: '-', explicit: true }); return; }
  let st: fs.Stats;
  try { st = fs.statSync(input); } catch (e) { errors.push(`${input}: ${describe(e)}`); return; }
  if (!st.isDirectory()) { out.push({ file: input, explicit: true }); return; }
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)); } catch (e) { errors.push(`${dir}: ${describe(e)}`); return; }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.jsonc?$/i.test(e.name)) out.push({ file: p, explicit: false });
    }
  };
  walk(input);
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file or folder';
  if (err && err.code === 'EACCES') return 'permission denied';
  if (err && err.code === 'EISDIR') return 'is a folder';
  return err && err.message ? err.message : String(e);
}

function readInput(file: string): string {
  const buf = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    throw new Error('not valid UTF-8: AWS accepts policy documents in UTF-8 only');
  }
}

export async function run(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  let args;
  try { args = parseArgs(argv); } catch (e) {
    if (e instanceof UsageError) { io.err(`cloudhsm-policy-lint: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }
  const catalog = loadCatalog();
  if (args === 'help') { io.out(USAGE + '\n'); return 0; }
  if (args === 'version') { io.out(`cloudhsm-policy-lint ${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'} (action catalog ${catalog.source}, snapshot ${catalog.snapshot}, ${catalog.actionCount} actions)\n`); return 0; }
  if (args === 'list') {
    io.out(CHECKS.map((c) => `${c.id.padEnd(36)} ${c.defaultSeverity.padEnd(12)} ${c.description}`).join('\n') + '\n');
    return 0;
  }
  const files: Array<{ file: string; explicit: boolean }> = [];
  const errors: string[] = [];
  for (const input of args.inputs) expand(input, files, errors);
  const jobs = jobCount(files.length);
  const outcomes = jobs > 1 && !files.some((f) => f.file === '-') ? await analyzeInWorkers(files, args.options, jobs) : analyzeFiles(files, args.options);
  const reports: FileReport[] = [];
  for (const o of outcomes) {
    if (o.error !== undefined) errors.push(o.error);
    else if (o.report) reports.push(o.report);
  }
  for (const e of errors) io.err(`cloudhsm-policy-lint: ${e}\n`);
  if (args.format === 'json') io.out(JSON.stringify(reports.map((r) => toJson(r, args.options)), null, 2) + '\n');
  else if (args.format === 'sarif') io.out(JSON.stringify(toSarif(reports, CHECKS), null, 2) + '\n');
  else io.out(toText(reports));
  if (errors.length) return 2;
  if (args.exitZero) return 0;
  return reports.some((r) => r.result?.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

interface Outcome { report?: FileReport; error?: string }

/** Analyses files in order; a file that cannot be read becomes an error outcome. */
function analyzeFiles(files: Array<{ file: string; explicit: boolean }>, options: AnalysisOptions): Outcome[] {
  const analyzer = createAnalyzer(loadCatalog());
  return files.map(({ file, explicit }): Outcome => {
    let text: string;
    try { text = readInput(file); } catch (e) { return { error: `${file === '-' ? '<stdin>' : file}: ${describe(e)}` }; }
    const result = analyzer.analyze(text, { ...options, force: explicit || options.role !== undefined && options.role !== null ? true : undefined });
    if (!explicit && !result.isPolicy) return {};
    // The CLI prints no fixes: drop them (they are most of what a worker would copy back).
    for (const f of result.findings) delete f.fixes;
    return { report: { file: file === '-' ? '<stdin>' : file, result, text } };
  });
}

/**
 * How many worker threads to use. None for a few files, where starting workers costs more than it
 * saves, and none on fewer than four cores: each worker loads its own catalog and warms its own JIT,
 * and on the 2-core machine of BENCHMARKS.md the 1,594 managed policies took 1.9–2.0 s in one thread
 * against 2.6–2.8 s in two workers. On four or more cores, one worker per core but one (the main
 * thread also runs, and the GC has threads of its own). CLOUDHSM_POLICY_LINT_JOBS overrides.
 */
function jobCount(files: number): number {
  const env = Number(process.env.CLOUDHSM_POLICY_LINT_JOBS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  if (files < 400) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 4 ? Math.min(cores - 1, 8) : 1;
}

const WORKER_TAG = 'cloudhsm-policy-lint-worker';
const BATCH = 32;

/** Hands out batches of files to worker threads running this same bundle; results come back in input order. */
function analyzeInWorkers(files: Array<{ file: string; explicit: boolean }>, options: AnalysisOptions, jobs: number): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: Outcome[] = new Array(files.length);
    let next = 0;
    let pending = 0;
    let alive = 0;
    const workers: Worker[] = [];
    const feed = (w: Worker) => {
      if (next >= files.length) { void w.terminate(); return; }
      const start = next;
      next = Math.min(files.length, next + BATCH);
      pending++;
      w.postMessage({ start, files: files.slice(start, next), options });
    };
    for (let i = 0; i < Math.min(jobs, Math.ceil(files.length / BATCH)); i++) {
      const w = new Worker(__filename, { workerData: { tag: WORKER_TAG } });
      alive++;
      workers.push(w);
      w.on('message', (m: { start: number; outcomes: Outcome[] }) => {
        m.outcomes.forEach((o, j) => { outcomes[m.start + j] = o; });
        pending--;
        feed(w);
        if (next >= files.length && pending === 0) resolve(outcomes);
      });
      w.on('error', (e) => { for (const x of workers) void x.terminate(); reject(e); });
      w.on('exit', () => { alive--; if (alive === 0 && pending > 0) reject(new Error('a worker thread stopped early')); });
      feed(w);
    }
  });
}

function runWorker(): void {
  parentPort!.on('message', (m: { start: number; files: Array<{ file: string; explicit: boolean }>; options: AnalysisOptions }) => {
    parentPort!.postMessage({ start: m.start, outcomes: analyzeFiles(m.files, m.options) });
  });
}

export function toJson(r: FileReport, options: AnalysisOptions) {
  const doc = TextDocument.create('file:///x', 'json', 0, r.text);
  const role = r.result && r.result.roles.length > 0 ? r.result.roles[0].role : (options.role ?? null);
  return {
    file: r.file,
    role: r.result?.isPolicy ? role : null,
    diagnostics: (r.result?.findings ?? []).map((f: Finding) => ({
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
    const findings = r.result?.findings ?? [];
    if (r.result && !r.result.isPolicy) { lines.push(`${r.file}: not an IAM policy (no top-level "Statement"); skipped`); continue; }
    const roles = r.result?.roles ?? [];
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

/**
 * Worker threads for large runs: batches of files go to workers running this same bundle, and the
 * outcomes come back in input order.
 */
import * as os from 'os';
import { parentPort, Worker } from 'worker_threads';
import type { AnalysisOptions } from '../analysis';
import { analyzeFiles, Outcome } from './analyzeFiles';
import { loadHostReaders } from '../hosts';
import type { Input } from './files';

/** workerData.tag of the CLI's workers: the bundle's entry runs runWorker() when it sees it. */
export const WORKER_TAG = 'cloudhsm-policy-lint-worker';
const BATCH = 32;

/**
 * How many worker threads to use. None for a few files, where starting workers costs more than it
 * saves, and none on fewer than four cores: each worker loads its own catalog and warms its own JIT,
 * and on the 2-core machine of BENCHMARKS.md the 1,594 managed policies took 1.9–2.0 s in one thread
 * against 2.6–2.8 s in two workers. On four or more cores, one worker per core but one (the main
 * thread also runs, and the GC has threads of its own). CLOUDHSM_POLICY_LINT_JOBS overrides.
 */
export function jobCount(files: number): number {
  const env = Number(process.env.CLOUDHSM_POLICY_LINT_JOBS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  if (files < 400) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 4 ? Math.min(cores - 1, 8) : 1;
}

/** Analyses the files in `jobs` workers started from `script` (the running bundle). */
export function analyzeInWorkers(script: string, files: Input[], options: AnalysisOptions, jobs: number): Promise<Outcome[]> {
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
      const w = new Worker(script, { workerData: { tag: WORKER_TAG } });
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

/** The worker's side: analyse each batch and post the outcomes back. */
export function runWorker(): void {
  const ready = loadHostReaders();
  parentPort!.on('message', (m: { start: number; files: Input[]; options: AnalysisOptions }) => {
    void ready.then(({ readers }) => parentPort!.postMessage({ start: m.start, outcomes: analyzeFiles(m.files, m.options, readers) }));
  });
}

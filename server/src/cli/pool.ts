/**
 * Worker threads for large runs: batches of files go to workers running this same bundle, and the
 * outcomes come back in input order.
 */
import * as os from 'os';
import { parentPort, Worker } from 'worker_threads';
import type { AnalysisOptions } from '../analysis';
import { analyzeFiles, Outcome } from './analyzeFiles';
import { basicHostReaders, loadHostReaders } from '../hosts';
import type { HostReader } from '../analysis/host';
import type { Input } from './files';

/** workerData.tag of the CLI's workers: the bundle's entry runs runWorker() when it sees it. */
export const WORKER_TAG = 'cloudhsm-policy-lint-worker';
const BATCH = 32;

/**
 * How many threads analyse: the main thread and `n - 1` workers. One for a few files, where starting
 * a worker costs more than it saves, and one on fewer than four cores: each worker warms its own JIT
 * and reads its own catalog services, and on the 2-core machine of BENCHMARKS.md the 1,594 managed
 * policies took 2.3-2.4 s in one thread against 2.7-2.9 s in two (main + a worker). On four or more
 * cores, one per core (at most 8). CLOUDHSM_POLICY_LINT_JOBS overrides.
 */
export function jobCount(files: number): number {
  const env = Number(process.env.CLOUDHSM_POLICY_LINT_JOBS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  if (files < 400) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 4 ? Math.min(cores, 8) : 1;
}

/**
 * Analyses the files in `jobs` threads: this one and `jobs - 1` workers started from `script` (the
 * running bundle). Batches go to whichever thread is free; this thread takes one batch at a time and
 * yields between batches, so the workers' results are collected meanwhile. Outcomes in input order.
 */
export function analyzeInWorkers(script: string, files: Input[], options: AnalysisOptions, jobs: number, readers: readonly HostReader[]): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: Outcome[] = new Array(files.length);
    let next = 0;
    let done = 0;
    let failed = false;
    const workers: Worker[] = [];
    const take = (): { start: number; files: Input[] } | undefined => {
      if (next >= files.length) return undefined;
      const start = next;
      next = Math.min(files.length, next + BATCH);
      return { start, files: files.slice(start, next) };
    };
    const finished = (start: number, list: Outcome[]) => {
      list.forEach((o, j) => { outcomes[start + j] = o; });
      done += list.length;
      if (done === files.length && !failed) {
        for (const w of workers) void w.terminate();
        resolve(outcomes);
      }
    };
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    /** Workers holding a batch not yet answered. */
    const busy = new Set<Worker>();
    const feed = (w: Worker) => {
      const batch = take();
      if (!batch) { void w.terminate(); return; }
      busy.add(w);
      w.postMessage({ ...batch, options });
    };
    const workerCount = Math.min(jobs - 1, Math.ceil(files.length / BATCH) - 1);
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(script, { workerData: { tag: WORKER_TAG } });
      workers.push(w);
      w.on('message', (m: { start: number; outcomes: Outcome[] }) => {
        busy.delete(w);
        finished(m.start, m.outcomes);
        feed(w);
      });
      w.on('error', fail);
      // A worker gone with a batch in hand would leave it unanswered: the run fails rather than hangs.
      w.on('exit', () => { if (busy.has(w)) fail(new Error('a worker thread stopped early')); });
      feed(w);
    }
    // This thread's share: a batch, then a turn of the event loop for the workers' messages.
    const mine = () => {
      if (failed) return;
      const batch = take();
      if (!batch) return;
      try { finished(batch.start, analyzeFiles(batch.files, options, readers)); } catch (e) { fail(e); return; }
      setImmediate(mine);
    };
    setImmediate(mine);
  });
}

/** The worker's side: analyse each batch and post the outcomes back. */
export function runWorker(): void {
  // The readers without set-up at once; Terraform's (WASM) only when a batch holds a .tf file.
  const basic = basicHostReaders();
  let full: Promise<{ readers: HostReader[] }> | undefined;
  parentPort!.on('message', (m: { start: number; files: Input[]; options: AnalysisOptions }) => {
    if (!full && !m.files.some((f) => /\.tf$/i.test(f.file))) {
      parentPort!.postMessage({ start: m.start, outcomes: analyzeFiles(m.files, m.options, basic) });
      return;
    }
    full ??= loadHostReaders();
    void full.then(({ readers }) => parentPort!.postMessage({ start: m.start, outcomes: analyzeFiles(m.files, m.options, readers) }));
  });
}

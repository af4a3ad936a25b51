/**
 * Entry point of the language server (dist/server.js). It runs the server bundle
 * (dist/server-main.js, server/src/main.ts) from a V8 code cache, so a start after the first skips
 * most of the compilation of the bundle (about 50 ms of a 200 ms start on the machine of
 * BENCHMARKS.md). The cache is written when the server exits (the editor's `exit` notification, or
 * the editor gone), so it holds every function the session compiled, and writing it (tens of
 * milliseconds of serialisation) never delays an answer.
 *
 * Where: the folder in CLOUDHSM_POLICY_LINT_CACHE_DIR (the extension passes its global storage), else
 * a folder of this user's in the temporary directory. Never the install folder. Every step may fail
 * (read-only disk, no such folder, a cache from another Node or V8, a corrupt file): the server then
 * compiles the bundle as usual. `vm.Script` cached data works on every Node this runs on (Node 20,
 * Node 22, Electron's); Node 22's module.enableCompileCache caches what was compiled at load, without
 * the functions the first analysis needs.
 */
import { isAscii } from 'buffer';
import * as fs from 'fs';
import Module = require('module');
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

export const CACHE_DIR_ENV = 'CLOUDHSM_POLICY_LINT_CACHE_DIR';
const BUNDLE = path.join(__dirname, 'server-main.js');

/** FNV-1a over a short string: the cache file's name changes with the bundle and the runtime. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, '0');
}

/** A folder we may use for the cache: ours, and not writable by others (a planted cache is code). */
function ownFolder(dir: string): boolean {
  const st = fs.statSync(dir);
  if (!st.isDirectory()) return false;
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

function cacheFolder(): string | undefined {
  const given = process.env[CACHE_DIR_ENV];
  if (given) {
    const dir = path.join(given, 'code-cache');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return ownFolder(dir) ? dir : undefined;
  }
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  const dir = path.join(os.tmpdir(), `cloudhsm-policy-lint-${user}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return ownFolder(dir) ? dir : undefined;
}

/** The cache file for this bundle (by path, size and mtime) and this runtime, or undefined. */
function cacheFile(): string | undefined {
  try {
    const dir = cacheFolder();
    if (!dir) return undefined;
    const st = fs.statSync(BUNDLE);
    const key = fnv1a([BUNDLE, st.size, st.mtimeMs, process.version, process.versions.v8, process.arch, process.execArgv.join(' ')].join('\0'));
    return path.join(dir, `server-${key}.v8cache`);
  } catch {
    return undefined;
  }
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try { return fs.readFileSync(file); } catch { return undefined; }
}

/** Writes the cache through a temporary file, so a server starting meanwhile never reads half of it. */
function writeCache(script: vm.Script, file: string): void {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time: the next start compiles the bundle again.
  }
}

function boot(): void {
  const file = cacheFile();
  const cachedData = readCache(file);
  // The bundle is ASCII but for a comment or two: decode it as latin1 when it is (a copy, no UTF-8
  // decoding: about 10 ms less for 1-2 MB), as UTF-8 otherwise.
  const bytes = fs.readFileSync(BUNDLE);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  compiled.call(mod.exports, mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  mod.loaded = true;
  if (file && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(script, file));
  (mod.exports as { start(): void }).start();
}

boot();

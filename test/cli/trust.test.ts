/**
 * Trust, as built: the bundles (dist/server.js, dist/server-main.js, dist/cli.js, dist/host-readers.js, dist/client.js;
 * `npm test` builds them)
 * contain network code only where the allow-list below says, module by module, with counts: the pipe
 * and socket transports of vscode-jsonrpc, which the server never selects (VS Code starts it over IPC,
 * other editors over stdio). And the CLI leaves the files and folders it reads untouched (mtimes,
 * contents, no new files), in every output format. The source-level checks are test/unit/trust.test.ts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { NETWORK_MODULES, ROOT } from '../helpers';

function modulesOf(bundle: string): Array<{ path: string; code: string }> {
  const parts = bundle.split(/^\/\/ (\S+\.(?:js|ts|mjs|cjs|json))$/m);
  const out = [{ path: '<esbuild runtime>', code: parts[0] }];
  for (let i = 1; i < parts.length; i += 2) out.push({ path: parts[i], code: parts[i + 1] });
  return out;
}

const BUNDLE_PATTERNS: Array<[string, RegExp]> = [
  ['require("net")', /\brequire\("(?:node:)?net"\)/g],
  ...NETWORK_MODULES.filter((m) => m !== 'net').map((m): [string, RegExp] => [`require("${m}")`, new RegExp(`\\brequire\\("(?:node:)?${m}"\\)`, 'g')]),
  ['import()', /\bimport\s*\(/g],
  ['fetch', /\bfetch\b/g],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/g],
  ['WebSocket', /\bWebSocket\b/g],
];

/**
 * Where the bundles may contain network code, and how often. Anything else (in particular anything
 * in server/src/ or client/src/) fails the test.
 */
const ALLOWED: Record<string, Record<string, Record<string, number>>> = {
  'dist/server.js': {},
  'dist/server-main.js': {
    // vscode-jsonrpc's node entry point: createClientPipeTransport / createServerPipeTransport /
    // createClientSocketTransport / createServerSocketTransport. vscode-languageserver selects them only
    // for --pipe or --socket=<port>; VS Code starts this server over IPC and other editors use --stdio.
    'node_modules/vscode-jsonrpc/lib/node/main.js': { 'require("net")': 1 },
  },
  'dist/cli.js': {},
  'dist/host-readers.js': {
    // Emscripten's loader in web-tree-sitter fetches the runtime WASM, and Language.load() a grammar,
    // when given a URL or path; server/src/hosts.ts hands both the bytes it read from next to the
    // bundle (wasmBinary, and Language.load(Uint8Array)), so these paths never run.
    'node_modules/web-tree-sitter/web-tree-sitter.cjs': { 'import()': 1, XMLHttpRequest: 2, fetch: 3 },
  },
  'dist/client.js': {
    // The same vscode-jsonrpc transports, bundled into vscode-languageclient; the extension starts the
    // server with TransportKind.ipc.
    'node_modules/vscode-jsonrpc/lib/node/main.js': { 'require("net")': 1 },
  },
};

for (const [bundle, allowed] of Object.entries(ALLOWED)) {
  test(`${bundle}: network code only where the allow-list says`, () => {
    const file = path.join(ROOT, bundle);
    assert.ok(fs.existsSync(file), `${bundle} is missing: run node scripts/build.js first`);
    const modules = modulesOf(fs.readFileSync(file, 'utf8'));
    // dist/server.js is the small entry point (server/src/boot.ts) that runs dist/server-main.js.
    assert.ok(modules.length > (bundle === 'dist/server.js' ? 1 : 20), `${bundle} has no module markers: run the development build (node scripts/build.js), not --production`);
    const found: Record<string, Record<string, number>> = {};
    for (const m of modules) {
      if (m.path.endsWith('.json')) continue; // data (the catalog names actions such as StartStreamTranscriptionWebSocket)
      for (const [what, re] of BUNDLE_PATTERNS) {
        const n = m.code.match(re)?.length ?? 0;
        if (n) (found[m.path] ??= {})[what] = n;
      }
    }
    assert.deepEqual(found, allowed);
    // Our own modules are in the bundle (the test looks at the right thing).
    assert.ok(modules.some((m) => m.path.startsWith(bundle === 'dist/client.js' ? 'client/src/' : 'server/src/')));
  });
}

test('the CLI leaves the files and folders it reads untouched: mtimes, contents, no new files, every format', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-trust-'));
  try {
    const dir = path.join(tmp, 'policies');
    fs.mkdirSync(path.join(dir, 'nested'), { recursive: true });
    const names = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
    for (const [i, f] of names.entries()) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, i % 2 ? 'nested' : '', f));
    fs.writeFileSync(path.join(dir, 'not-a-policy.json'), '{"name": "x"}');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "Statement": [ /* half typed');
    // Mtimes in the past, so a rewrite with the same content would show.
    const past = new Date(Date.now() - 3_600_000);
    const snapshot = () => walk2(dir).map((p) => `${path.relative(dir, p)} ${fs.statSync(p).mtimeMs} ${fs.readFileSync(p, 'utf8').length}:${fs.readFileSync(p, 'utf8')}`);
    for (const p of walk2(dir)) fs.utimesSync(p, past, past);
    fs.utimesSync(dir, past, past);
    const before = snapshot();
    const dirMtime = fs.statSync(dir).mtimeMs;
    for (const format of ['text', 'json', 'sarif']) {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'bin', 'cloudhsm-policy-lint.js'), '--format', format, dir, path.join(dir, 'nested', names[1])], { cwd: tmp, stdio: 'pipe' });
      } catch (e) {
        // Exit 1: error findings (the flawed examples). Anything else is a failure.
        assert.equal((e as { status?: number }).status, 1, String((e as { stderr?: Buffer }).stderr ?? e));
      }
    }
    assert.deepEqual(snapshot(), before);
    assert.equal(fs.statSync(dir).mtimeMs, dirMtime, 'the folder was written to');
    assert.deepEqual(fs.readdirSync(tmp), ['policies'], 'the CLI created files in its working directory');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

function walk2(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? [p, ...walk2(p)] : [p];
  }).filter((p) => fs.statSync(p).isFile()).sort();
}

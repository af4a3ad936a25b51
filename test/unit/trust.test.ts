/**
 * Trust: the extension works offline and reads only what it is given.
 * - Our code (server/src/**, client/src/**) imports no network module and calls no fetch,
 *   XMLHttpRequest or WebSocket; the core and the server use no `fs` (only the CLI reads files, and
 *   catalogData.ts loads the bundled catalog through a bundler require), and the CLI writes none.
 * - The built bundles (dist/server.js, dist/cli.js, dist/client.js; build first, `npm test` does)
 *   contain network code only where the allow-list below says, module by module, with counts: the
 *   pipe and socket transports of vscode-jsonrpc, which the server never selects (VS Code starts it
 *   over IPC, other editors over stdio).
 * - The extension declares how it behaves in untrusted and virtual workspaces.
 * - The CLI leaves the files and folders it reads untouched (mtimes, contents, no new files), in
 *   every output format. (test/cli checks file contents after one folder run; this adds mtimes, new
 *   files and the three formats.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

/** Network modules and browser network APIs, as they appear in source and in bundles. */
const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'undici'];
const MODULE_ALT = NETWORK_MODULES.join('|');
const SOURCE_PATTERNS: Array<[string, RegExp]> = [
  ['import of a network module', new RegExp(`\\bfrom\\s+['"](?:node:)?(?:${MODULE_ALT})(?:/[^'"]*)?['"]`)],
  ['require of a network module', new RegExp(`\\brequire\\s*\\(\\s*['"](?:node:)?(?:${MODULE_ALT})(?:/[^'"]*)?['"]\\s*\\)`)],
  ['dynamic import of a network module', new RegExp(`\\bimport\\s*\\(\\s*['"](?:node:)?(?:${MODULE_ALT})['"]`)],
  ['fetch', /\bfetch\s*\(|\bglobalThis\.fetch\b/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
];
const FS_PATTERNS: Array<[string, RegExp]> = [
  ['import of fs', /\bfrom\s+['"](?:node:)?fs(?:\/promises)?['"]/],
  ['require of fs', /\brequire\s*\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\)/],
  ['fs. call', /\bfs\.[a-zA-Z]/],
  ['readFile', /\breadFile(?:Sync)?\s*\(/],
];
const WRITE_PATTERNS = /\b(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|rename|renameSync|unlink|unlinkSync|rmSync|mkdirSync|utimes|utimesSync|copyFile|copyFileSync|truncate|truncateSync)\s*\(/;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Code with comments removed (line and block), so a comment that mentions fetch( is no finding. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function offences(files: string[], patterns: Array<[string, RegExp]>): string[] {
  const out: string[] = [];
  for (const f of files) {
    code(fs.readFileSync(f, 'utf8')).split('\n').forEach((line, i) => {
      for (const [what, re] of patterns) if (re.test(line)) out.push(`${path.relative(ROOT, f)}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  return out;
}

const OUR_CODE = [...walk(path.join(ROOT, 'server', 'src')), ...walk(path.join(ROOT, 'client', 'src'))];

test('our code imports no network module and calls no fetch, XMLHttpRequest or WebSocket', () => {
  assert.ok(OUR_CODE.length > 60, `${OUR_CODE.length} source files`);
  assert.deepEqual(offences(OUR_CODE, SOURCE_PATTERNS), []);
});

test('the server and the core use no fs; only the CLI reads files, and it writes none', () => {
  const serverSide = walk(path.join(ROOT, 'server', 'src')).filter((f) => !f.includes(`${path.sep}cli${path.sep}`));
  assert.deepEqual(offences(serverSide, FS_PATTERNS), []);
  // catalogData.ts loads the catalog through a require the bundler inlines (no file is read at run time).
  const catalogData = fs.readFileSync(path.join(ROOT, 'server', 'src', 'catalogData.ts'), 'utf8');
  assert.match(code(catalogData), /require\('\.\.\/generated\/catalog\.json'\)/);
  const cli = walk(path.join(ROOT, 'server', 'src', 'cli'));
  assert.deepEqual(cli.flatMap((f) => code(fs.readFileSync(f, 'utf8')).split('\n').map((l, i) => [f, i, l] as const))
    .filter(([, , l]) => WRITE_PATTERNS.test(l)).map(([f, i, l]) => `${path.relative(ROOT, f)}:${i + 1}: ${l.trim()}`), []);
});

test('the source checks catch what they look for (they can fail)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
  try {
    const bad = path.join(tmp, 'bad.ts');
    fs.writeFileSync(bad, [
      "import * as https from 'node:https';", "import { get } from 'http';", "const n = require('net');", 'void fetch("https://example.com");',
      'const x = new XMLHttpRequest();', 'const w = new WebSocket("wss://x");', "import { readFileSync } from 'fs';", 'fs.readFileSync("/etc/passwd");',
      '// fetch( in a comment is fine', 'const url = "https://docs.aws.amazon.com/"; // a link is fine',
    ].join('\n'));
    const found = offences([bad], SOURCE_PATTERNS).map((o) => o.split(': ')[1]);
    assert.deepEqual(found, ['import of a network module', 'import of a network module', 'require of a network module', 'fetch', 'XMLHttpRequest', 'WebSocket']);
    assert.deepEqual(offences([bad], FS_PATTERNS).map((o) => o.split(': ')[1]), ['import of fs', 'fs. call', 'readFile']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/** The modules of an esbuild bundle (non-minified builds mark each with a `// path` comment line). */
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
  'dist/server.js': {
    // vscode-jsonrpc's node entry point: createClientPipeTransport / createServerPipeTransport /
    // createClientSocketTransport / createServerSocketTransport. vscode-languageserver selects them only
    // for --pipe or --socket=<port>; VS Code starts this server over IPC and other editors use --stdio.
    'node_modules/vscode-jsonrpc/lib/node/main.js': { 'require("net")': 1 },
  },
  'dist/cli.js': {},
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
    assert.ok(modules.length > 20, `${bundle} has no module markers: run the development build (node scripts/build.js), not --production`);
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

test('the extension declares untrusted and virtual workspace support', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { capabilities?: Record<string, { supported?: unknown; description?: unknown }> };
  const caps = pkg.capabilities ?? {};
  assert.ok(caps.untrustedWorkspaces, 'capabilities.untrustedWorkspaces is missing');
  assert.ok([true, false, 'limited'].includes(caps.untrustedWorkspaces.supported as boolean), `untrustedWorkspaces.supported: ${String(caps.untrustedWorkspaces.supported)}`);
  assert.ok(caps.virtualWorkspaces, 'capabilities.virtualWorkspaces is missing');
  assert.ok([true, false, 'limited'].includes(caps.virtualWorkspaces.supported as boolean), `virtualWorkspaces.supported: ${String(caps.virtualWorkspaces.supported)}`);
  for (const [k, v] of Object.entries(caps)) {
    if (v.supported !== true) assert.ok(typeof v.description === 'string' && v.description.length > 20, `${k}: a limited or unsupported capability needs a description`);
  }
});

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

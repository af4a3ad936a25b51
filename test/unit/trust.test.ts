/**
 * Trust: the extension works offline and reads only what it is given.
 * - Our code (server/src/**, client/src/**) imports no network module and calls no fetch,
 *   XMLHttpRequest or WebSocket; the core and the server use no `fs` (only the CLI reads files;
 *   catalogData.ts reads the catalog's two files next to the bundle; boot.ts reads the server bundle
 *   and reads and writes its V8 code cache, in the cache folder only), and the CLI writes none.
 * - The extension declares how it behaves in untrusted and virtual workspaces.
 * What the built bundles contain, and that the CLI leaves its inputs untouched, is test/cli/trust.test.ts
 * (the tier that builds them).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { NETWORK_MODULES, ROOT } from '../helpers';

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

/** The server-side files that may use fs, and what for (each is checked below). */
const FS_USERS = ['catalogData.ts', 'boot.ts', 'hosts.ts'];

test('the server and the core use no fs; only the CLI reads files, and it writes none', () => {
  const serverSide = walk(path.join(ROOT, 'server', 'src')).filter((f) => !f.includes(`${path.sep}cli${path.sep}`) && !FS_USERS.includes(path.relative(path.join(ROOT, 'server', 'src'), f)));
  assert.deepEqual(offences(serverSide, FS_PATTERNS), []);
  // catalogData.ts reads the catalog's files and writes nothing.
  const catalogData = code(fs.readFileSync(path.join(ROOT, 'server', 'src', 'catalogData.ts'), 'utf8'));
  assert.deepEqual(catalogData.split('\n').filter((l) => WRITE_PATTERNS.test(l)), []);
  assert.deepEqual([...catalogData.matchAll(/fs\.(\w+)/g)].map((m) => m[1]).sort(), ['existsSync', 'readFileSync', 'readFileSync']);
  // hosts.ts reads the WASM files next to the bundle (or, from source, in their packages) and writes nothing.
  const hosts = code(fs.readFileSync(path.join(ROOT, 'server', 'src', 'hosts.ts'), 'utf8'));
  assert.deepEqual(hosts.split('\n').filter((l) => WRITE_PATTERNS.test(l)), []);
  assert.deepEqual([...hosts.matchAll(/fs\.(\w+)/g)].map((m) => m[1]).sort(), ['existsSync', 'existsSync', 'readFileSync']);
  // boot.ts writes only the code cache: a temporary file renamed into the cache folder.
  const boot = code(fs.readFileSync(path.join(ROOT, 'server', 'src', 'boot.ts'), 'utf8'));
  assert.deepEqual(boot.split('\n').filter((l) => WRITE_PATTERNS.test(l)).map((l) => l.trim()),
    ["fs.mkdirSync(dir, { recursive: true, mode: 0o700 });", "fs.mkdirSync(dir, { recursive: true, mode: 0o700 });", "fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });", "fs.renameSync(tmp, file);"]);
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

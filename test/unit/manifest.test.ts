/**
 * package.json's contributions against the code they describe: the generated setting schemas
 * (scripts/gen-manifest.js) against the checks on disk, the settings against server/src/settings.ts,
 * the command and client id against client/src/extension.ts, the files the manifest points at, and
 * what .vscodeignore lets into the .vsix.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings, ROLE_IDS, SECTION } from '../../server/src/settings';
import { matchGlob } from '../../server/src/glob';
import { DOCS_URL, REPOSITORY_URL } from '../../server/src/links';

const ROOT = path.join(__dirname, '..', '..');
const CHECKS_DIR = path.join(ROOT, 'server', 'src', 'analysis', 'checks');
const REGENERATE = 'package.json is out of date: run `node --import tsx scripts/gen-manifest.js`';

interface SettingSchema {
  type?: string; default?: unknown; scope?: string; enum?: string[]; minimum?: number; maximum?: number;
  markdownDescription?: string; description?: string;
  propertyNames?: { enum?: string[] };
  properties?: Record<string, { enum?: string[]; markdownDescription?: string }>;
  additionalProperties?: { enum?: string[] };
  items?: { type?: string };
}
interface Manifest {
  version: string; preview?: boolean; engines: { node: string; vscode: string };
  repository: { type: string; url: string }; homepage: string; bugs: { url: string }; scripts: Record<string, string>;
  main: string; icon?: string; files?: unknown; activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string }; virtualWorkspaces: boolean | { supported: boolean | string; description?: string } };
  contributes: {
    configuration: { title: string; properties: Record<string, SettingSchema> };
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
    jsonValidation?: Array<{ fileMatch: string[]; url: string }>;
    grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }>;
    snippets?: Array<{ language: string; path: string }>;
  };
}
interface Generator {
  render(pkg: unknown, checks?: Array<{ id: string; description: string; defaultSeverity: string }>): Manifest;
  SEVERITY_KEY: string;
  ROLES_KEY: string;
  LEVELS: string[];
}

const readPkg = (): Manifest => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
// The generator is a plain CommonJS script; the checks it loads are TypeScript (tsx runs the tests).
const gen = require('../../scripts/gen-manifest.js') as Generator;
const extensionTs = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');

/** The check ids, straight from the file names (independently of the generator). */
function checkFiles(): string[] {
  return fs.readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
}

test('cloudhsmPolicy.severity lists exactly the checks on disk, each with its description and default', () => {
  const pkg = readPkg();
  const sev = pkg.contributes.configuration.properties[gen.SEVERITY_KEY];
  const ids = checkFiles();
  assert.deepEqual(sev.propertyNames?.enum, ids, REGENERATE);
  assert.deepEqual(Object.keys(sev.properties ?? {}), ids, REGENERATE);
  for (const id of ids) {
    const { check } = require(path.join(CHECKS_DIR, `${id}.ts`)) as { check: { id: string; description: string; defaultSeverity: string } };
    const p = sev.properties![id];
    assert.equal(p.markdownDescription, `${check.description}\n\nDefault: \`${check.defaultSeverity}\`.`, `${id}: ${REGENERATE}`);
    assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'off']);
  }
  assert.deepEqual(sev.additionalProperties?.enum, ['error', 'warning', 'information', 'hint', 'off']);
});

test('the generated parts of package.json are up to date (gen-manifest.js would change nothing)', () => {
  const pkg = readPkg();
  const next = gen.render(pkg);
  assert.deepEqual(next.contributes.configuration.properties[gen.SEVERITY_KEY], pkg.contributes.configuration.properties[gen.SEVERITY_KEY], REGENERATE);
  assert.deepEqual(next.contributes.configuration.properties[gen.ROLES_KEY], pkg.contributes.configuration.properties[gen.ROLES_KEY], REGENERATE);
  assert.deepEqual(next, pkg, REGENERATE);
});

test('the generator notices a new check and a removed one', () => {
  const pkg = readPkg();
  const checks = checkFiles().map((id) => ({ id, description: `about ${id}`, defaultSeverity: 'warning' }));
  const grown = gen.render(pkg, [...checks, { id: 'zz-new-check', description: 'New.', defaultSeverity: 'hint' }]);
  const sev = grown.contributes.configuration.properties[gen.SEVERITY_KEY];
  assert.ok(sev.propertyNames?.enum?.includes('zz-new-check'));
  assert.equal(sev.properties?.['zz-new-check'].markdownDescription, 'New.\n\nDefault: `hint`.');
  const shrunk = gen.render(pkg, checks.slice(1)).contributes.configuration.properties[gen.SEVERITY_KEY];
  assert.ok(!shrunk.propertyNames?.enum?.includes(checks[0].id));
  assert.ok(!(checks[0].id in (shrunk.properties ?? {})));
  // Hand-written fields survive regeneration.
  assert.equal(shrunk.markdownDescription, pkg.contributes.configuration.properties[gen.SEVERITY_KEY].markdownDescription);
  assert.equal(shrunk.scope, 'resource');
});

test('every setting of settings.ts is contributed with the same default, and nothing else but trace.server', () => {
  const props = readPkg().contributes.configuration.properties;
  const keys = Object.keys(DEFAULT_SETTINGS).map((k) => `${SECTION}.${k}`);
  assert.deepEqual(Object.keys(props).sort(), [...keys, `${SECTION}.trace.server`].sort());
  for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) {
    const p = props[`${SECTION}.${k}`];
    assert.deepEqual(p.default, v, `${SECTION}.${k} default`);
    assert.equal(p.scope, 'resource', `${SECTION}.${k} is per folder`);
    assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${SECTION}.${k} is described`);
    const type = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
    assert.equal(p.type, type, `${SECTION}.${k} type`);
  }
  assert.equal(props[`${SECTION}.files`].items?.type, 'string');
});

test('the contributed enums and bounds are what parseSettings accepts', () => {
  const props = readPkg().contributes.configuration.properties;
  const known = new Set(checkFiles());
  const ok = (raw: unknown) => parseSettings(raw, known).problems;
  // roles: every enum value is accepted, and the enum is ROLE_IDS plus "none".
  const roles = props[`${SECTION}.roles`].additionalProperties?.enum ?? [];
  assert.deepEqual(roles, [...ROLE_IDS, 'none']);
  for (const r of roles) assert.deepEqual(ok({ roles: { 'policies/*.json': r } }), [], r);
  assert.notDeepEqual(ok({ roles: { 'policies/*.json': 'admin' } }), []);
  // principalRoles: the enum is ROLE_IDS (no "none": an unmatched principal is inferred).
  const perPrincipal = props[`${SECTION}.principalRoles`].additionalProperties?.enum ?? [];
  assert.deepEqual(perPrincipal, [...ROLE_IDS]);
  for (const r of perPrincipal) assert.deepEqual(ok({ principalRoles: { 'arn:aws:iam::*:role/App*': r } }), [], r);
  assert.notDeepEqual(ok({ principalRoles: { 'arn:aws:iam::*:role/App*': 'none' } }), []);
  // severity levels.
  const id = [...known][0];
  for (const level of props[`${SECTION}.severity`].additionalProperties?.enum ?? []) assert.deepEqual(ok({ severity: { [id]: level } }), [], level);
  // delay bounds.
  const delay = props[`${SECTION}.delay`];
  assert.equal(typeof delay.minimum, 'number');
  assert.equal(typeof delay.maximum, 'number');
  assert.deepEqual(ok({ delay: delay.minimum }), []);
  assert.deepEqual(ok({ delay: delay.maximum }), []);
  assert.notDeepEqual(ok({ delay: delay.minimum! - 1 }), []);
  assert.notDeepEqual(ok({ delay: delay.maximum! + 1 }), []);
});

test('trace.server matches the language client id, window scope', () => {
  const id = /new LanguageClient\(\s*'([^']+)'/.exec(extensionTs)?.[1];
  assert.ok(id, 'client id found in extension.ts');
  const trace = readPkg().contributes.configuration.properties[`${id}.trace.server`];
  assert.ok(trace, `${id}.trace.server is contributed (vscode-languageclient reads <clientId>.trace.server)`);
  assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
  assert.equal(trace.default, 'off');
  assert.equal(trace.scope, 'window');
});

test('commands: exactly those the client registers, shown only for JSON', () => {
  const pkg = readPkg();
  // A command id is a literal in extension.ts or a constant of the shared protocol module.
  const protocolTs = fs.readFileSync(path.join(ROOT, 'server', 'src', 'protocol.ts'), 'utf8');
  const constant = (name: string) => new RegExp(`export const ${name} = '([^']+)'`).exec(protocolTs)?.[1];
  const registered = [...extensionTs.matchAll(/registerCommand\(\s*(?:'([^']+)'|([A-Z_]+)\b)/g)].map((m) => m[1] ?? constant(m[2])).sort();
  assert.ok(registered.every((c) => c), registered.join());
  assert.ok(registered.length > 0);
  assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), registered);
  for (const c of pkg.contributes.commands) {
    assert.ok(c.title && c.category, `${c.command} has a title and a category`);
    const menu = pkg.contributes.menus?.commandPalette?.find((m) => m.command === c.command);
    assert.match(menu?.when ?? '', /editorLangId == json\b/);
  }
  const pin = pkg.contributes.commands.find((c) => c.command === 'cloudhsmPolicy.pinRole');
  assert.equal(`${pin?.category}: ${pin?.title}`, 'CloudHSM Policy: Pin principal class…');
});

test('activation and capabilities agree with the client', () => {
  const pkg = readPkg();
  const languages = [...new Set([...extensionTs.matchAll(/language:\s*'([^']+)'/g)].map((m) => m[1]))];
  assert.ok(languages.length > 0);
  for (const l of languages) assert.ok(pkg.activationEvents.includes(`onLanguage:${l}`), `activates on ${l}`);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.ok(pkg.capabilities.untrustedWorkspaces.description);
  // Full virtual-workspace support needs a document selector that is not limited to file/untitled.
  const selector = /documentSelector:\s*\[([\s\S]*?)\]/.exec(extensionTs)?.[1] ?? '';
  const schemes = [...selector.matchAll(/scheme:\s*'([^']+)'/g)].map((m) => m[1]);
  const entries = (selector.match(/\{/g) ?? []).length;
  const onlyLocal = entries > 0 && schemes.length === entries && schemes.every((s) => s === 'file' || s === 'untitled');
  const virtual = pkg.capabilities.virtualWorkspaces;
  const supported = typeof virtual === 'object' ? virtual.supported : virtual;
  assert.equal(supported, onlyLocal ? 'limited' : true, onlyLocal
    ? 'the client only handles file: and untitled: documents, so virtual workspaces are only partly supported'
    : 'the client handles documents of any scheme: declare virtualWorkspaces supported');
  if (typeof virtual === 'object') assert.ok(virtual.description);
});

test('every file the manifest points at exists', () => {
  const pkg = readPkg();
  const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));
  if (pkg.icon) assert.ok(exists(pkg.icon), pkg.icon);
  // No jsonValidation: the policy schema (schemas/policy.schema.json) fails on nothing and suggests
  // nothing, so in VS Code it would only add a second hover next to the language server's on every
  // element, operator and condition key. It stays in schemas/ for other tools.
  assert.equal(pkg.contributes.jsonValidation, undefined, 'the schema would duplicate the server\'s hovers');
  for (const g of pkg.contributes.grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')) as { scopeName: string; injectionSelector?: string };
    assert.equal(grammar.scopeName, g.scopeName, `${g.path} scopeName`);
    if (g.injectTo) {
      assert.ok(grammar.injectionSelector, `${g.path} is an injection grammar`);
      assert.deepEqual([...g.injectTo].sort(), ['source.json', 'source.json.comments']);
    }
  }
  for (const s of pkg.contributes.snippets ?? []) assert.ok(exists(s.path), s.path);
});

test('.vscodeignore is an allow-list that keeps node_modules, source maps and the CLI out', async () => {
  const pkg = readPkg();
  assert.equal(pkg.files, undefined, 'vsce refuses a package.json "files" field next to .vscodeignore');
  const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**', 'the first rule ignores everything');
  for (const l of lines.slice(1)) {
    assert.ok(l.startsWith('!'), `after "**" only re-includes: ${l}`);
    assert.doesNotMatch(l, /node_modules|\.map\b|^!dist\/\*|^!dist\/\*\*|cli\.js/, `${l} must not re-include node_modules, maps or the CLI`);
  }
  // What vsce would really package (same code path as `vsce ls --no-dependencies`).
  const { listFiles, PackageManager } = await import('@vscode/vsce');
  const files = (await listFiles({ cwd: ROOT, packageManager: PackageManager.None })).sort();
  for (const f of files) {
    assert.doesNotMatch(f, /^node_modules\/|\.map$|^dist\/cli\.js$|\.vsix$|^(test|server|client|scripts|bench|bin)\//, `${f} would be packaged`);
    assert.doesNotMatch(f, /\.ts$/, `${f} would be packaged`);
  }
  const needed = ['package.json', 'LICENSE', 'CHANGELOG.md', pkg.icon ?? '',
    ...pkg.contributes.grammars.map((g) => g.path), ...(pkg.contributes.snippets ?? []).map((s) => s.path)]
    .filter(Boolean).map((f) => path.posix.normalize(f.replace(/^\.\//, '')));
  for (const f of needed) assert.ok(files.includes(f), `${f} is packaged`);
  // Screenshots ship only for the README (the Marketplace page); unreferenced ones are dead weight.
  const readme = path.join(ROOT, 'README.md');
  if (fs.existsSync(readme)) {
    const text = fs.readFileSync(readme, 'utf8');
    for (const f of files.filter((x) => x.startsWith('docs/'))) assert.ok(text.includes(f), `${f} is packaged but README.md does not show it`);
  }
  // The bundles ship when they are built (npm run build); their maps never do.
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/server-main.js', 'dist/host-readers.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm', 'dist/catalog.json', 'dist/catalog-descriptions.json']) if (fs.existsSync(path.join(ROOT, f))) assert.ok(files.includes(f), `${f} is packaged`);
  assert.equal(path.posix.normalize(pkg.main.replace(/^\.\//, '')), 'dist/client.js');
});

test('.vscodeignore re-includes only files that exist (bundles: those scripts/build.js writes)', () => {
  const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('!'));
  const build = fs.readFileSync(path.join(ROOT, 'scripts', 'build.js'), 'utf8');
  const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') return [];
    return e.isDirectory() ? walk(rel) : [rel];
  });
  const onDisk = walk('');
  assert.ok(lines.length > 5);
  for (const l of lines) {
    const glob = l.slice(1);
    // dist/ is built: a bundle (outfile) or a file scripts/build.js copies there (named in it).
    if (glob.startsWith('dist/')) assert.ok(build.includes(`outfile: '${glob}'`) || build.includes(path.posix.basename(glob)), `${glob} is not a file scripts/build.js writes`);
    else assert.ok(onDisk.some((f) => matchGlob(glob, f)), `${l} in .vscodeignore names no file`);
  }
});

test('the manifest points at the publisher\'s repository (one URL, also the diagnostics\' and SARIF\'s docs links)', () => {
  const pkg = readPkg();
  assert.equal(pkg.repository.type, 'git');
  assert.equal(pkg.repository.url, `${REPOSITORY_URL}.git`);
  assert.equal(pkg.homepage, `${REPOSITORY_URL}#readme`);
  assert.equal(pkg.bugs.url, `${REPOSITORY_URL}/issues`);
  assert.ok(DOCS_URL.startsWith(`${REPOSITORY_URL}/`));
  for (const f of ['server/src/toProto.ts', 'server/src/cli/sarif.ts']) {
    const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
    assert.doesNotMatch(src, /github\.com|README\.md#/, `${f} writes a URL of its own instead of importing it from links.ts`);
  }
});

test('0.x is marked preview; relative README links are rewritten for the Marketplace; the bundles target engines.node', () => {
  const pkg = readPkg();
  assert.equal(pkg.preview, /^0\./.test(pkg.version));
  assert.doesNotMatch(pkg.scripts.package, /--no-rewrite-relative-links/, 'relative README links would lead nowhere on the Marketplace');
  assert.match(pkg.engines.node, /^>=\d+$/);
  // scripts/build.js derives esbuild's target from engines.node; no other target is written there.
  const build = fs.readFileSync(path.join(ROOT, 'scripts', 'build.js'), 'utf8');
  assert.match(build, /engines\.node/);
  assert.doesNotMatch(build, /target: 'node\d+'/);
});

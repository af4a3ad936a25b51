/**
 * Snapshot tests of the injection grammar (syntaxes/iam-policy.injection.tmLanguage.json): tokenizes
 * test/grammar/fixtures with vscode-tmgrammar-test and compares with the committed .snap files.
 * How to regenerate the snapshots: test/grammar/README.md.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const GRAMMAR_DIR = path.join(ROOT, 'test', 'grammar');
const FIXTURES = path.join(GRAMMAR_DIR, 'fixtures');
const SNAP_BIN = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'snapshot.js');
const INJECTION = path.join(ROOT, 'syntaxes', 'iam-policy.injection.tmLanguage.json');

/** The two runs: JSON fixtures as source.json, JSON with Comments fixtures as source.json.comments. */
const RUNS = [
  { ext: '.json', scope: 'source.json', grammars: ['json.tmLanguage.json'] },
  { ext: '.jsonc', scope: 'source.json.comments', grammars: ['json.tmLanguage.json', 'jsonc.tmLanguage.json'] },
];

function fixtures(dir: string, ext: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
}

/** Runs vscode-tmgrammar-snap (never with --updateSnapshot) and returns its exit status and output. */
function snap(cwd: string, config: string, run: typeof RUNS[number], fixtureDir: string): { status: number | null; output: string } {
  const args = [SNAP_BIN, '--config', config, ...run.grammars.flatMap((g) => ['-g', path.join(GRAMMAR_DIR, g)]), '-s', run.scope,
    path.join(fixtureDir, `*${run.ext}`)];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('every fixture has a snapshot and every snapshot a fixture', () => {
  const all = fs.readdirSync(FIXTURES);
  const sources = all.filter((f) => !f.endsWith('.snap'));
  assert.ok(sources.length >= 5, `fixtures in ${FIXTURES}`);
  for (const f of sources) {
    assert.ok(RUNS.some((r) => f.endsWith(r.ext)), `${f}: fixtures are .json or .jsonc`);
    // vscode-tmgrammar-snap writes a missing snapshot and passes: a missing one must fail here instead.
    assert.ok(all.includes(`${f}.snap`), `${f} has no snapshot: generate it (test/grammar/README.md) and review it`);
  }
  for (const s of all.filter((f) => f.endsWith('.snap'))) assert.ok(sources.includes(s.slice(0, -5)), `${s} has no fixture`);
});

test('the fixtures cover actions, wildcards, ARNs, policy variables, comments and non-policy JSON', () => {
  const snaps = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.snap')).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
  for (const scope of [
    'support.type.service.iam', 'entity.name.function.action.iam', 'keyword.operator.wildcard.iam', 'keyword.other.arn.iam',
    'constant.language.partition.iam', 'constant.other.region.iam', 'constant.numeric.account.iam', 'string.unquoted.arn-resource.iam',
    'variable.other.policy.iam', 'constant.character.escape.policy-variable.iam', 'string.quoted.single.default-value.iam',
  ]) assert.ok(snaps.includes(scope), `some snapshot shows ${scope}`);
  // Negative cases: nothing IAM-specific in a package.json-like file.
  assert.doesNotMatch(fs.readFileSync(path.join(FIXTURES, 'non-policy.json.snap'), 'utf8'), /\.iam\b/);
});

for (const run of RUNS) {
  test(`the grammar's output matches the snapshots (${run.scope})`, () => {
    const names = fixtures(FIXTURES, run.ext);
    assert.ok(names.length > 0);
    const { status, output } = snap(ROOT, path.join(ROOT, 'package.json'), run, FIXTURES);
    assert.equal(status, 0, `grammar output differs from the snapshots (review, then regenerate: test/grammar/README.md):\n${output}`);
    for (const n of names) assert.match(output, new RegExp(`${n.replace(/\./g, '\\.')} run successfully`), output);
  });
}

test('a changed scope is caught (the comparison is not vacuous)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grammar-snap-'));
  try {
    const grammar = fs.readFileSync(INJECTION, 'utf8');
    assert.ok(grammar.includes('entity.name.function.action.iam'));
    fs.writeFileSync(path.join(tmp, 'injection.json'), grammar.replace(/entity\.name\.function\.action\.iam/g, 'entity.name.function.changed.iam'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const grammars = pkg.contributes.grammars.map((g: { path: string }) =>
      path.resolve(ROOT, g.path) === INJECTION ? { ...g, path: './injection.json' } : g);
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ contributes: { grammars } }));
    fs.mkdirSync(path.join(tmp, 'fixtures'));
    for (const f of ['actions.json', 'actions.json.snap']) fs.copyFileSync(path.join(FIXTURES, f), path.join(tmp, 'fixtures', f));
    const before = fs.readFileSync(path.join(tmp, 'fixtures', 'actions.json.snap'), 'utf8');
    const { status, output } = snap(tmp, path.join(tmp, 'package.json'), RUNS[0], path.join(tmp, 'fixtures'));
    assert.notEqual(status, 0, output);
    assert.match(output, /entity\.name\.function\.changed\.iam/);
    assert.equal(fs.readFileSync(path.join(tmp, 'fixtures', 'actions.json.snap'), 'utf8'), before, 'the tool must not rewrite snapshots');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

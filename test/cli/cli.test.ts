/**
 * The CLI as CI uses it: the built bin over files, folders and stdin; formats; exit codes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

const BIN = path.join(ROOT, 'bin', 'cloudhsm-policy-lint.js');
function cli(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chsm-cli-'));
const write = (name: string, text: string | Buffer) => { const p = path.join(tmp, name); fs.writeFileSync(p, text); return p; };
const GOOD = fs.readFileSync(path.join(ROOT, 'examples', 'key-store-manager.json'), 'utf8');

test('exit 0 and "ok" for a correct policy', () => {
  const r = cli([path.join('examples', 'key-store-manager.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /key-store-manager\.json: ok/);
});

test('exit 1 when there is an error-severity finding', () => {
  const r = cli([write('bad.json', '{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"kms:Decrypt","Resource":"*"}]}')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\[invalid-effect\]/);
});

test('--exit-zero reports but exits 0', () => {
  const r = cli(['--exit-zero', 'examples']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\d+ errors?,/);
  assert.doesNotMatch(r.stdout, / 0 errors,/);
});

test('exit 0 with warnings only', () => {
  const r = cli([path.join('examples', 'service-linked-role-stale-v1.json')]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /missing-action/);
});

test('exit 2 on a usage error, with a message naming the valid class ids', () => {
  const r = cli(['--role', 'admin', 'examples']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown principal class "admin": valid ids are key-store-manager, cluster-manager, key-manager, key-user, service-linked-role/);
  assert.equal(cli(['--format', 'xml', 'examples']).code, 2);
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['--bogus']).code, 2);
  assert.equal(cli(['--severity', 'no-such-check=off', 'examples']).code, 2);
});

test('exit 2 on unreadable input, with a message', () => {
  const r = cli([path.join(tmp, 'does-not-exist.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or folder/);
});

test('a file that is not UTF-8 is an error finding of that file (byte offset, range), in text, JSON and SARIF; the other files are checked', () => {
  // {"Version":"2012-10-17","Statement":[{"Sid":"Caf<0xE9>","Effect":"Allow",...}]}: Latin-1, not UTF-8.
  const head = Buffer.from('{"Version":"2012-10-17","Statement":[{"Sid":"Caf', 'utf8');
  const latin1 = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}', 'utf8')]);
  const bad = write('latin1.json', latin1);
  const good = write('good-after.json', GOOD);
  const expectedMessage = new RegExp(`byte 0xE9 at byte offset ${head.length}\\b.*UTF-8 only`);

  const text = cli([bad, good]);
  assert.equal(text.code, 1, text.stderr);
  assert.equal(text.stderr, '');
  assert.match(text.stdout, new RegExp(`1:${head.length + 1}  error +Not UTF-8: .*\\[json-syntax\\]`));
  assert.match(text.stdout, /good-after\.json: ok/);

  const json = cli(['--format', 'json', bad, good]);
  assert.equal(json.code, 1);
  const out = JSON.parse(json.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: string; message: string; range: unknown }> }>;
  assert.deepEqual(out.map((o) => path.basename(o.file)), ['latin1.json', 'good-after.json']);
  const enc = out[0].diagnostics.filter((d) => /^Not UTF-8/.test(d.message));
  assert.equal(enc.length, 1);
  assert.equal(enc[0].code, 'json-syntax');
  assert.equal(enc[0].severity, 'error');
  assert.match(enc[0].message, expectedMessage);
  // The invalid byte is one character (U+FFFD) in the decoded text: the range covers it.
  assert.deepEqual(enc[0].range, { start: { line: 0, character: head.length }, end: { line: 0, character: head.length + 1 } });
  assert.deepEqual(out[1].diagnostics, []);

  const sarif = JSON.parse(cli(['--format', 'sarif', bad]).stdout);
  const res = sarif.runs[0].results.find((x: { message: { text: string } }) => /^Not UTF-8/.test(x.message.text));
  assert.equal(res.ruleId, 'json-syntax');
  assert.equal(res.level, 'error');
  assert.match(res.message.text, expectedMessage);
  assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 1, startColumn: head.length + 1, endLine: 1, endColumn: head.length + 2 });

  // A multi-byte character before the bad byte: the byte offset counts bytes, the range UTF-16 units.
  const euro = Buffer.concat([Buffer.from('{"Version":"2012-10-17","Statement":[{"Sid":"\u20ac', 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]);
  const r2 = JSON.parse(cli(['--format', 'json', write('euro.json', euro)]).stdout)[0].diagnostics.find((d: { message: string }) => /^Not UTF-8/.test(d.message));
  const bytesBefore = Buffer.byteLength('{"Version":"2012-10-17","Statement":[{"Sid":"\u20ac');
  assert.match(r2.message, new RegExp(`byte 0xC3 at byte offset ${bytesBefore}\\b`));
  assert.equal(r2.range.start.character, bytesBefore - 2, 'the euro sign is 3 bytes but one UTF-16 unit');

  // --severity applies to it like to any json-syntax finding (the Sid with U+FFFD is invalid-sid's).
  assert.equal(cli(['--severity', 'invalid-sid=off', bad]).code, 1);
  const off = cli(['--format', 'json', '--severity', 'json-syntax=warning', '--severity', 'invalid-sid=off', bad]);
  assert.equal(off.code, 0);
  assert.equal(JSON.parse(off.stdout)[0].diagnostics.find((d: { message: string }) => /^Not UTF-8/.test(d.message)).severity, 'warning');
});

test('--format json: one object per file, role and diagnostics with actions', () => {
  const r = cli(['--format', 'json', 'examples']);
  const out = JSON.parse(r.stdout) as Array<{ file: string; role: string | null; diagnostics: Array<Record<string, unknown>> }>;
  const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
  assert.equal(out.length, files.length);
  const flawed = out.find((o) => o.file.endsWith('key-store-manager-flawed.json'))!;
  assert.equal(flawed.role, 'key-store-manager');
  const missing = flawed.diagnostics.find((d) => d.code === 'missing-action')!;
  assert.deepEqual(missing.actions, ['kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore']);
  assert.deepEqual(Object.keys(missing).sort(), ['actions', 'code', 'message', 'range', 'severity']);
  assert.deepEqual(missing.range, { start: { line: 6, character: 6 }, end: { line: 6, character: 14 } });
  assert.equal(out.find((o) => o.file.endsWith('trust-policy-flawed.json'))!.role, null);
});

test('--role pins the class and is echoed in the JSON output', () => {
  const r = cli(['--format', 'json', '--role', 'key-user', path.join('examples', 'key-store-manager.json')]);
  const [o] = JSON.parse(r.stdout);
  assert.equal(o.role, 'key-user');
  assert.ok(o.diagnostics.some((d: { code: string }) => d.code === 'excessive-action'));
  assert.equal(r.code, 1);
});

test('--principal-role pins classes per principal in a key policy; a malformed value is a usage error', () => {
  const kp = path.join('examples', 'key-policy.json');
  const pinned = cli(['--format', 'json', '--principal-role', 'arn:aws:iam::*:role/AppRole=key-manager', kp]);
  const [o] = JSON.parse(pinned.stdout);
  assert.ok(o.diagnostics.some((d: { code: string; message: string }) => d.code === 'missing-action' && d.message.includes('AppRole (KMS key manager)')));
  assert.equal(cli(['--format', 'json', kp]).code, 0);
  for (const bad of ['arn:aws:iam::*:role/AppRole', '=key-user', '*:role/App*=admin']) {
    const r = cli(['--principal-role', bad, kp]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--principal-role wants <principal ARN glob>=<class id>/);
  }
});

test('--severity overrides and turns checks off', () => {
  const f = write('sev.json', '{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"kms:Decrypt","Resource":"*"}]}');
  assert.equal(cli(['--severity', 'invalid-effect=warning', f]).code, 0);
  const r = cli(['--format', 'json', '--severity', 'invalid-effect=off', f]);
  assert.deepEqual(JSON.parse(r.stdout)[0].diagnostics.map((d: { code: string }) => d.code).filter((c: string) => c === 'invalid-effect'), []);
});

test('stdin with -', () => {
  const r = cli(['--format', 'json', '-'], GOOD);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout)[0].file, '<stdin>');
});

test('--format sarif is SARIF 2.1.0 with rules and 1-based regions', () => {
  const r = cli(['--format', 'sarif', path.join('examples', 'key-store-manager-flawed.json')]);
  const s = JSON.parse(r.stdout);
  assert.equal(s.version, '2.1.0');
  const run = s.runs[0];
  assert.equal(run.tool.driver.name, 'cloudhsm-policy-lint');
  assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'missing-action'));
  const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'missing-action');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 7);
  assert.equal(res.locations[0].physicalLocation.region.startColumn, 7);
  assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'missing-action');
});

test('a large --format json result is complete when piped', () => {
  const big = JSON.parse(GOOD);
  big.Statement[0].Action = Array.from({ length: 3000 }, (_, i) => `kms:NoSuchAction${i}`);
  const f = write('big.json', JSON.stringify(big));
  const r = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} --format json ${JSON.stringify(f)} | cat`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const out = JSON.parse(r.stdout);
  assert.ok(r.stdout.length > 1_000_000, `output is ${r.stdout.length} bytes`);
  assert.ok(out[0].diagnostics.length >= 3000);
});

test('folders: only files that look like policies; explicit non-policies are reported', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'tree-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x", "version": "1.0.0"}');
  fs.writeFileSync(path.join(dir, 'sub', 'p.json'), GOOD);
  const r = cli(['--format', 'json', dir]);
  assert.deepEqual(JSON.parse(r.stdout).map((o: { file: string }) => path.basename(o.file)), ['p.json']);
});

test('bad input never crashes: empty, BOM, CRLF, top-level array, 100,000 nested arrays, 5 MB', () => {
  const cases: Array<[string, string | Buffer]> = [
    ['empty.json', ''],
    ['bom.json', '\uFEFF' + GOOD],
    ['crlf.json', GOOD.replace(/\n/g, '\r\n')],
    ['array.json', '[1, 2, 3]'],
    ['string.json', '"Statement"'],
    ['nested.json', '['.repeat(100000) + ']'.repeat(100000)],
    ['big.json', JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 20000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: `arn:aws:kms:us-east-1:111122223333:key/${'0'.repeat(150)}${i}` })) })],
  ];
  for (const [name, text] of cases) {
    const f = write(name, text);
    const t0 = Date.now();
    const r = cli(['--format', 'json', f]);
    assert.ok(r.code === 0 || r.code === 1, `${name}: exit ${r.code} ${r.stderr}`);
    assert.doesNotThrow(() => JSON.parse(r.stdout), name);
    assert.equal(r.stderr, '', name);
    assert.ok(Date.now() - t0 < 20000, name);
  }
  assert.ok(fs.statSync(path.join(tmp, 'big.json')).size > 5_000_000);
});

test('the CLI never modifies its input files', () => {
  const before = new Map(fs.readdirSync(path.join(ROOT, 'examples')).map((f) => [f, fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')]));
  cli(['--format', 'json', 'examples']);
  for (const [f, text] of before) assert.equal(fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'), text, f);
});

test('--version names the catalog snapshot; --list-checks lists every check', () => {
  assert.match(cli(['--version']).stdout, /snapshot \d{4}-\d{2}-\d{2}, \d{5} actions/);
  const list = cli(['--list-checks']).stdout;
  for (const id of ['json-syntax', 'missing-action', 'excessive-action', 'unknown-action']) assert.match(list, new RegExp(`^${id} `, 'm'));
});

test('worker threads (CLOUDHSM_POLICY_LINT_JOBS) give the same report, in the same order, as one thread', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'many-'));
  // Enough files for several batches of 32, mixing the examples, a broken file and a non-policy.
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
  for (let i = 0; i < 90; i++) {
    const src = examples[i % examples.length];
    fs.copyFileSync(path.join(ROOT, 'examples', src), path.join(dir, `${String(i).padStart(3, '0')}-${src}`));
  }
  fs.writeFileSync(path.join(dir, '500-broken.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":');
  fs.writeFileSync(path.join(dir, '501-package.json'), '{"name":"x"}');
  const runWith = (jobs: string, format: string) => {
    const r = spawnSync(process.execPath, [BIN, '--format', format, dir], { cwd: ROOT, env: { ...process.env, CLOUDHSM_POLICY_LINT_JOBS: jobs }, maxBuffer: 1 << 28 });
    return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  };
  for (const format of ['json', 'text']) {
    const one = runWith('1', format);
    const three = runWith('3', format);
    assert.equal(three.stderr, one.stderr);
    assert.equal(three.code, one.code);
    assert.equal(three.stdout, one.stdout, format);
  }
  // 91: a folder search skips JSON that is no policy (501-package.json).
  assert.equal(JSON.parse(runWith('2', 'json').stdout).length, 91);
});

/**
 * The npm package is the CLI: `npm pack` holds the launcher, the bundle, README, LICENSE and CHANGELOG
 * and nothing of the sources or tests; installed from the tarball into an empty folder, offline,
 * `npx cloudhsm-policy-lint` runs there (the package has no runtime dependencies).
 */
import assert from 'node:assert/strict';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
// Offline: nothing may come from a registry; no audit, no funding or update notices.
const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
function sh(cmd: string, args: string[], opts: SpawnSyncOptions) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

test('npm pack ships the CLI and nothing else; installed offline from the tarball, npx cloudhsm-policy-lint runs', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies?: object };
  assert.equal(pkg.dependencies, undefined, 'the CLI bundle is self-contained: no runtime dependencies');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chsm-pack-'));
  // npm test has built dist/ already; --ignore-scripts keeps `prepare` from rebuilding it under the other tests.
  const packed = sh(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT });
  assert.equal(packed.code, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = info.files.map((f) => f.path).sort();
  // The bundle, the host readers' bundle, the catalog's two files and the WASM files the build puts next to it (read at run time).
  const wasm = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.wasm')).map((f) => `dist/${f}`);
  assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', pkg.bin['cloudhsm-policy-lint'], 'dist/cli.js', 'dist/host-readers.js', 'dist/catalog.json', 'dist/catalog-descriptions.json', ...wasm, 'package.json'].sort());

  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  // A package.json of its own keeps npm from installing into a parent folder.
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  const inst = sh(npm, ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, info.filename)], { cwd: app });
  assert.equal(inst.code, 0, inst.stderr);
  assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), [pkg.name], 'nothing but the package is installed');

  fs.copyFileSync(path.join(ROOT, 'examples', 'key-store-manager-flawed.json'), path.join(app, 'policy.json'));
  fs.writeFileSync(path.join(app, 'bad.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"kms:Decrypt","Resource":"*"}]}');
  const r = sh(npx, ['cloudhsm-policy-lint', '--format', 'json', 'policy.json', 'bad.json'], { cwd: app });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1, 'bad.json has an error-severity finding');
  const out = JSON.parse(r.stdout) as Array<{ file: string; role: string | null; diagnostics: Array<{ code: string; severity: string; actions?: string[] }> }>;
  assert.deepEqual(out.map((o) => o.file), ['policy.json', 'bad.json']);
  assert.equal(out[0].role, 'key-store-manager');
  const missing = out[0].diagnostics.find((d) => d.code === 'missing-action');
  assert.deepEqual(missing?.actions, ['kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore']);
  assert.deepEqual(out[1].diagnostics.map((d) => [d.code, d.severity]), [['invalid-effect', 'error']]);

  // Terraform and CloudFormation come from the host readers' bundle and the WASM next to it.
  fs.writeFileSync(path.join(app, 'main.tf'), 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "allow", Action = "kms:Decrypt", Resource = "*" }]\n  })\n}\n');
  fs.writeFileSync(path.join(app, 'stack.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: allow\n            Action: kms:Decrypt\n            Resource: "*"\n');
  const h = sh(npx, ['cloudhsm-policy-lint', '--format', 'json', 'main.tf', 'stack.yaml'], { cwd: app });
  assert.equal(h.stderr, '');
  const hosts = JSON.parse(h.stdout) as Array<{ file: string; diagnostics: Array<{ code: string }> }>;
  assert.deepEqual(hosts.map((o) => [o.file, o.diagnostics.map((d) => d.code)]), [['main.tf', ['invalid-effect']], ['stack.yaml', ['invalid-effect']]]);

  const v = sh(npx, ['cloudhsm-policy-lint', '--version'], { cwd: app });
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`^cloudhsm-policy-lint ${pkg.version.replace(/\./g, '\\.')} \\(action catalog`));
  fs.rmSync(tmp, { recursive: true, force: true });
});

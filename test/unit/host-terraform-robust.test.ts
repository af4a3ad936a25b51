/**
 * The Terraform reader on bad input: prefixes of every fixture (what is seen while typing), unterminated
 * heredocs and strings, broken interpolations and directives, and a 5 MB file. It must never throw
 * (`collectPolicies` is the reader without its safety net, so a bug shows here), report no HCL
 * problem, keep every range inside the text, and an incremental document must answer what a fresh
 * read answers. The long run (every prefix, random mutations) is test/fuzz/host-terraform.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { collectPolicies, readTerraform, TerraformDocument } from '../../server/src/analysis/host/terraform/reader';
import type { EmbeddedPolicy } from '../../server/src/analysis/host/types';
import { ROOT } from '../helpers';
import { checkRead, terraformParser } from '../terraform';

const DIR = path.join(ROOT, 'test/fixtures/terraform');
const FIXTURES = fs.readdirSync(DIR).filter((f) => f.endsWith('.tf')).map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') }));

function strip(r: { policies: EmbeddedPolicy[] }): unknown {
  return r.policies.map(({ writer: _w, ...p }) => p);
}

async function readChecked(text: string) {
  const parser = await terraformParser();
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    const r = collectPolicies(tree, text);
    checkRead(text, r);
    return r;
  } finally {
    tree.delete();
  }
}

test('prefixes of every fixture (one in 97, and every offset of one statement): no throw, no problem, ranges inside', async () => {
  let n = 0;
  for (const f of FIXTURES) {
    for (let i = 0; i <= f.text.length; i += 97) { await readChecked(f.text.slice(0, i)); n++; }
  }
  // every prefix through one whole policy, typed into an incremental document
  const text = FIXTURES.find((f) => f.name === 'keystore-jsonencode.tf')!.text;
  const start = text.indexOf('resource "aws_kms_key" "in_key_store"');
  const end = text.indexOf('Sid       = "AllowAccessForKeyAdministrators"');
  const doc = new TerraformDocument(await terraformParser());
  for (let i = start; i <= end; i++) {
    const prefix = text.slice(0, i);
    const r = doc.update(prefix);
    checkRead(prefix, r);
    if (i % 53 === 0) assert.deepEqual(strip(r), strip(readTerraform(await terraformParser(), prefix)), `prefix ${i}`);
    n++;
  }
  doc.dispose();
  assert.ok(n > 800, `${n} prefixes`);
});

test('unterminated heredocs and strings, broken interpolations and directives', async () => {
  const inputs = [
    'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{ "Statement": [\n',
    'resource "aws_iam_policy" "p" {\n  policy = <<-EOT\n  { "Statement": [ { "Resource": "${var.x" } ] }\n  EO\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Resource = "arn:${var.x" }] })\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Resource = "arn:${" }] })\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Resource = "%{ if x }a%{ endif" }] })\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Resource = "\\u12" , Action = "$$${x}\\', 
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Action = [, , "a" "b"] = }] })\n}\n',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ "Statement" = [{ (x = "y" }',
    'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = [\n    condition {\n      test = \n',
    'data "aws_iam_policy_document" "d" {\n  source_policy_documents = [data.aws_iam_policy_document.d.json]\n  statement {\n    principals {\n      type = "AWS"\n    }\n    condition { values = ["x"] }\n  }\n}\n',
    'resource "aws_iam_role" {\n  inline_policy {\n    policy = jsonencode({Statement=[]})\n',
    '{"resource": {"aws_iam_policy": {"p": {"policy": "{}"}}}}',
    '\u0000\uffff"${"}}}]]]',
    '"'.repeat(1000) + '{'.repeat(5000) + '['.repeat(5000),
    'locals {\n  p = jsonencode(' + '['.repeat(3000) + '{ Statement = [] }' + ']'.repeat(3000) + ')\n}\n',
  ];
  for (const text of inputs) await readChecked(text);
  const deep = await readChecked('resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = ' + '['.repeat(400) + ']'.repeat(400) + ' })\n}\n');
  assert.equal(deep.policies.length, 1);
});

test('a 500 KB Terraform file is read in one piece; a 5 MB one is declined with one problem, at once', async () => {
  const one = FIXTURES.find((f) => f.name === 'keystore-jsonencode.tf')!.text;
  const copies = Math.ceil(500_000 / one.length);
  const r = readTerraform(await terraformParser(), one.repeat(copies));
  assert.equal(r.policies.length, 9 * copies);
  assert.deepEqual(r.problems, []);
  const big = one.repeat(Math.ceil(5_000_000 / one.length));
  const declined = readTerraform(await terraformParser(), big);
  assert.deepEqual(declined.policies, []);
  assert.equal(declined.problems.length, 1);
  assert.match(declined.problems[0].message, /^This Terraform file has 5,00\d,\d{3} characters, more than 2,000,000: the policies in it are not checked\.$/);
  const doc = new TerraformDocument(await terraformParser());
  assert.deepEqual(doc.update(big).problems, declined.problems);
  assert.equal(doc.update(one).policies.length, 9);
  doc.dispose();
});

test('nothing is reported outside policies: a file without policies reads as none', async () => {
  const text = [
    'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  environment {\n    variables = { STATEMENT = "x" }\n  }\n}',
    'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = data.aws_iam_policy_document.elsewhere.json\n}',
    'resource "aws_s3_bucket" "b" {\n  bucket = "b" # Statement\n}',
    'syntax error here {{{',
  ].join('\n');
  const r = await readChecked(text);
  assert.deepEqual(r.policies, []);
});

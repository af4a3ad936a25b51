/**
 * Protocol tier on host files: a template with Terraform syntax opened as a `.json.tpl` file gets
 * squiggles inside its policy and none about computed values, a quick fix that edits the template,
 * completion inside a policy string, and a class CodeLens; a YAML file that is no template gets nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { actionEdits, LspClient } from './client';
import { byCode, codes, offsetAfter, rangeOf } from './fixtures';

const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UseKeys",
      "Effect": "Allow",
      "Action": ["kms:Encrypt", "kms:Decryptt", "kms:DescribeKey"],
      "Resource": "arn:aws:kms:\${region}:\${account_id}:key/*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "$\${aws:username}" } }
    }
  ]
}
`;

const STACK = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: use-keys
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - kms:Encrypt
                  - kms:Decryptt
                  - kms:DescribeKey
                Resource: !Sub "arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/*"
`;

const items = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : r?.items ?? []);

describe('host files over LSP', () => {
  let c: LspClient;
  before(async () => { c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } }); });
  after(async () => { await c.stop(); });

  test('a template: a squiggle inside its policy, nothing about the computed values, a quick fix that edits the template', async () => {
    const uri = 'file:///work/hosts/key-user.json.tpl';
    await c.open(uri, TEMPLATE, 'plaintext');
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(codes(p.diagnostics), ['unknown-action']);
    const diag = byCode(p.diagnostics, 'unknown-action')[0];
    assert.deepEqual(diag.range, rangeOf(TEMPLATE, '"kms:Decryptt"'));
    const actions = (await c.codeAction(uri, diag.range, [diag], ['quickfix']))!;
    const fix = actions.find((a) => /kms:Decrypt"?$/.test(a.title) || a.title.includes('"kms:Decrypt"'));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const { edits } = actionEdits(fix, uri);
    const v2 = await c.applyTextEdits(uri, edits);
    const after = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(codes(after.diagnostics), []);
    assert.ok(c.text(uri).includes('"arn:aws:kms:${region}:${account_id}:key/*"'), 'the template syntax is kept');
    assert.ok(c.text(uri).includes('"$${aws:username}"'));
    const lenses = (await c.codeLens(uri)) ?? [];
    assert.ok(lenses.length >= 1, 'a class verdict for the embedded policy');
  });

  test('completion inside a policy string of a template', async () => {
    const uri = 'file:///work/hosts/complete.tftpl';
    await c.open(uri, TEMPLATE, 'plaintext');
    await c.waitForDiagnostics(uri, { version: 1 });
    const list = items(await c.completion(uri, offsetAfter(TEMPLATE, '"kms:Des')));
    assert.ok(list.some((i) => /DescribeKey/.test(i.label)), list.slice(0, 10).map((i) => i.label).join());
  });

  test('a CloudFormation template: a squiggle inside the policy, nothing about !Sub, a quick fix that edits the YAML, completion', async () => {
    const uri = 'file:///work/hosts/stack.yaml';
    await c.open(uri, STACK, 'yaml');
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(codes(p.diagnostics), ['unknown-action']);
    const diag = byCode(p.diagnostics, 'unknown-action')[0];
    assert.deepEqual(diag.range, rangeOf(STACK, 'kms:Decryptt'));
    const actions = (await c.codeAction(uri, diag.range, [diag], ['quickfix']))!;
    const fix = actions.find((a) => a.title.includes('kms:Decrypt'));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const v2 = await c.applyTextEdits(uri, actionEdits(fix, uri).edits);
    const after = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(codes(after.diagnostics), []);
    assert.ok(c.text(uri).includes('                  - kms:Decrypt\n'), c.text(uri));
    assert.ok(c.text(uri).includes('!Sub "arn:aws:kms:${AWS::Region}'), 'the intrinsic is kept');
    const list = items(await c.completion(uri, offsetAfter(c.text(uri), '- kms:Enc')));
    assert.ok(list.some((i) => /Encrypt/.test(i.label)), list.slice(0, 10).map((i) => i.label).join());
  });

  test('a YAML file that is no template gets no diagnostics, even with a quoted "Statement"', async () => {
    const uri = 'file:///work/hosts/notes.yaml';
    await c.open(uri, 'title: "Statement"\nitems: [1, 2\n', 'yaml');
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(p.diagnostics, []);
  });
});

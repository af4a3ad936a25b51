// @ts-check
// Policies inside host documents (issues 13 and 14): a Terraform file and a CloudFormation template get
// our diagnostics at the exact ranges of the policy values inside them, and quick fixes applied through
// the real code action API edit the HCL / YAML in place.
//
// No Terraform extension is installed in the test VS Code (nothing is downloaded), so a `.tf` file gets
// the language id VS Code gives it without one (plain text): the extension must take it by file pattern.
// A CloudFormation template is `yaml`, a language VS Code knows itself.
'use strict';
const vscode = require('vscode');
const assert = require('assert');
const { open, waitForCodes, waitForDiagnostics, only, rangeOf, describe, codeOf, quickFixes, applyAction } = require('./helpers');

/**
 * One host file and what the tests expect of it.
 * @typedef {{ name: string, file: string, languageOk: (id: string) => boolean, language: string,
 *   policyStart: string, policyEnd: string, typo: string, typoFixed: string, excessive: string,
 *   excessiveLine: string, computed: string }} Host
 */
/** @type {Host[]} */
const HOSTS = [
  {
    name: 'Terraform (.tf, jsonencode)',
    file: 'terraform/key-user.tf',
    // without HashiCorp's extension VS Code has no `terraform` language: plain text
    languageOk: id => id !== 'terraform',
    language: 'not "terraform" (no Terraform extension installed)',
    policyStart: 'jsonencode({',
    policyEnd: '  })\n}',
    typo: '"kms:Decryptt"',
    typoFixed: '          "kms:Decrypt",\n',
    excessive: '"kms:ScheduleKeyDeletion"',
    excessiveLine: '          "kms:ScheduleKeyDeletion",\n',
    computed: '"arn:aws:kms:${var.region}:${data.aws_caller_identity.current.account_id}:key/*"',
  },
  {
    name: 'CloudFormation (YAML, inline policy of a role)',
    file: 'cloudformation/key-user-role.yaml',
    languageOk: id => id === 'yaml',
    language: 'yaml',
    policyStart: 'AssumeRolePolicyDocument:', // the role's two policies: its trust policy and its inline policy
    policyEnd: ':key/${KeyId}',
    typo: 'kms:Decryptt',
    typoFixed: '                  - kms:Decrypt\n',
    excessive: 'kms:ScheduleKeyDeletion',
    excessiveLine: '                  - kms:ScheduleKeyDeletion\n',
    computed: '!Sub arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}',
  },
];

/** @param {vscode.CodeAction[]} actions */
const titles = actions => actions.map(a => JSON.stringify(a.title)).join(', ') || 'none';

exports.register = (/** @type {(name: string, fn: () => Promise<void>) => void} */ test) => {
  for (const h of HOSTS) {
    test(`${h.name}: squiggles inside the embedded policy, with our codes at the policy values' ranges`, async () => {
      const { doc, uri } = await open(h.file);
      assert.ok(h.languageOk(doc.languageId), `${h.file} has language id ${doc.languageId}; expected ${h.language}`);
      const ds = await waitForCodes(uri, ['unknown-action', 'excessive-action']);
      const typo = only(ds, 'unknown-action');
      assert.deepStrictEqual(typo.range, rangeOf(doc, h.typo), `unknown-action covers ${h.typo} in the host file:\n      ${describe(ds)}`);
      assert.strictEqual(typo.severity, vscode.DiagnosticSeverity.Error);
      assert.match(typo.message, /kms:Decrypt\b/, 'the message suggests the closest action');
      const excessive = only(ds, 'excessive-action');
      assert.deepStrictEqual(excessive.range, rangeOf(doc, h.excessive), `excessive-action covers ${h.excessive}:\n      ${describe(ds)}`);
      assert.strictEqual(excessive.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(excessive.message, /key user/i, 'the key user class is inferred from the embedded policy');
      // every finding lies inside the embedded policy: nothing about the HCL/YAML around it
      const text = doc.getText();
      const inside = new vscode.Range(doc.positionAt(text.indexOf(h.policyStart)), doc.positionAt(text.indexOf(h.policyEnd) + h.policyEnd.length));
      assert.ok(ds.every(d => inside.contains(d.range)), `all diagnostics inside the policy ${inside.start.line + 1}-${inside.end.line + 1}:\n      ${describe(ds)}`);
      // the value the host computes (an interpolation, an intrinsic function) is unknown, never a finding
      const computed = rangeOf(doc, h.computed);
      assert.ok(!ds.some(d => d.range.intersection(computed)), `no finding on the computed Resource:\n      ${describe(ds)}`);
      assert.deepStrictEqual(ds.map(codeOf).sort(), ['excessive-action', 'unknown-action'], `no other finding:\n      ${describe(ds)}`);
    });

    test(`${h.name}: the quick fix for an unknown action edits it in place`, async () => {
      const { doc, uri } = await open(h.file);
      const before = doc.getText();
      const d = only(await waitForCodes(uri, ['unknown-action']), 'unknown-action');
      const actions = await quickFixes(uri, d.range);
      const fix = actions.find(a => /kms:Decrypt\b/.test(a.title) && a.edit);
      assert.ok(fix, `a fix to kms:Decrypt; offered: ${titles(actions)}`);
      await applyAction(fix);
      // exactly the action's text changed: quoting, indentation and everything around it are kept
      const typoLine = h.typoFixed.replace('kms:Decrypt', 'kms:Decryptt');
      assert.ok(before.includes(typoLine), `fixture line ${JSON.stringify(typoLine)}`);
      assert.strictEqual(doc.getText(), before.replace(typoLine, h.typoFixed));
      await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'unknown-action') && ds.some(x => codeOf(x) === 'excessive-action'),
        'unknown-action to go away (excessive-action stays)');
    });

    test(`${h.name}: the quick fix for an excessive action removes it from the list`, async () => {
      const { doc, uri } = await open(h.file);
      const before = doc.getText();
      const d = only(await waitForCodes(uri, ['excessive-action']), 'excessive-action');
      const actions = await quickFixes(uri, d.range);
      const fix = actions.find(a => a.title === 'Remove kms:ScheduleKeyDeletion');
      assert.ok(fix, `"Remove kms:ScheduleKeyDeletion" offered; offered: ${titles(actions)}`);
      await applyAction(fix);
      // the list item's whole line goes, its neighbours stay as written (HCL trailing commas, YAML dashes)
      assert.ok(before.includes(h.excessiveLine), `fixture line ${JSON.stringify(h.excessiveLine)}`);
      assert.strictEqual(doc.getText(), before.replace(h.excessiveLine, ''));
      await waitForDiagnostics(uri, ds => !ds.some(x => codeOf(x) === 'excessive-action'), 'excessive-action to go away');
    });
  }
};

/**
 * Protocol tier: quick fixes and source.fixAll over stdio. Every edit a code action returns is
 * applied through didChange, and the server's next publication must no longer report the problem.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionEdits, CodeAction, applyTextEdits, LspClient } from './client';
import { byCode, FIXABLE, FLAWED, rangeOf } from './fixtures';

const FIX_ALL = 'source.fixAll.cloudhsmPolicy';

describe('code actions', () => {
  let c: LspClient;
  let n = 0;
  const fresh = () => `file:///work/actions/doc-${++n}.json`;
  before(async () => { c = await LspClient.start({ settings: {}, initializationOptions: { delay: 0 } }); });
  after(async () => { await c.stop(); });

  test('the quick fix of a diagnostic, applied, removes it', async () => {
    const uri = fresh();
    await c.open(uri, FLAWED);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    const diag = byCode(p.diagnostics, 'invalid-effect')[0];
    assert.ok(diag, JSON.stringify(p.diagnostics));
    const actions = (await c.codeAction(uri, diag.range, [diag], ['quickfix']))!;
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title === 'Change Effect to "Allow"');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diag], 'the action names the diagnostic it fixes');
    assert.ok(!actions.some((a) => a.kind === FIX_ALL), 'only=quickfix excludes fix-all');
    const { version, edits } = actionEdits(fix, uri);
    assert.equal(version, 1, 'the edit is versioned against the document it was computed for');
    assert.deepEqual(edits, [{ range: rangeOf(FLAWED, '"allow"'), newText: '"Allow"' }]);

    const v2 = await c.applyTextEdits(uri, edits);
    const after = await c.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(byCode(after.diagnostics, 'invalid-effect'), []);
    const expected = FLAWED.replace('"allow"', '"Allow"');
    assert.equal(c.text(uri), expected);
    // The incrementally edited document gets exactly the diagnostics of the fixed text opened afresh.
    const ref = fresh();
    await c.open(ref, expected);
    assert.deepEqual((await c.waitForDiagnostics(ref, { version: 1 })).diagnostics, after.diagnostics);
  });

  test('every quick fix offered for every diagnostic removes that diagnostic', async () => {
    for (const text of [FLAWED, FIXABLE]) {
      const uri = fresh();
      await c.open(uri, text);
      const p = await c.waitForDiagnostics(uri, { version: 1 });
      let tried = 0;
      for (const diag of p.diagnostics) {
        const actions = (await c.codeAction(uri, diag.range, [diag]))!;
        for (const a of actions.filter((x) => x.kind === 'quickfix')) {
          assert.deepEqual(a.diagnostics?.map((d) => d.code), [diag.code], `${a.title} names its diagnostic`);
          const fixedText = applyTextEdits(text, actionEdits(a, uri).edits);
          const target = `${fresh()}`;
          await c.open(target, fixedText);
          const q = await c.waitForDiagnostics(target, { version: 1 });
          assert.equal(byCode(q.diagnostics, String(diag.code)).length, byCode(p.diagnostics, String(diag.code)).length - 1,
            `"${a.title}" removes one ${diag.code} diagnostic:\n${fixedText}`);
          await c.close(target);
          tried++;
        }
      }
      assert.ok(tried >= 3, `at least 3 quick fixes offered for ${text.slice(0, 40)}, got ${tried}`);
    }
  });

  test('diagnostics from an older version get no quick fix', async () => {
    const uri = fresh();
    await c.open(uri, FLAWED);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    const old = byCode(p.diagnostics, 'invalid-effect')[0];
    const at = FLAWED.indexOf('"allow"') + 1;
    const v2 = await c.edit(uri, [{ offset: at, length: 5, newText: 'Alow' }]); // still invalid, different message
    const q = await c.waitForDiagnostics(uri, { version: v2 });
    const actions = (await c.codeAction(uri, old.range, [old], ['quickfix']))!;
    assert.deepEqual(actions, [], 'a stale diagnostic is not matched to the current finding');
    const cur = byCode(q.diagnostics, 'invalid-effect')[0];
    const fresh2 = (await c.codeAction(uri, cur.range, [cur], ['quickfix']))!;
    assert.ok(fresh2.length >= 1);
    assert.equal(actionEdits(fresh2[0], uri).version, v2);
  });

  test('source.fixAll applies every safe fix in one edit; the result is valid JSON with those problems gone', async () => {
    const uri = fresh();
    await c.open(uri, FIXABLE);
    const p = await c.waitForDiagnostics(uri, { version: 1 });
    for (const code of ['json-syntax', 'invalid-version', 'invalid-effect']) assert.ok(byCode(p.diagnostics, code).length > 0, `${code} in ${JSON.stringify(p.diagnostics)}`);
    assert.equal(byCode(p.diagnostics, 'json-syntax').length, 2, 'the comment and the trailing comma');
    const whole = { start: { line: 0, character: 0 }, end: c.document(uri).positionAt(FIXABLE.length) };
    const actions = (await c.codeAction(uri, whole, [], ['source.fixAll']))!;
    assert.equal(actions.length, 1, JSON.stringify(actions));
    const fixAll = actions[0] as CodeAction;
    assert.equal(fixAll.kind, FIX_ALL);
    const { version, edits } = actionEdits(fixAll, uri);
    assert.equal(version, 1);
    // "allow" -> "Allow" is a quick fix but not part of fix-all: it would turn a rejected statement into a grant.
    const expected = FIXABLE.replace('  // key users of the CloudHSM-backed key\n', '').replace('2012-10-18', '2012-10-17')
      .replace('"kms:Decrypt",\n', '"kms:Decrypt"\n');
    // The comment's line may keep its indentation; compare parsed JSON and then the problems.
    const fixed = applyTextEdits(FIXABLE, edits);
    assert.deepEqual(JSON.parse(fixed), JSON.parse(expected));

    const v2 = await c.applyTextEdits(uri, edits);
    const q = await c.waitForDiagnostics(uri, { version: v2 });
    for (const code of ['json-syntax', 'invalid-version']) assert.deepEqual(byCode(q.diagnostics, code), [], code);
    assert.equal(byCode(q.diagnostics, 'invalid-effect').length, 1, 'the misspelt Allow is left to the user');
    // Nothing safe is left: fix-all offers nothing the second time.
    const again = (await c.codeAction(uri, whole, [], ['source.fixAll']))!;
    assert.deepEqual(again, []);
  });

  test('fix-all is also offered under its own kind and under "source", and not for a non-policy', async () => {
    const uri = fresh();
    await c.open(uri, FIXABLE);
    await c.waitForDiagnostics(uri, { version: 1 });
    const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.equal((await c.codeAction(uri, r, [], [FIX_ALL]))!.length, 1);
    assert.equal((await c.codeAction(uri, r, [], ['source']))!.length, 1);
    const other = fresh();
    await c.open(other, '{ "name": "x", // comment\n "list": [1, 2,] }');
    const q = await c.waitForDiagnostics(other, { version: 1 });
    assert.deepEqual(q.diagnostics, []);
    assert.deepEqual(await c.codeAction(other, r, [], ['source.fixAll']), []);
  });
});

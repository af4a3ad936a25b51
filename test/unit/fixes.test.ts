/**
 * Every fix offered on the example policies and on every check's README example, applied: the
 * result is valid JSON, the targeted finding is gone, no new finding appears, and fix-all is
 * idempotent (applying it twice changes nothing the second time).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CHECKS, Finding } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import { fixAll, fixAllText } from '../../server/src/analysis/fixAll';
import { parseJson } from '../../server/src/analysis/json';
import { getCatalog, ROOT, run } from '../helpers';

const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))
  .map((f) => [`examples/${f}`, fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')] as const);
const CORPUS: Array<readonly [string, string]> = [...EXAMPLES, ...CHECKS.map((c) => [`example of ${c.id}`, c.example] as const)];

const ROLE_CODES = new Set(CHECKS.filter((c) => c.category === 'role').map((c) => c.id));
const key = (f: Finding) => `${f.code}|${f.message}`;
const count = (fs_: Finding[]) => fs_.reduce((m, f) => m.set(key(f), (m.get(key(f)) ?? 0) + 1), new Map<string, number>());

let applied = 0;
for (const [name, text] of CORPUS) {
  test(`every fix offered on ${name} works`, () => {
    const first = run(text, { force: true });
    const before = first.findings;
    const roles = (r: typeof first) => r.roles.map((v) => v.role).join();
    const beforeCounts = count(before);
    for (const f of before) {
      for (const fix of f.fixes ?? []) {
        const out = applyEdits(text, fix.edits);
        const what = `${name}: [${f.code}] "${fix.title}"`;
        const fatal = parseJson(out).problems.filter((p) => p.fatal);
        assert.deepEqual(fatal.map((p) => p.message), [], `${what} produced broken JSON:\n${out}`);
        const second = run(out, { force: true });
        const after = second.findings;
        const afterCounts = count(after);
        assert.ok((afterCounts.get(key(f)) ?? 0) < (beforeCounts.get(key(f)) ?? 0), `${what} left its finding:\n${out}`);
        // No new finding from the preferred and the safe fixes: no code occurs more often than before
        // (a message may change: "3 actions" becomes "2 actions"). An alternative fix may reveal one,
        // e.g. "Remove Action" of Action+NotAction leaves an Allow with NotAction, which is then reported.
        if (fix.isPreferred || fix.safe) {
          const byCode = (xs: Finding[]) => xs.reduce((m, g) => m.set(g.code, (m.get(g.code) ?? 0) + 1), new Map<string, number>());
          const b = byCode(before);
          // When the fix makes the policy fit a class (or another one), the new class's findings are news, not harm.
          const classChanged = roles(first) !== roles(second);
          const fresh = [...byCode(after)].filter(([c, n]) => n > (b.get(c) ?? 0) && !(classChanged && ROLE_CODES.has(c))).map(([c]) => c);
          assert.deepEqual(fresh, [], `${what} introduced findings:\n${out}\n${after.filter((g) => fresh.includes(g.code)).map((g) => g.message).join('\n')}`);
        }
        applied++;
      }
    }
  });
  test(`fix-all on ${name} is idempotent and never breaks the JSON`, () => {
    const once = fixAllText(getCatalog(), text, { force: true });
    assert.deepEqual(parseJson(once).problems.filter((p) => p.fatal).map((p) => p.message), []);
    assert.deepEqual(fixAll(getCatalog(), once, { force: true }), [], `second fix-all changed:\n${once}`);
  });
}

test('fixes were applied', () => {
  assert.ok(applied > 40, `${applied} fixes applied`);
});

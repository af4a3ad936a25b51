/**
 * The VS Code-style glob matcher of the settings (server/src/glob.ts) that maps files to principal
 * classes (cloudhsmPolicy.roles) and marks extra files as policies (cloudhsmPolicy.files): paths are
 * relative to the workspace folder with forward slashes; `**` spans folders, `*` and `?` stay within
 * one, `{a,b}` alternates, `[abc]` is a class; a glob without a slash matches the file name in any
 * folder; a malformed glob matches nothing and never throws.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { globToRegExp, matchGlob } from '../../server/src/glob';

function cases(rows: Array<[string, string, boolean]>): void {
  for (const [glob, file, want] of rows) assert.equal(matchGlob(glob, file), want, `${JSON.stringify(glob)} on ${JSON.stringify(file)}`);
}

test('** matches any number of folders, including none', () => {
  cases([
    ['**/*.json', 'a.json', true],
    ['**/*.json', 'policies/a.json', true],
    ['**/*.json', 'policies/key-users/app/a.json', true],
    ['**/*.json', 'policies/a.jsonc', false],
    ['policies/**/a.json', 'policies/a.json', true],
    ['policies/**/a.json', 'policies/x/y/a.json', true],
    ['policies/**/a.json', 'other/x/a.json', false],
    ['policies/**', 'policies/x/y/a.json', true],
    ['policies/**', 'policiesX/a.json', false],
    ['**', 'any/thing.json', true],
    ['**/key-users/*.json', 'key-users/a.json', true],
    ['**/key-users/*.json', 'deep/down/key-users/a.json', true],
    ['**/key-users/*.json', 'deep/key-users/x/a.json', false],
  ]);
});

test('* and ? stay within one folder', () => {
  cases([
    ['policies/*.json', 'policies/a.json', true],
    ['policies/*.json', 'policies/sub/a.json', false],
    ['policies/*', 'policies/a.json', true],
    ['policies/key-*.json', 'policies/key-user.json', true],
    ['policies/key-*.json', 'policies/kms-user.json', false],
    ['policies/a?c.json', 'policies/abc.json', true],
    ['policies/a?c.json', 'policies/ac.json', false],
    ['policies/a?c.json', 'policies/a/c.json', false],
    ['policies/*/a.json', 'policies/x/a.json', true],
    ['policies/*/a.json', 'policies/x/y/a.json', false],
  ]);
});

test('{a,b} alternates (nested too) and [abc] is a character class', () => {
  cases([
    ['policies/*.{json,jsonc}', 'policies/a.jsonc', true],
    ['policies/*.{json,jsonc}', 'policies/a.json', true],
    ['policies/*.{json,jsonc}', 'policies/a.yaml', false],
    ['{key-users,key-managers}/*.json', 'key-managers/a.json', true],
    ['{key-users,key-managers}/*.json', 'cluster/a.json', false],
    ['{a,{b,c}}.json', 'c.json', true],
    ['policy-[abc].json', 'policy-b.json', true],
    ['policy-[abc].json', 'policy-d.json', false],
    ['policy-[0-9].json', 'policy-7.json', true],
    ['policy-[!0-9].json', 'policy-x.json', true],
    ['policy-[!0-9].json', 'policy-7.json', false],
  ]);
});

test('a glob without a slash matches the file name in any folder', () => {
  cases([
    ['*.json', 'a.json', true],
    ['*.json', 'policies/deep/a.json', true],
    ['key-policy.json', 'a/b/key-policy.json', true],
    ['key-policy.json', 'a/b/other-key-policy.json', false],
    ['*-policy.json', 'x/kms-policy.json', true],
    ['{a,b}.json', 'x/b.json', true],
    // With a slash it is anchored at the workspace folder.
    ['x/*.json', 'y/x/a.json', false],
    ['./policies/*.json', 'policies/a.json', true],
  ]);
});

test('regular-expression characters and Windows separators are taken literally / normalised', () => {
  cases([
    ['policies/a+b.json', 'policies/a+b.json', true],
    ['policies/a+b.json', 'policies/aab.json', false],
    ['policies/(a).json', 'policies/(a).json', true],
    ['policies/a.json', 'policies/aXjson', false],
    ['policies/$x^.json', 'policies/$x^.json', true],
    ['policies/a|b.json', 'policies/a.json', false],
    ['policies\\a.json', 'policies/a.json', true],
    ['}.json', 'x/}.json', true],
  ]);
});

test('malformed globs match nothing and do not throw', () => {
  for (const glob of ['{a,b.json', 'policies/{a', '[z-a].json', 'policies/[b-a]*.json', '{{{', '{']) {
    assert.equal(globToRegExp(glob), null, glob);
    for (const file of ['a.json', 'policies/a.json', 'b.json', '{a,b.json', '[z-a].json']) assert.equal(matchGlob(glob, file), false, `${glob} on ${file}`);
  }
  // An unclosed [ is a literal character, as in VS Code.
  assert.equal(matchGlob('policies/[abc.json', 'policies/[abc.json'), true);
  assert.equal(matchGlob('policies/[abc.json', 'policies/a.json'), false);
});

test('any glob and any path: no exception, and the same answer twice (the cache)', () => {
  const globChars = fc.constantFrom('*', '**', '?', '/', '{', '}', ',', '[', ']', '!', '-', '.', '\\', 'a', 'b', 'json', '(', '+', '$', '^', '|');
  fc.assert(fc.property(fc.array(globChars, { maxLength: 12 }).map((xs) => xs.join('')), fc.string({ maxLength: 30 }), (glob, file) => {
    const first = matchGlob(glob, file);
    assert.equal(typeof first, 'boolean');
    assert.equal(matchGlob(glob, file), first);
  }), { seed: 3, numRuns: 2000 });
});

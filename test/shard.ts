/**
 * One process for many test files (scripts/run-tests.js): imports each file named in SHARD_FILES
 * (absolute paths, one a line), so node's test runner runs their tests here, in file order, and the
 * core, tsx and the catalog are loaded once for all of them instead of once per file. A file that
 * fails to load is one failing test, and the others still run.
 */
import { test } from 'node:test';

for (const file of (process.env.SHARD_FILES ?? '').split('\n').filter(Boolean)) {
  try {
    require(file);
  } catch (e) {
    test(`load ${file}`, () => { throw e; });
  }
}

// Bundles what the benchmark drives in-process: the analysis core (bench/.build/core.js) and the
// protocol-tier client of test/lsp (bench/.build/client.js).
'use strict';
const fs = require('fs');
const path = require('path');
const { PATHS } = require('./util');

async function bundle() {
  const esbuild = require(path.join(PATHS.ROOT, 'node_modules', 'esbuild'));
  fs.mkdirSync(PATHS.BUILD, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', absWorkingDir: PATHS.ROOT, mainFields: ['module', 'main'], logLevel: 'warning', sourcemap: false };
  await esbuild.build({
    ...common,
    stdin: {
      resolveDir: PATHS.ROOT,
      loader: 'ts',
      sourcefile: 'bench-core.ts',
      contents: [
        "export { analyze, createAnalyzer, CHECKS, Catalog } from './server/src/analysis';",
        "export { readCatalog } from './server/src/catalogData';",
        "export { POLICY_DATA } from './server/src/policyData';",
      ].join('\n'),
    },
    outfile: path.join(PATHS.BUILD, 'core.js'),
  });
  await esbuild.build({ ...common, entryPoints: ['test/lsp/client.ts'], outfile: path.join(PATHS.BUILD, 'client.js') });
}

/** A catalog of its own (own match cache and memos), as a fresh process has. */
function freshCatalog(core) {
  return core.readCatalog(PATHS.GENERATED);
}

module.exports = { bundle, freshCatalog };

/**
 * The language server (dist/server-main.js), started by dist/server.js (server/src/boot.ts), which
 * runs this bundle from a V8 code cache. Works over IPC (VS Code) and over `--stdio` (other
 * editors, protocol tests). `node dist/server-main.js --stdio` also works, without the cache.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function start(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}

if (require.main === module) start();

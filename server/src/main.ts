/**
 * Entry point of the language server (dist/server.js). Works over IPC (VS Code) and over
 * `--stdio` (other editors, protocol tests).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();

// The floor of the cold start and keystroke benchmarks: a minimal language server built on the same
// vscode-languageserver as ours, started the same way (`node bench/floor-server.js --stdio`). It
// keeps the documents in sync (incremental), JSON.parses each version and publishes no diagnostics:
// what any server of this stack costs before doing any analysis.
'use strict';
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((e) => {
  const doc = e.document;
  try { JSON.parse(doc.getText()); } catch { /* the floor reports nothing */ }
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
});
documents.listen(connection);
connection.listen();

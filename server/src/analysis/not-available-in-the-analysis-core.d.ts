// What `vscode` and `vscode-*` resolve to inside the analysis core (see tsconfig.json here): a module
// that exports nothing, so that any import from them fails to compile.
export {};

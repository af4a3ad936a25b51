/**
 * LSP glue: documents, debounced validation, settings, and conversion of core results at the edge.
 * State kept: open documents, the settings cache, and the last analysis of each open document.
 */
import {
  CodeAction, CodeActionKind, CodeActionParams, CodeLens, Connection, Diagnostic, DidChangeConfigurationNotification,
  InitializeParams, InitializeResult, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { AnalysisOptions, AnalysisResult, CHECKS, createAnalyzer, MAX_ANALYZED_LENGTH, RoleId } from './analysis';
import { loadCatalog } from './catalogData';
import { HOST_FILE_NAME, HostAnalysis, HostAnalyzer } from './analysis/host';
import { basicHostReaders, loadHostReaders } from './hosts';
import { POLICY_DATA } from './policyData';
import { matchGlob } from './glob';
import { DEFAULT_SETTINGS, parseSettings, SECTION, Settings } from './settings';
import { STATUS_NOTIFICATION } from './protocol';
import * as proto from './toProto';
import { FIX_ALL_KIND, SOURCE } from './toProto';

interface Entry {
  version: number; result: AnalysisResult; diagnostics: Diagnostic[]; options: AnalysisOptions;
  /** A host file (Terraform, a template, CloudFormation): its embedded policies, read under this file name. */
  host?: HostAnalysis; fileName: string;
}

/** The result for a host file (HOST_FILE_NAME) that no reader takes. */
const NOT_A_POLICY: AnalysisResult = { isPolicy: false, kind: null, findings: [], roles: [] };

/** Files only the Terraform reader takes (the one that needs an asynchronous set-up). */
const TERRAFORM_FILE = /\.tf$/i;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyzer = createAnalyzer(loadCatalog(), POLICY_DATA, { incremental: true });
  // Host files: the readers that need no set-up at once (each loads its parser on its first file);
  // every reader when the first Terraform file is opened (web-tree-sitter's WASM is set up, async,
  // once). A Terraform file's validation waits for that, so it never gets "not a policy" meanwhile.
  let hosts = new HostAnalyzer(analyzer, basicHostReaders());
  let terraform: Promise<void> | undefined;
  const terraformReady = (fileName: string): Promise<void> | undefined => {
    if (!TERRAFORM_FILE.test(fileName)) return undefined;
    terraform ??= loadHostReaders().then(({ readers, problem }) => {
      if (problem) connection.console.warn(problem);
      hosts = new HostAnalyzer(analyzer, readers);
      // Results of host files read without every reader are stale.
      for (const [uri, e] of results) if (e.host || HOST_FILE_NAME.test(e.fileName)) results.delete(uri);
    });
    return terraform;
  };
  const knownCodes = new Set(CHECKS.map((c) => c.id));
  const settingsCache = new Map<string, Promise<Settings>>();
  /** Scheduled validations by document: the function that cancels each. */
  const timers = new Map<string, () => void>();
  const results = new Map<string, Entry>();
  const lastStatus = new Map<string, string>();
  const reported = new Set<string>();
  let workspaceFolders: string[] = [];
  let canPullConfig = false;
  let delayOverride: number | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfig = !!params.capabilities.workspace?.configuration;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.map(uriToPath).filter((p): p is string => !!p).sort((a, b) => b.length - a.length);
    const init = params.initializationOptions as { delay?: unknown } | undefined;
    if (init && typeof init.delay === 'number' && init.delay >= 0) delayOverride = init.delay;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['"', ':', '*'], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'cloudhsm-policy-lint', version: `catalog ${analyzer.catalog.snapshot}` },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch(() => undefined);
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    reported.clear();
    for (const doc of documents.all()) schedule(doc, 0);
  });

  function getSettings(uri: string): Promise<Settings> {
    if (!canPullConfig) return Promise.resolve(DEFAULT_SETTINGS);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then((raw) => {
        const { settings, problems } = parseSettings(raw, knownCodes);
        for (const msg of problems) {
          if (reported.has(msg)) continue;
          reported.add(msg);
          void connection.window.showWarningMessage(`CloudHSM policy lint: ${msg}`);
        }
        return settings;
      }, () => DEFAULT_SETTINGS);
      settingsCache.set(uri, p);
    }
    return p;
  }

  function relativePath(uri: string): string | undefined {
    const p = uriToPath(uri);
    if (!p) return undefined;
    const folder = workspaceFolders.find((f) => p.startsWith(f.endsWith('/') ? f : f + '/'));
    return folder ? p.slice(folder.length).replace(/^\/+/, '') : p.split('/').pop();
  }

  function optionsFor(uri: string, settings: Settings): AnalysisOptions {
    const options: AnalysisOptions = { severity: settings.severity };
    if (Object.keys(settings.principalRoles).length) options.principalRoles = settings.principalRoles;
    const rel = relativePath(uri);
    if (rel !== undefined) {
      for (const [glob, role] of Object.entries(settings.roles)) {
        if (matchGlob(glob, rel)) { options.role = role === 'none' ? null : role as RoleId; options.force = true; break; }
      }
      if (settings.files.some((g) => matchGlob(g, rel))) options.force = true;
    }
    return options;
  }

  function schedule(doc: TextDocument, delay?: number): void {
    const uri = doc.uri;
    timers.get(uri)?.();
    void getSettings(uri).then((settings) => {
      if (!documents.get(uri)) return; // closed meanwhile
      const wait = delay ?? delayOverride ?? settings.delay;
      const run = () => { timers.delete(uri); void validate(uri); };
      // setTimeout(0) waits at least 1 ms; with no debounce, run as soon as the event loop is free.
      let cancel: () => void;
      if (wait <= 0) { const t = setImmediate(run); cancel = () => clearImmediate(t); } else { const t = setTimeout(run, wait); cancel = () => clearTimeout(t); }
      timers.get(uri)?.();
      timers.set(uri, cancel);
    });
  }

  async function validate(uri: string): Promise<void> {
    await terraformReady(uriToPath(uri) ?? uri);
    if (!documents.get(uri)) return; // closed: don't fetch (and cache) its settings again
    const settings = await getSettings(uri);
    // Read the document only now: whatever arrived while settings were fetched is included.
    const doc = documents.get(uri);
    if (!doc) return;
    if (!settings.enable) {
      results.delete(uri);
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
      if (lastStatus.delete(uri)) void connection.sendNotification(STATUS_NOTIFICATION, { uri, isPolicy: false, kind: null, total: 0, roles: [] });
      return;
    }
    const entry = analyse(doc, settings);
    // A newer version may have arrived while this one was analysed; never publish stale results.
    if (documents.get(uri)?.version !== doc.version) return;
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: entry.diagnostics });
    // Only for policies (and once when a policy stops being one), and only when something changed
    // (not on every keystroke).
    if (!entry.result.isPolicy && !lastStatus.has(uri)) return;
    const params = proto.statusParams(uri, entry.result, analyzer.classTitle);
    const status = JSON.stringify(params);
    if (lastStatus.get(uri) !== status) {
      lastStatus.set(uri, status);
      void connection.sendNotification(STATUS_NOTIFICATION, params);
    }
  }

  function analyse(doc: TextDocument, settings: Settings): Entry {
    const cached = results.get(doc.uri);
    const options = optionsFor(doc.uri, settings);
    if (cached && cached.version === doc.version && JSON.stringify(cached.options) === JSON.stringify(options)) return cached;
    const text = doc.getText();
    const fileName = uriToPath(doc.uri) ?? doc.uri;
    const host = hosts.analyze(text, fileName, options);
    const result = host
      ? { isPolicy: host.policies.length > 0 || host.findings.length > 0, kind: host.policies[0]?.kind ?? null, findings: host.findings, roles: host.policies.flatMap((p) => p.roles) }
      : HOST_FILE_NAME.test(fileName) ? NOT_A_POLICY : analyzer.analyze(text, options);
    const entry: Entry = { version: doc.version, result, options, host, fileName, diagnostics: result.findings.map((f) => proto.diagnostic(doc, f)) };
    results.set(doc.uri, entry);
    return entry;
  }

  /** The analysis of the document as it is now (recomputed if stale). */
  async function current(uri: string, version?: number): Promise<{ doc: TextDocument; entry: Entry } | undefined> {
    const doc = documents.get(uri);
    if (!doc || (version !== undefined && doc.version !== version)) return undefined;
    await terraformReady(uriToPath(uri) ?? uri);
    const settings = await getSettings(uri);
    if (!settings.enable) return undefined;
    const d2 = documents.get(uri);
    if (!d2 || d2.version !== doc.version) return undefined;
    return { doc, entry: analyse(doc, settings) };
  }

  // TextDocuments fires onDidChangeContent right after onDidOpen: skip that one, or it would
  // replace the immediate check of an opened document with a debounced one.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => { justOpened.add(e.document.uri); schedule(e.document, 0); });
  documents.onDidChangeContent((e) => { if (!justOpened.delete(e.document.uri)) schedule(e.document); });
  documents.onDidClose((e) => {
    timers.get(e.document.uri)?.();
    timers.delete(e.document.uri);
    results.delete(e.document.uri);
    hosts.close(uriToPath(e.document.uri) ?? e.document.uri);
    lastStatus.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    try {
      const cur = await current(params.textDocument.uri);
      if (!cur) return [];
      const { doc, entry } = cur;
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
      const out: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const start = doc.offsetAt(params.range.start);
        const end = doc.offsetAt(params.range.end);
        // Diagnostics the client sent that no longer match the document's analysis are stale: skip them.
        const sent = params.context.diagnostics.filter((d) => d.source === SOURCE);
        for (const f of entry.result.findings) {
          if (!f.fixes || f.offset > end || f.offset + f.length < start) continue;
          const diag = entry.diagnostics[entry.result.findings.indexOf(f)];
          const match = sent.find((d) => d.code === diag.code && d.message === diag.message && sameRange(d.range, diag.range));
          if (sent.length > 0 && !match) continue;
          for (const fix of f.fixes) out.push(proto.codeAction(doc, fix, match ?? diag));
        }
      }
      if (entry.result.isPolicy && (wants(CodeActionKind.SourceFixAll) || wants(FIX_ALL_KIND)) && (only || out.length > 0)) {
        const edits = entry.host ? hosts.fixAll(doc.getText(), entry.fileName, entry.options) : analyzer.fixAll(doc.getText(), entry.options);
        if (edits.length) out.push(proto.fixAllAction(doc, edits));
      }
      return out;
    } catch (e) {
      connection.console.error(`codeAction failed: ${String(e)}`);
      return [];
    }
  });

  connection.onCompletion(async (params) => {
    try {
      const cur = await current(params.textDocument.uri);
      // Complete in policies, and in empty documents or an empty top-level object (where the
      // document snippets are offered); in any other JSON file, nothing (not even snippets).
      // Host files: inside their policies only (offsets map both ways, host/project.ts).
      if (!cur || !cur.entry.host && (HOST_FILE_NAME.test(cur.entry.fileName) || !cur.entry.result.isPolicy && !/^\s*(\{\s*\}?)?\s*$/.test(cur.doc.getText()))) return [];
      if (cur.doc.getText().length > MAX_ANALYZED_LENGTH) return []; // not analysed: don't parse megabytes per request either
      const { doc, entry } = cur;
      const items = entry.host
        ? hosts.complete(doc.getText(), entry.fileName, doc.offsetAt(params.position), entry.options)
        : analyzer.complete(doc.getText(), doc.offsetAt(params.position), entry.options);
      return items.map((it) => proto.completionItem(doc, it));
    } catch (e) {
      connection.console.error(`completion failed: ${String(e)}`);
      return [];
    }
  });

  connection.onHover(async (params) => {
    try {
      const cur = await current(params.textDocument.uri);
      if (!cur || !cur.entry.result.isPolicy || cur.doc.getText().length > MAX_ANALYZED_LENGTH) return null;
      const h = cur.entry.host
        ? hosts.hover(cur.doc.getText(), cur.entry.fileName, cur.doc.offsetAt(params.position), cur.entry.options)
        : analyzer.hover(cur.doc.getText(), cur.doc.offsetAt(params.position), cur.entry.options);
      return h ? proto.hover(cur.doc, h) : null;
    } catch (e) {
      connection.console.error(`hover failed: ${String(e)}`);
      return null;
    }
  });

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    try {
      const cur = await current(params.textDocument.uri);
      if (!cur || !cur.entry.result.isPolicy) return [];
      return cur.entry.result.roles.map((r) => proto.codeLens(cur.doc, r, analyzer.classTitle(r.role)));
    } catch (e) {
      connection.console.error(`codeLens failed: ${String(e)}`);
      return [];
    }
  });

  documents.listen(connection);
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function uriToPath(uri: string): string | undefined {
  try { return uri.startsWith('file:') ? fileURLToPath(uri).replace(/\\/g, '/') : undefined; } catch { return undefined; }
}

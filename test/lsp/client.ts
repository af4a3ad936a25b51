/**
 * Protocol-tier harness (volar test-utils shape): spawns the built server (`node dist/server.js
 * --stdio`), talks JSON-RPC over its stdin/stdout, answers `workspace/configuration` from an
 * in-memory settings object, keeps a client-side copy of each open document, and records every
 * `textDocument/publishDiagnostics` with its arrival time. Every wait has a timeout, and the child
 * is always killed (stop(), or at the latest when the test process exits).
 * Also bundled by bench/run.js for the keystroke benchmark, so it imports nothing from node:test.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type {
  CodeAction as LspCodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic as LspDiagnostic, Hover, InitializeResult, Position, Range, TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** A diagnostic as this server sends it (LSP 3.18 also allows markup messages; the server sends plain strings). */
export type Diagnostic = Omit<LspDiagnostic, 'message'> & { message: string };
export type CodeAction = Omit<LspCodeAction, 'diagnostics'> & { diagnostics?: Diagnostic[] };

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const SECTION = 'cloudhsmPolicy';

/** One `textDocument/publishDiagnostics` as received. */
export interface Published {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
  /** performance.now() at arrival. */
  at: number;
  /** Position in the arrival order of all publications. */
  seq: number;
}

/** One didChange as sent. */
export interface Sent { uri: string; version: number; at: number }

export interface StartOptions {
  /** Sent as `initializationOptions` (e.g. `{ delay: 0 }`). */
  initializationOptions?: unknown;
  /** Initial value of the `cloudhsmPolicy` section. */
  settings?: Record<string, unknown>;
  /** Advertise `workspace.configuration` (default true). */
  configuration?: boolean;
  /** Default timeout of every wait, in ms (default 5000). */
  timeoutMs?: number;
  /** Timeout of the initialize request (start-up loads the catalog), in ms (default 20000). */
  startTimeoutMs?: number;
  /** rootUri / single workspace folder (a file: URI). */
  rootUri?: string;
  /** Path of the server bundle (default dist/server.js). */
  serverPath?: string;
  /** Environment of the server process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Node options before the server path (e.g. `--max-semi-space-size=1`), as a client's execArgv. */
  execArgv?: string[];
}

const live = new Set<ChildProcess>();
process.on('exit', () => { for (const c of live) { try { c.kill('SIGKILL'); } catch { /* gone */ } } });

export class TimeoutError extends Error {}

export class LspClient {
  readonly proc: ChildProcess;
  readonly connection: MessageConnection;
  /** The `cloudhsmPolicy` section answered to `workspace/configuration`; change it, then call settingsChanged(). */
  settings: Record<string, unknown>;
  readonly published: Published[] = [];
  readonly sent: Sent[] = [];
  /** Other notifications from the server (method, params), e.g. `cloudhsmPolicy/status`, `window/logMessage`. */
  readonly notifications: Array<{ method: string; params: unknown; at: number }> = [];
  /** Requests from the server other than `workspace/configuration` (e.g. `window/showMessageRequest`), all answered with null. */
  readonly serverRequests: Array<{ method: string; params: unknown; at: number }> = [];
  /** Number of `workspace/configuration` requests answered. */
  configurationRequests = 0;
  /** The items of every `workspace/configuration` request, in order. */
  readonly configurationLog: Array<{ scopeUri?: string; section?: string; at: number }> = [];
  initializeResult: InitializeResult | undefined;
  readonly timeoutMs: number;
  readonly spawnedAt: number;
  private readonly docs = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  private constructor(private readonly options: StartOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.settings = { ...(options.settings ?? {}) };
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    live.add(this.proc);
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this.proc);
        this.wake();
        resolve();
      });
    });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (s: string) => { this.stderrText = (this.stderrText + s).slice(-20000); });
    // A dead child must not crash the test process with EPIPE.
    this.proc.stdin!.on('error', () => undefined);
    this.connection = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onError(() => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.published.push({ uri: p.uri, version: p.version, diagnostics: p.diagnostics, at: performance.now(), seq: this.published.length });
      this.wake();
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params, at: performance.now() });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string; section?: string }> }) => {
      this.configurationRequests++;
      for (const it of p.items) this.configurationLog.push({ scopeUri: it.scopeUri, section: it.section, at: performance.now() });
      return p.items.map((it) => (it.section === SECTION ? structuredClone(this.settings) : it.section?.startsWith(SECTION + '.') ? structuredClone(this.settings[it.section.slice(SECTION.length + 1)] ?? null) : null));
    });
    this.connection.onRequest((method: string, params: unknown) => {
      this.serverRequests.push({ method, params, at: performance.now() });
      this.wake();
      return null;
    });
    this.connection.listen();
  }

  /** Spawns the server and completes initialize/initialized. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const c = new LspClient(options);
    try {
      const configuration = options.configuration ?? true;
      c.initializeResult = await c.request<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: options.rootUri ?? null,
        workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'root' }] : null,
        initializationOptions: options.initializationOptions,
        capabilities: {
          workspace: { configuration, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, applyEdit: true },
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            codeLens: {},
          },
        },
      }, options.startTimeoutMs ?? 20000);
      await c.notify('initialized', {});
      return c;
    } catch (e) {
      await c.stop();
      throw e;
    }
  }

  get pid(): number | undefined { return this.proc.pid; }
  get alive(): boolean { return this.exitInfo === undefined; }
  get stderr(): string { return this.stderrText; }

  /** A request that rejects after `timeoutMs` (or at once if the server dies). */
  async request<R>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<R> {
    this.assertAlive(method);
    return this.race(this.connection.sendRequest<R>(method, params), timeoutMs, `request ${method}`);
  }

  async notify(method: string, params: unknown): Promise<void> {
    this.assertAlive(method);
    await this.connection.sendNotification(method, params);
  }

  // ---- documents -------------------------------------------------------------------------------

  text(uri: string): string {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d.getText();
  }

  version(uri: string): number {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d.version;
  }

  document(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d;
  }

  async open(uri: string, text: string, languageId = 'json', version = 1): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /**
   * Sends one incremental didChange with the given offset edits (offsets into the current text,
   * non-overlapping); returns the new version.
   */
  async edit(uri: string, edits: Array<{ offset: number; length: number; newText: string }>): Promise<number> {
    const doc = this.document(uri);
    // Later edits first: earlier offsets stay valid while the events are applied in order.
    const sorted = [...edits].sort((a, b) => b.offset - a.offset);
    const changes = sorted.map((e) => ({ range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) }, text: e.newText }));
    return this.sendChanges(uri, changes);
  }

  /** Applies LSP TextEdits (as in a code action) as one incremental didChange. */
  async applyTextEdits(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.document(uri);
    return this.edit(uri, edits.map((e) => ({ offset: doc.offsetAt(e.range.start), length: doc.offsetAt(e.range.end) - doc.offsetAt(e.range.start), newText: e.newText })));
  }

  /** Replaces the whole text through one incremental change. */
  async setText(uri: string, text: string): Promise<number> {
    return this.edit(uri, [{ offset: 0, length: this.text(uri).length, newText: text }]);
  }

  async sendChanges(uri: string, changes: Array<{ range: Range; text: string }>): Promise<number> {
    const doc = this.document(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    this.sent.push({ uri, version, at: performance.now() });
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Tells the server the settings changed (it pulls them again). */
  async settingsChanged(): Promise<void> {
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  // ---- diagnostics -----------------------------------------------------------------------------

  /** Index to pass as `since`: only publications that arrive after this call. */
  mark(): number { return this.published.length; }

  /** Publications for `uri`, in arrival order. */
  publishedFor(uri: string, since = 0): Published[] {
    return this.published.slice(since).filter((p) => p.uri === uri);
  }

  /**
   * Resolves with the first publication for `uri` (from index `since`) whose version is `version`
   * (any version if omitted) and that satisfies `where`.
   */
  waitForDiagnostics(uri: string, opts: { version?: number; since?: number; where?: (p: Published) => boolean; timeoutMs?: number } = {}): Promise<Published> {
    const what = `publishDiagnostics for ${uri}${opts.version !== undefined ? ` version ${opts.version}` : ''}`;
    return this.waitFor(() => this.published.slice(opts.since ?? 0).find((p) => p.uri === uri
      && (opts.version === undefined || p.version === opts.version) && (!opts.where || opts.where(p))), opts.timeoutMs ?? this.timeoutMs, what);
  }

  /** Waits until `probe` returns a value (re-evaluated on every message from the server). */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) { done(); resolve(v); return; }
        if (!this.alive) { done(); reject(new Error(`server exited (${JSON.stringify(this.exitInfo)}) while waiting for ${what}; stderr: ${this.stderrText.slice(-2000)}`)); }
      };
      const timer = setTimeout(() => { done(); reject(new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
    });
  }

  /** Lets `ms` pass (to see that something does NOT arrive). */
  static sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

  // ---- features --------------------------------------------------------------------------------

  codeAction(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[] | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only, triggerKind: 1 } });
  }

  completion(uri: string, position: Position | number): Promise<CompletionItem[] | CompletionList | null> {
    return this.request('textDocument/completion', { textDocument: { uri }, position: this.pos(uri, position) });
  }

  hover(uri: string, position: Position | number): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position: this.pos(uri, position) });
  }

  codeLens(uri: string): Promise<CodeLens[] | null> {
    return this.request('textDocument/codeLens', { textDocument: { uri } });
  }

  /** Resident set size of the server process in bytes (Linux /proc), or undefined. */
  rss(): number | undefined {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const status: string = require('node:fs').readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then SIGKILL if the process is still there. Never throws. */
  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await this.race(this.connection.sendRequest('shutdown'), 1000, 'shutdown');
        await this.connection.sendNotification('exit');
      } catch { /* killed below */ }
      const t = setTimeout(() => { if (this.alive) this.proc.kill('SIGKILL'); }, 1000);
      await this.exited;
      clearTimeout(t);
    }
    this.connection.dispose();
    for (const w of [...this.waiters]) w();
  }

  /** Kills the process at once. */
  async kill(): Promise<void> {
    if (this.alive) this.proc.kill('SIGKILL');
    await this.exited;
    this.connection.dispose();
  }

  /** Exit code and signal once the process has exited. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined { return this.exitInfo; }

  private pos(uri: string, p: Position | number): Position {
    return typeof p === 'number' ? this.document(uri).positionAt(p) : p;
  }

  private wake(): void { for (const w of [...this.waiters]) w(); }

  private assertAlive(what: string): void {
    if (!this.alive) throw new Error(`server is not running (${JSON.stringify(this.exitInfo)}); cannot send ${what}; stderr: ${this.stderrText.slice(-2000)}`);
  }

  private race<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TimeoutError(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
      const onExit = () => reject(new Error(`server exited (${JSON.stringify(this.exitInfo)}) during ${what}; stderr: ${this.stderrText.slice(-2000)}`));
      void this.exited.then(onExit);
      p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
    });
  }
}

/** Applies LSP TextEdits to a text (for asserting on a code action's result). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///tmp.json', 'json', 0, text), edits);
}

/** The single TextDocumentEdit's edits of a code action (the server emits versioned documentChanges). */
export function actionEdits(action: CodeAction, uri: string): { version: number | null; edits: TextEdit[] } {
  const changes = action.edit?.documentChanges;
  if (changes && changes.length) {
    const tde = changes.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { textDocument: { version: number | null }; edits: TextEdit[] } | undefined;
    if (!tde) throw new Error(`code action "${action.title}" has no edit for ${uri}`);
    return { version: tde.textDocument.version, edits: tde.edits };
  }
  const edits = action.edit?.changes?.[uri];
  if (!edits) throw new Error(`code action "${action.title}" has no edit for ${uri}`);
  return { version: null, edits };
}

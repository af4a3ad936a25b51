/**
 * The VS Code extension: starts the language server over IPC and wires the few things only the
 * client can do (the pin-class command, the status item). No analysis happens here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { PRINCIPAL_CLASSES } from '../../server/src/classData';
import { PIN_ROLE_COMMAND, STATUS_NOTIFICATION, StatusParams } from '../../server/src/protocol';

/** What the pin command offers: the classes (ids, titles and summaries from schemas/roles/), and none. */
const ROLES: Array<{ id: string; label: string; detail: string }> = [
  ...PRINCIPAL_CLASSES.map((c) => ({ id: c.id, label: c.title, detail: c.summary })),
  { id: 'none', label: 'None', detail: 'Grammar checks only, no principal class checks' },
];

let client: LanguageClient | undefined;

/**
 * What the server process gets on top of the extension host's environment (vscode-languageclient
 * copies that first; an undefined value removes a variable). The folder for the server's V8 code
 * cache (server/src/boot.ts): the extension's global storage, never the install folder. And no
 * NODE_EXTRA_CA_CERTS: Node reads that certificate file at start (40-60 ms), and the server never
 * opens a network connection.
 */
export function serverEnvironment(cacheDir: string): Record<string, string | undefined> {
  return { CLOUDHSM_POLICY_LINT_CACHE_DIR: cacheDir, NODE_EXTRA_CA_CERTS: undefined };
}

/** What the extension exports to other extensions (and to the editor tests). */
export interface ExtensionApi {
  status(): { text: string; detail: string } | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const env = serverEnvironment(context.globalStorageUri.fsPath);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'json' }, { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' }, { scheme: 'untitled', language: 'jsonc' },
      // Host files (server/src/analysis/host/): Terraform with or without HashiCorp's extension (which
      // gives `terraform`; without it a .tf file is plain text), its templates, CloudFormation/SAM YAML.
      // The server reads a file only when a reader takes it by name and content.
      { scheme: 'file', language: 'terraform' }, { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.tf' }, { scheme: 'file', pattern: '**/*.tpl' },
      { scheme: 'file', pattern: '**/*.tftpl' }, { scheme: 'file', pattern: '**/*.template' },
    ],
    synchronize: { configurationSection: 'cloudhsmPolicy' },
  };
  client = new LanguageClient('cloudhsmPolicy', 'CloudHSM Policy Lint', serverOptions, clientOptions);

  // The status item exists only while the active editor shows a policy: other JSON files (package.json,
  // tsconfig.json…) get nothing from the extension.
  let status: vscode.LanguageStatusItem | undefined;
  context.subscriptions.push({ dispose: () => status?.dispose() });
  const byUri = new Map<string, StatusParams>();
  const refresh = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const s = uri ? byUri.get(uri) : undefined;
    if (!s || !s.isPolicy) { status?.dispose(); status = undefined; return; }
    if (!status) {
      status = vscode.languages.createLanguageStatusItem('cloudhsmPolicy.role', [{ language: 'json' }, { language: 'jsonc' }]);
      status.name = 'CloudHSM principal class';
      status.command = { title: 'Pin class', command: PIN_ROLE_COMMAND };
    }
    if (s.roles.length === 0) { status.text = `CloudHSM policy (${s.kind ?? 'unknown'})`; status.detail = 'No principal class: grammar checks only'; return; }
    const r = s.roles[0];
    status.text = `${r.title}: ${r.requiredGranted}/${r.requiredTotal} required, ${r.excessive} excessive`;
    status.detail = `${r.source === 'pinned' ? 'Pinned' : 'Inferred'}: ${r.reason}`;
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(refresh));

  context.subscriptions.push(vscode.commands.registerCommand(PIN_ROLE_COMMAND, async (uriArg?: string) => {
    const uri = uriArg ? vscode.Uri.parse(uriArg) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) return;
    const pick = await vscode.window.showQuickPick(ROLES.map((r) => ({ label: r.label, description: r.id, detail: r.detail })), { placeHolder: 'Pin the principal class this policy is for' });
    if (!pick || !pick.description) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder ? path.posix.relative(folder.uri.path, uri.path) : path.posix.basename(uri.path);
    const config = vscode.workspace.getConfiguration('cloudhsmPolicy', uri);
    const roles = { ...(config.get<Record<string, string>>('roles') ?? {}), [rel]: pick.description };
    await config.update('roles', roles, folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global);
  }));

  await client.start();
  context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => { byUri.set(p.uri, p); refresh(); }));
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => byUri.delete(d.uri.toString())));
  return {
    /** The status item as shown for the active editor, or undefined when it is hidden (the editor tier reads it). */
    status: () => status && { text: status.text, detail: status.detail ?? '' },
  };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

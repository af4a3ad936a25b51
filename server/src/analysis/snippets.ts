/**
 * Policy snippets for the principal classes of an AWS CloudHSM key store: whole documents and single
 * statements, stored as data in snippets/policies.json (VS Code snippet format: prefix, body,
 * description), passed in by the edges with the rest of the data (data.ts PolicyData), prepared once
 * per analyzer and offered by complete(). The conventions the core reads from that data:
 * - `"isFileTemplate": true` (VS Code's own flag) marks a whole-document snippet; every other entry is
 *   one statement object, offered inside a Statement array.
 * - A prefix `chsm-<class id>` or `chsm-<class id>-…` ties a snippet to that principal class
 *   (types.ts RoleId); other prefixes (`chsm-key-policy…`) belong to no single class.
 * - A statement snippet belongs to the document with the longest prefix `<document prefix>-` it
 *   starts with; a document's statements are exactly its statement snippets, in order.
 * Also the snippet-syntax helpers: expanding placeholders to their default text, escaping literals.
 */
import { parseTree } from 'jsonc-parser';
import { buildPolicy } from './policy';
import type { PolicyKind, RoleId } from './types';

/** One entry of a snippets file, as VS Code reads it. */
export interface SnippetEntry {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  scope?: string;
  isFileTemplate?: boolean;
}

export interface PolicySnippet {
  /** The entry's name in the snippets file: a human title. */
  name: string;
  /** What the user types: `chsm-key-user`. */
  prefix: string;
  /** Snippet syntax, lines joined with \n, indented with tabs. */
  body: string;
  description: string;
  /** `document`: a whole policy; `statement`: one statement object. */
  scope: 'document' | 'statement';
  /** The principal class the snippet is written for, if one. */
  role?: RoleId;
  /** For a statement: the prefix of the document it is part of. */
  parent?: string;
  /** The policy kind the snippet is (or, for a statement, belongs in). */
  kind: PolicyKind;
}

/**
 * A snippet in a host syntax: a whole top-level block (snippets/terraform.json, HCL, `"scope":
 * "terraform"`), offered by the host layer where its reader says a new top-level construct may start
 * (VS Code cannot scope them itself: without HashiCorp's extension a .tf file is plain text).
 * CloudFormation's YAML snippets are contributed to VS Code for `yaml` documents instead (package.json).
 */
export interface HostSnippet {
  name: string;
  prefix: string;
  /** Snippet syntax, lines joined with \n, indented with tabs. */
  body: string;
  description: string;
  /** The host format it is written for (a host reader's `format`: `terraform`): the entry's `scope`. */
  format: string;
  role?: RoleId;
}

/** The host snippets of the host snippets files (data.ts PolicyData.hostSnippets), in file order. */
export function prepareHostSnippets(files: Readonly<Record<string, Readonly<Record<string, SnippetEntry>>>>, roleIds: readonly RoleId[]): HostSnippet[] {
  const out: HostSnippet[] = [];
  try {
    for (const entries of Object.values(files)) {
      for (const [name, e] of Object.entries(entries)) {
        const prefix = Array.isArray(e.prefix) ? e.prefix[0] : e.prefix;
        const body = Array.isArray(e.body) ? e.body.join('\n') : e.body;
        if (typeof prefix !== 'string' || typeof body !== 'string' || typeof e.scope !== 'string') continue;
        out.push({ name, prefix, body, description: e.description ?? '', format: e.scope, role: roleOf(prefix, roleIds) });
      }
    }
  } catch {
    // A malformed entry must not take the server down. The unit tests check the data.
  }
  return out;
}

/** The class a `chsm-<class id>` or `chsm-<class id>-…` prefix names. */
function roleOf(prefix: string, roleIds: readonly RoleId[]): RoleId | undefined {
  return roleIds.find((r) => prefix === `chsm-${r}` || prefix.startsWith(`chsm-${r}-`));
}

/** The snippets of the snippets files, documents first, in file order. */
export function prepareSnippets(files: Readonly<Record<string, Readonly<Record<string, SnippetEntry>>>>, roleIds: readonly RoleId[]): PolicySnippet[] {
  const out: PolicySnippet[] = [];
  try {
    for (const entries of Object.values(files)) {
      for (const [name, e] of Object.entries(entries)) {
        const prefix = Array.isArray(e.prefix) ? e.prefix[0] : e.prefix;
        const body = Array.isArray(e.body) ? e.body.join('\n') : e.body;
        if (typeof prefix !== 'string' || typeof body !== 'string') continue;
        const scope = e.isFileTemplate ? 'document' : 'statement';
        const role = roleOf(prefix, roleIds);
        out.push(snippet({ name, prefix, body, description: e.description ?? '', scope, role }));
      }
    }
    const docs = out.filter((s) => s.scope === 'document').map((s) => s.prefix).sort((a, b) => b.length - a.length);
    for (const s of out) if (s.scope === 'statement') s.parent = docs.find((d) => s.prefix.startsWith(d + '-'));
  } catch {
    // A malformed entry must not take the server down. The unit tests check the data.
  }
  return out.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'document' ? -1 : 1));
}

/**
 * A snippet whose `kind` is worked out (by parsing its expanded body) when first read: completion
 * reads it; a server that is only validating never does, and parsing every snippet at start took
 * about 10 ms of it.
 */
function snippet(fields: Omit<PolicySnippet, 'kind'>): PolicySnippet {
  let kind: PolicyKind | undefined;
  return Object.defineProperty({ ...fields } as PolicySnippet, 'kind', {
    get: () => {
      if (kind === undefined) {
        try { kind = kindOf(fields.body, fields.scope); } catch { kind = 'identity'; }
      }
      return kind;
    },
    enumerable: true,
    configurable: true,
  });
}

function kindOf(body: string, scope: 'document' | 'statement'): PolicyKind {
  const text = expandSnippet(body);
  const root = parseTree(scope === 'document' ? text : `{"Statement":[${text}]}`);
  return root && root.type === 'object' ? buildPolicy(root).kind : 'identity';
}

/** Escapes literal text for snippet syntax (`$`, `}` and `\`). */
export function escapeSnippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:text}` becomes `text`,
 * `${1|a,b|}` its first choice, tab stops and variables nothing; `\$`, `\}`, `\\` their character.
 */
export function expandSnippet(body: string): string {
  let i = 0;
  const n = body.length;

  function any(inPlaceholder: boolean): string {
    let out = '';
    while (i < n) {
      const c = body[i];
      if (c === '\\' && i + 1 < n && '$}\\'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (c === '}' && inPlaceholder) {
        return out;
      } else if (c === '$') {
        const r = dollar();
        if (r === undefined) { out += c; i++; } else out += r;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  /** At a `$`: the expansion of the construct, or undefined (then `$` is literal). */
  function dollar(): string | undefined {
    const start = i;
    const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(i, i + 64));
    if (simple) { i += simple[0].length; return ''; }
    const open = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(i, i + 64));
    if (!open) return undefined;
    i += open[0].length;
    const next = body[i];
    if (next === '}') { i++; return ''; }
    if (next === ':') {
      i++;
      const inner = any(true);
      if (body[i] === '}') i++;
      return inner;
    }
    if (next === '|' && /^\d+$/.test(open[1])) {
      i++;
      const choices: string[] = [''];
      while (i < n && !(body[i] === '|' && body[i + 1] === '}')) {
        if (body[i] === '\\' && i + 1 < n) { choices[choices.length - 1] += body[i + 1]; i += 2; continue; }
        if (body[i] === ',') choices.push(''); else choices[choices.length - 1] += body[i];
        i++;
      }
      i += 2;
      return choices[0];
    }
    if (next === '/') {
      // A transform: ${1/regex/format/options}. Skip to the closing brace.
      while (i < n && body[i] !== '}') i += body[i] === '\\' ? 2 : 1;
      i++;
      return '';
    }
    i = start;
    return undefined;
  }

  return any(false);
}

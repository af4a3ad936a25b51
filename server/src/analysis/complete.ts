/**
 * Completion proposals at an offset: element names, Effect and Version values, service prefixes,
 * actions and wildcard patterns, condition operators, condition keys and well-known values, service
 * principals, Resource ARN formats, and the policy snippets of snippets/. Pure: the server maps
 * proposals to LSP CompletionItems. What it says about the policy language it shares with hover
 * (reference.ts); the catalog lists it proposes from are built in catalogLists.ts.
 *
 * Replacement ranges: inside a string the whole string token (quotes included) is replaced and the
 * proposal's filterText is quoted too, the way vscode-json-languageservice does it; at a bare position
 * the word at the cursor is replaced and the proposal brings its own quotes. Ranges never span lines.
 */
import { findNodeAtLocation, getLocation, Node, parseTree, JSONPath } from 'jsonc-parser';
import { Action, Catalog, ConditionKeyInfo, Service } from './catalog';
import { buildPolicy } from './policy';
import type { Knowledge } from './knowledge';
import { escapeSnippetText, expandSnippet, PolicySnippet } from './snippets';
import type { AnalysisOptions, CompletionProposal, PolicyKind, ProposalKind } from './types';
import { actionEntries, serviceEntries, servicePrincipalEntries } from './catalogLists';
import { ELEMENT_DOCS, KNOWN_VALUES, list, PRINCIPAL_DOCS, propertyValue, statementConditionKeys, stringsOf } from './reference';
import { CONDITION_OPERATORS, describeOperator, familyFits, OperatorFamily } from './util/operators';

export type { CompletionProposal, ProposalKind } from './types';

const TOP_ORDER = ['Version', 'Id', 'Statement'];
const STATEMENT_ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
/** Elements that exclude each other in one statement. */
const EXCLUSIVE: Record<string, string> = {
  Action: 'NotAction', NotAction: 'Action', Resource: 'NotResource', NotResource: 'Resource', Principal: 'NotPrincipal', NotPrincipal: 'Principal',
};

/** The value part (snippet syntax) inserted after `"<element>": `. */
const ELEMENT_VALUES: Record<string, { text: string; retrigger?: boolean }> = {
  Version: { text: '"2012-10-17"' },
  Id: { text: '"$1"' },
  Statement: { text: '[\n\t$0\n]', retrigger: true },
  Sid: { text: '"$1"' },
  Effect: { text: '"${1|Allow,Deny|}"' },
  Principal: { text: '{\n\t"${1|AWS,Service,Federated|}": "$2"\n}' },
  NotPrincipal: { text: '{\n\t"${1|AWS,Service,Federated|}": "$2"\n}' },
  Action: { text: '[\n\t"$1"\n]', retrigger: true },
  NotAction: { text: '[\n\t"$1"\n]', retrigger: true },
  Resource: { text: '"$1"', retrigger: true },
  NotResource: { text: '"$1"', retrigger: true },
  Condition: { text: '{\n\t"$1": {\n\t\t"$2": "$3"\n\t}\n}', retrigger: true },
};

const OPERATOR_NAMES: ReadonlyArray<{ name: string; sort: string; family: OperatorFamily }> = (() => {
  const out: Array<{ name: string; sort: string; family: OperatorFamily }> = [];
  CONDITION_OPERATORS.forEach((o, i) => {
    const n = String(i).padStart(2, '0');
    out.push({ name: o.name, sort: `0${n}`, family: o.family });
    if (o.family === 'Null') return;
    out.push({ name: o.name + 'IfExists', sort: `1${n}`, family: o.family });
    out.push({ name: 'ForAnyValue:' + o.name, sort: `2${n}`, family: o.family });
    out.push({ name: 'ForAllValues:' + o.name, sort: `3${n}`, family: o.family });
  });
  return out;
})();

/** Condition keys whose values are service principals. */
const SERVICE_NAME_KEYS = new Set(['iam:awsservicename', 'aws:principalservicename', 'aws:principalservicenameslist']);
/** Condition keys whose values are account ids. */
const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:resourceaccount', 'aws:sourceaccount', 'aws:vpceaccount']);
/** Services whose `<service>.<region>.amazonaws.com` endpoint commonly appears in kms:ViaService. */
const VIA_SERVICES = ['ec2', 'rds', 's3', 'dynamodb', 'secretsmanager', 'lambda', 'sqs', 'sns', 'ssm', 'elasticfilesystem', 'redshift'];

const DEFAULTS: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '123456789012' };

// ---------------------------------------------------------------------------------------------------
// Entry point

export function complete(k: Knowledge, text: string, offset: number, options: AnalysisOptions = {}): CompletionProposal[] {
  try {
    if (offset < 0 || offset > text.length) return [];
    return new Completer(k, text, offset, options).run();
  } catch {
    return [];
  }
}

/** Where the proposal goes, and what is typed there. */
interface Span {
  offset: number;
  length: number;
  /** The cursor is inside a string token (the span covers it, quotes included). */
  inString: boolean;
  /** The text between the opening quote (or the word start) and the cursor. */
  typed: string;
}

type Path = JSONPath;

class Completer {
  private tree: Node | undefined | null = null;

  readonly catalog: Catalog;
  constructor(readonly k: Knowledge, readonly text: string, readonly offset: number, readonly options: AnalysisOptions) {
    this.catalog = k.catalog;
  }

  run(): CompletionProposal[] {
    if (this.inComment()) return [];
    const loc = getLocation(this.text, this.offset);
    const span = this.span(loc.previousNode);
    if (!span) return [];
    const path = loc.path;
    if (loc.isAtPropertyKey) return this.keys(path.slice(0, -1), span);
    if (path.length === 0) return this.documentLevel(span);
    return this.values(path, span);
  }

  // -- positions --------------------------------------------------------------------------------------

  private root(): Node | undefined {
    if (this.tree === null) this.tree = parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false }) ?? undefined;
    return this.tree;
  }

  private nodeAt(path: Path): Node | undefined {
    const root = this.root();
    if (!root) return undefined;
    return path.length === 0 ? root : findNodeAtLocation(root, path);
  }

  /** The replacement span at the cursor; undefined where nothing can be completed (after a value). */
  private span(prev: Node | undefined): Span | undefined {
    const { text, offset } = this;
    if (prev && (prev.type === 'string' || prev.type === 'property') && offset > prev.offset) {
      const end = prev.offset + prev.length;
      const terminated = isTerminated(text, prev.offset, end);
      if (offset < end || (!terminated && offset === end)) {
        let stop = end;
        if (!terminated) { stop = offset; while (stop < end && isWordChar(text[stop])) stop++; }
        return { offset: prev.offset, length: stop - prev.offset, inString: true, typed: text.slice(prev.offset + 1, offset) };
      }
    }
    if (prev && prev.type !== 'property' && prev.offset + prev.length <= offset) {
      // Right after a value, e.g. `"Effect": "Allow" |`: nothing to propose.
      const between = text.slice(prev.offset + prev.length, offset);
      if (!/[,:[{]/.test(between)) return undefined;
    }
    let start = offset;
    while (start > 0 && isWordChar(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && isWordChar(text[end])) end++;
    return { offset: start, length: end - start, inString: false, typed: text.slice(start, offset) };
  }

  private inComment(): boolean {
    // A cheap scan: is the cursor inside // … or /* … */ outside strings?
    const { text, offset } = this;
    let i = 0;
    while (i < offset) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { // string
        i++;
        while (i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
        i++;
      } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
        const nl = text.indexOf('\n', i);
        if (nl < 0 || nl >= offset) return true;
        i = nl + 1;
      } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0 || close + 2 > offset) return true;
        i = close + 2;
      } else i++;
    }
    return false;
  }

  /** The path of the statement containing `path`, and the rest of the path within the statement. */
  private statementOf(path: Path): { stmt: Path; rel: Path } | undefined {
    if (path[0] !== 'Statement') return undefined;
    const n = typeof path[1] === 'number' ? 2 : 1;
    if (path.length < n) return undefined;
    return { stmt: path.slice(0, n), rel: path.slice(n) };
  }

  /** A proposal over the span; one object shape for all (a 1,000-item list is built per keystroke). */
  private proposal(span: Span, p: Omit<CompletionProposal, 'replace'>): CompletionProposal {
    return {
      label: p.label, kind: p.kind, detail: p.detail, documentation: p.documentation, insertText: p.insertText, snippet: p.snippet,
      replace: { offset: span.offset, length: span.length },
      filterText: p.filterText ?? (span.inString ? JSON.stringify(p.label) : undefined), sortText: p.sortText, retrigger: p.retrigger,
    };
  }

  /** `,` when another element follows the span without one. */
  private separatorAfter(span: Span, followers: RegExp): string {
    const next = nextSignificant(this.text, span.offset + span.length);
    return next !== undefined && followers.test(next) ? ',' : '';
  }

  // -- property keys ------------------------------------------------------------------------------------

  private keys(objPath: Path, span: Span): CompletionProposal[] {
    const obj = this.nodeAt(objPath);
    const present = new Set<string>();
    for (const p of obj?.type === 'object' ? obj.children ?? [] : []) {
      const k = p.children?.[0];
      if (k && k.offset !== span.offset && typeof k.value === 'string') present.add(k.value);
    }
    const after = nextSignificant(this.text, span.offset + span.length);
    const keyOnly = after === ':';
    const sep = keyOnly ? '' : this.separatorAfter(span, /"/);

    if (objPath.length === 0) {
      const out = this.elementKeys(TOP_ORDER, present, span, keyOnly, sep);
      if (present.size === 0 && obj?.type === 'object' && !keyOnly) out.push(...this.documentSnippetsInObject(obj, span));
      return out;
    }
    const st = this.statementOf(objPath);
    if (!st) return [];
    if (st.rel.length === 0) {
      const allowed = STATEMENT_ORDER.filter((k) => !present.has(EXCLUSIVE[k] ?? ''));
      return this.elementKeys(allowed, present, span, keyOnly, sep);
    }
    const [el, op] = st.rel;
    if ((el === 'Principal' || el === 'NotPrincipal') && st.rel.length === 1) return this.principalKeys(present, span, keyOnly, sep);
    if (el === 'Condition' && st.rel.length === 1) return this.operatorKeys(present, span, keyOnly, sep);
    if (el === 'Condition' && st.rel.length === 2 && typeof op === 'string') return this.conditionKeys(st.stmt, op, present, span, keyOnly, sep);
    return [];
  }

  private elementKeys(order: string[], present: Set<string>, span: Span, keyOnly: boolean, sep: string): CompletionProposal[] {
    return order.filter((k) => !present.has(k)).map((k, i) => {
      const value = ELEMENT_VALUES[k];
      return this.proposal(span, {
        label: k, kind: 'property', documentation: ELEMENT_DOCS[k], sortText: String(i).padStart(2, '0'),
        insertText: keyOnly ? JSON.stringify(k) : `${JSON.stringify(k)}: ${value.text}${sep}`,
        snippet: !keyOnly, retrigger: !keyOnly && value.retrigger ? true : undefined,
      });
    });
  }

  private principalKeys(present: Set<string>, span: Span, keyOnly: boolean, sep: string): CompletionProposal[] {
    return Object.keys(PRINCIPAL_DOCS).filter((k) => !present.has(k)).map((k, i) => this.proposal(span, {
      label: k, kind: 'property', documentation: PRINCIPAL_DOCS[k], sortText: String(i),
      insertText: keyOnly ? JSON.stringify(k) : `${JSON.stringify(k)}: "$1"${sep}`, snippet: !keyOnly, retrigger: !keyOnly || undefined,
    }));
  }

  private operatorKeys(present: Set<string>, span: Span, keyOnly: boolean, sep: string): CompletionProposal[] {
    return OPERATOR_NAMES.filter((o) => !present.has(o.name)).map((o) => this.proposal(span, {
      label: o.name, kind: 'keyword', detail: `${o.family} condition operator`, documentation: describeOperator(o.name)?.doc, sortText: o.sort,
      insertText: keyOnly ? JSON.stringify(o.name) : `${JSON.stringify(o.name)}: {\n\t"$1": "$2"\n}${sep}`,
      snippet: !keyOnly, retrigger: !keyOnly || undefined,
    }));
  }

  private conditionKeys(stmtPath: Path, operator: string, present: Set<string>, span: Span, keyOnly: boolean, sep: string): CompletionProposal[] {
    const uses = statementConditionKeys(this.catalog, this.nodeAt(stmtPath));
    const family = describeOperator(operator)?.family;
    const presentLower = new Set([...present].map((k) => k.toLowerCase()));
    const out: CompletionProposal[] = [];
    for (const u of uses.keys.values()) {
      if (presentLower.has(u.key.toLowerCase())) continue;
      const fits = !family || familyFits(family, u.info.type, u.key);
      const keySnippet = templateToSnippet(u.key, 1);
      const valueStop = `$${keySnippet.next}`;
      const doc = [u.info.description && u.info.description !== u.info.type ? u.info.description : '',
        u.global ? `Global condition key (${u.info.description}).` : '',
        u.actions.length ? `Supported by ${u.actions.length} of the statement's ${uses.actionCount} actions: ${list(u.actions.map((a) => a.full), 8)}.` : ''].filter(Boolean).join('\n\n');
      out.push(this.proposal(span, {
        label: u.key, kind: 'variable', detail: u.info.type + (fits ? '' : ` (not a ${family} key)`), documentation: doc,
        sortText: `${fits ? 0 : 1}${u.global ? 1 : 0}${u.key.toLowerCase()}`,
        insertText: keyOnly ? `"${keySnippet.text}"` : `"${keySnippet.text}": "${valueStop}"${sep}`,
        snippet: true, retrigger: !keyOnly && hasKnownValues(u.key.toLowerCase(), u.info) ? true : undefined,
      }));
    }
    return out;
  }

  // -- values -------------------------------------------------------------------------------------------

  private values(path: Path, span: Span): CompletionProposal[] {
    const last = path[path.length - 1];
    const inArray = typeof last === 'number';
    const key = inArray ? path[path.length - 2] : last;
    const container = path.slice(0, inArray ? -2 : -1);
    if (typeof key !== 'string') return [];
    const sep = inArray ? this.separatorAfter(span, /["{[]/) : '';

    if (container.length === 0) {
      if (key === 'Version' && !inArray) {
        return [this.proposal(span, { label: '2012-10-17', kind: 'value', documentation: ELEMENT_DOCS.Version, insertText: '"2012-10-17"' })];
      }
      if (key === 'Statement') return this.statementSnippets(span, inArray);
      return [];
    }
    const st = this.statementOf(container);
    if (!st) return [];
    const rel = st.rel;
    if (rel.length === 0) {
      switch (key) {
        case 'Effect':
          return inArray ? [] : ['Allow', 'Deny'].map((v, i) => this.proposal(span, { label: v, kind: 'value', sortText: String(i), insertText: JSON.stringify(v) }));
        case 'Action':
        case 'NotAction':
          return this.actions(span, st.stmt, key, sep);
        case 'Resource':
        case 'NotResource':
          return this.resources(span, st.stmt, sep);
        default:
          return [];
      }
    }
    if ((rel[0] === 'Principal' || rel[0] === 'NotPrincipal') && rel.length === 1) {
      if (key === 'Service') return this.servicePrincipals(span, sep);
      if (key === 'AWS') return this.awsPrincipals(span, sep);
      return [];
    }
    if (rel[0] === 'Condition' && rel.length === 2 && typeof rel[1] === 'string') return this.conditionValues(span, rel[1], key, sep);
    return [];
  }

  private actions(span: Span, stmtPath: Path, element: string, sep: string): CompletionProposal[] {
    const typed = span.typed;
    const colon = typed.indexOf(':');
    const stmt = this.nodeAt(stmtPath);
    const present = new Set<string>();
    const value = stmt?.type === 'object' ? propertyValue(stmt, element) : undefined;
    if (value?.type === 'array') for (const c of value.children ?? []) if (c.type === 'string' && c.offset !== span.offset) present.add(String(c.value).toLowerCase());

    if (colon < 0) {
      return serviceEntries(this.catalog).map((e) => this.proposal(span, {
        label: e.prefix, kind: 'module', detail: e.name, documentation: e.doc, sortText: e.sort,
        insertText: `"${e.prefix}:$1"${sep}`, snippet: true, retrigger: true,
      }));
    }
    const service = this.catalog.getService(typed.slice(0, colon));
    if (!service) return [];
    const out: CompletionProposal[] = [];
    for (const e of actionEntries(this.k, service)) {
      if (present.size && present.has(e.lower)) continue;
      out.push(this.proposal(span, {
        label: e.label, kind: e.kind, detail: e.detail, documentation: e.doc, sortText: e.sort,
        insertText: sep ? e.quoted + sep : e.quoted, filterText: span.inString ? e.quoted : undefined,
      }));
    }
    return out;
  }

  private resources(span: Span, stmtPath: Path, sep: string): CompletionProposal[] {
    const stmt = this.nodeAt(stmtPath);
    const kind = this.policyKind();
    const out: CompletionProposal[] = [this.proposal(span, {
      label: '*', kind: 'value', sortText: '0',
      detail: kind === 'resource' ? 'this key (in a key policy)' : 'every resource',
      documentation: 'In a key policy `"*"` means the key the policy is attached to. In an identity policy it means every resource: actions that have no resource type (such as the custom key store actions and `kms:CreateKey`) need it.',
      insertText: '"*"' + sep,
    })];
    const seen = new Set<string>();
    for (const { action, type } of resourceTypesOf(this.catalog, stmt)) {
      const id = `${action.service.prefix}:${type.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const arn = templateToSnippet(type.arn, 1, true);
      out.push(this.proposal(span, {
        label: readableArn(type.arn), kind: 'value', detail: `${action.service.prefix} ${type.name} ARN`,
        documentation: `Resource type \`${type.name}\` of ${action.service.name}: \`${type.arn}\`.`,
        sortText: '1' + id, insertText: `"${arn.text}"${sep}`, snippet: true,
      }));
    }
    return out;
  }

  private servicePrincipals(span: Span, sep: string): CompletionProposal[] {
    return servicePrincipalEntries(this.catalog).map((e) => this.proposal(span, {
      label: e.principal, kind: 'value', detail: e.detail, documentation: e.doc, sortText: e.sort, insertText: JSON.stringify(e.principal) + sep,
    }));
  }

  private awsPrincipals(span: Span, sep: string): CompletionProposal[] {
    const forms: Array<[string, string, string]> = [
      ['arn:aws:iam::<account>:root', 'arn:aws:iam::${1:123456789012}:root', 'The account. In a key policy this delegates access to the account\'s IAM policies; it is not the root user alone.'],
      ['arn:aws:iam::<account>:role/<name>', 'arn:aws:iam::${1:123456789012}:role/${2:RoleName}', 'An IAM role.'],
      ['arn:aws:iam::<account>:user/<name>', 'arn:aws:iam::${1:123456789012}:user/${2:UserName}', 'An IAM user.'],
      ['<account id>', '${1:123456789012}', 'An account id: the same as `arn:aws:iam::<account>:root`.'],
    ];
    return forms.map(([label, body, doc], i) => this.proposal(span, { label, kind: 'value', documentation: doc, sortText: String(i), insertText: `"${body}"${sep}`, snippet: true }));
  }

  private conditionValues(span: Span, operator: string, key: string, sep: string): CompletionProposal[] {
    const lower = key.toLowerCase();
    const op = describeOperator(operator);
    const info = this.catalog.findConditionKey(key);
    const value = (v: string, doc?: string, i = 0) => this.proposal(span, { label: v, kind: 'constant', documentation: doc, sortText: String(i).padStart(3, '0'), insertText: JSON.stringify(v) + sep });
    if (op?.family === 'Null' || info?.type === 'Bool' || info?.type === 'ArrayOfBool') {
      return [value('true', undefined, 0), value('false', undefined, 1)];
    }
    const known = KNOWN_VALUES[lower];
    if (known) return known.map((k, i) => value(k.value, k.doc, i));
    if (SERVICE_NAME_KEYS.has(lower)) return this.servicePrincipals(span, sep);
    if (ACCOUNT_KEYS.has(lower)) {
      return [this.proposal(span, { label: '<account id>', kind: 'value', documentation: 'A 12-digit AWS account id.', insertText: '"${1:123456789012}"' + sep, snippet: true })];
    }
    if (lower === 'kms:viaservice') {
      return VIA_SERVICES.map((s, i) => this.proposal(span, {
        label: `${s}.<region>.amazonaws.com`, kind: 'value', sortText: String(i).padStart(3, '0'),
        documentation: `Requests that ${s} makes on the principal's behalf.`, insertText: `"${s}.\${1:us-east-1}.amazonaws.com"${sep}`, snippet: true,
      }));
    }
    return [];
  }

  // -- snippets -----------------------------------------------------------------------------------------

  /** Whole-document snippets in an empty (or whitespace-only) document, replacing the word typed. */
  private documentLevel(span: Span): CompletionProposal[] {
    const { text } = this;
    if (text.slice(0, span.offset).trim() !== '' || text.slice(span.offset + span.length).trim() !== '') return [];
    return this.orderedSnippets(this.k.data.documentSnippets).map((s, i) => this.snippetProposal(span, s, s.body, i));
  }

  /** Whole-document snippets inside an empty top-level object: the snippet's properties go in. */
  private documentSnippetsInObject(obj: Node, span: Span): CompletionProposal[] {
    const closed = this.text[obj.offset + obj.length - 1] === '}';
    return this.orderedSnippets(this.k.data.documentSnippets).map((s, i) => {
      const lines = s.body.split('\n');
      const inner = lines.slice(1, -1).map((l) => l.replace(/^\t/, '')).join('\n');
      return this.snippetProposal(span, s, this.block(span, inner, closed ? '' : '\n}'), i);
    });
  }

  /** Statement snippets (and a blank statement) at an element position of the Statement array. */
  private statementSnippets(span: Span, inArray: boolean): CompletionProposal[] {
    const kind = this.policyKind();
    const snippets = this.orderedSnippets(this.k.data.statementSnippets, kind);
    const blank = '{\n\t"Sid": "${1:Statement1}",\n\t"Effect": "${2|Allow,Deny|}",\n\t"Action": [\n\t\t"$3"\n\t],\n\t"Resource": "${4:*}"\n}';
    const lead = inArray ? this.leadingComma(span) : '';
    const sep = this.separatorAfter(span, inArray ? /[{"]/ : /"/);
    // In the array: a block per statement. As the value of "Statement": an array opened at the cursor.
    const wrap = (body: string) => inArray ? lead + this.block(span, body, '') + sep : `[\n\t${body.split('\n').join('\n\t')}\n]${sep}`;
    const out = [this.proposal(span, {
      label: 'statement', kind: 'snippet', detail: 'New statement', sortText: '0',
      documentation: 'A statement with Sid, Effect, Action and Resource.', insertText: wrap(blank), snippet: true,
    })];
    snippets.forEach((s, i) => out.push(this.snippetProposal(span, s, wrap(s.body), i + 1)));
    return out;
  }

  private snippetProposal(span: Span, s: PolicySnippet, insertText: string, i: number): CompletionProposal {
    const role = s.role ? this.k.data.roleTitles.get(s.role) : undefined;
    return this.proposal(span, {
      label: s.prefix, kind: 'snippet', detail: s.name, sortText: 's' + String(i).padStart(3, '0'),
      documentation: `${s.description}${role ? `\n\nPrincipal class: **${role}**.` : ''}\n\n\`\`\`json\n${expandSnippet(s.body).replace(/\t/g, '  ')}\n\`\`\``,
      insertText, snippet: true,
    });
  }

  /** Snippets of the pinned class first, then those of the document's kind, then the rest (stable). */
  private orderedSnippets(list: readonly PolicySnippet[], kind?: PolicyKind): PolicySnippet[] {
    const rank = (s: PolicySnippet) => (this.options.role && s.role === this.options.role ? 0 : 2) + (kind && s.kind === kind ? 0 : 1);
    return list.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
  }

  /**
   * A multi-line block at the span: as is when the cursor is alone on its line (the editor indents
   * the following lines like the cursor's line); otherwise on a new line, one level deeper.
   */
  private block(span: Span, body: string, tail: string): string {
    const { text } = this;
    const lineStart = text.lastIndexOf('\n', span.offset - 1) + 1;
    const alone = text.slice(lineStart, span.offset).trim() === '';
    const end = span.offset + span.length;
    const lineEnd = text.indexOf('\n', end);
    const restOfLine = text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim();
    if (alone) return body + (restOfLine && !restOfLine.startsWith(',') ? '\n' : '') + tail;
    return '\n\t' + body.split('\n').join('\n\t') + (restOfLine || tail ? '\n' : '') + tail.replace(/^\n/, '');
  }

  /** `,` when the array element before the span has no comma after it. */
  private leadingComma(span: Span): string {
    const prev = prevSignificant(this.text, span.offset);
    return prev !== undefined && /["}\]\w]/.test(prev) ? ',' : '';
  }

  private policyKind(): PolicyKind | undefined {
    const root = this.root();
    if (!root || root.type !== 'object') return undefined;
    const policy = buildPolicy(root, this.options.kind);
    return policy.statements.some((s) => s.props.length > 0) ? policy.kind : undefined;
  }
}

function resourceTypesOf(catalog: Catalog, stmt: Node | undefined): Array<{ action: Action; type: { name: string; arn: string } }> {
  const out: Array<{ action: Action; type: { name: string; arn: string } }> = [];
  const value = stmt?.type === 'object' ? propertyValue(stmt, 'Action') : undefined;
  for (const pattern of stringsOf(value)) {
    const matches = catalog.match(pattern);
    if (matches.length > 200) continue;
    for (const a of matches) {
      for (const r of a.resourceTypes) {
        const type = a.service.resourceTypes.get(r.name);
        if (type) out.push({ action: a, type });
      }
    }
  }
  return out;
}

function hasKnownValues(lower: string, info: ConditionKeyInfo): boolean {
  return !!KNOWN_VALUES[lower] || SERVICE_NAME_KEYS.has(lower) || ACCOUNT_KEYS.has(lower) || lower === 'kms:viaservice' || info.type === 'Bool' || info.type === 'ArrayOfBool';
}

// ---------------------------------------------------------------------------------------------------
// Small utilities



function isWordChar(c: string | undefined): boolean {
  return !!c && /[\w\-:*?./]/.test(c);
}

function isTerminated(text: string, start: number, end: number): boolean {
  if (end - start < 2 || text[end - 1] !== '"') return false;
  let backslashes = 0;
  for (let i = end - 2; i > start && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The first non-whitespace character at or after `offset`. */
function nextSignificant(text: string, offset: number): string | undefined {
  const m = /\S/.exec(text.slice(offset, offset + 2000));
  return m ? m[0] : undefined;
}

/** The last non-whitespace character before `offset`. */
function prevSignificant(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0 && i >= offset - 2000; i--) if (!/\s/.test(text[i])) return text[i];
  return undefined;
}


/**
 * A template with `${Name}` parts ("aws:RequestTag/${TagKey}", an ARN format) as snippet text with
 * numbered placeholders from `first`; with `defaults`, Partition/Region/Account get realistic defaults.
 */
export function templateToSnippet(template: string, first: number, defaults = false): { text: string; next: number } {
  let n = first;
  let text = '';
  let last = 0;
  const re = /\$\{([^}]*)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    text += escapeSnippetText(template.slice(last, m.index));
    const name = m[1];
    if (defaults && name === 'Partition') text += 'aws';
    else text += `\${${n++}:${escapeSnippetText(defaults ? DEFAULTS[name] ?? name : name)}}`;
    last = m.index + m[0].length;
  }
  text += escapeSnippetText(template.slice(last));
  return { text, next: n };
}

/** `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}` -> `arn:aws:kms:<region>:<account>:key/<KeyId>`. */
function readableArn(template: string): string {
  return template.replace(/\$\{([^}]*)\}/g, (_, n: string) => (n === 'Partition' ? 'aws' : n === 'Region' || n === 'Account' ? `<${n.toLowerCase()}>` : `<${n}>`));
}


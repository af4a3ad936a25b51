/**
 * A reader for JSON text with Terraform template syntax: heredoc bodies in `.tf` files and whole
 * `templatefile()` templates (`.json.tpl`, `.tftpl`, `.tpl`).
 *
 * - `${ expr }` inside a JSON string is an unknown part of the string; standing where a JSON value
 *   goes (`"Resource": ${jsonencode(var.arns)}`) it is a wholly unknown value;
 * - `$${` is a literal `${` (an IAM policy variable such as `$${aws:username}`), `%%{` a literal `%{`;
 * - a `%{ ... }` directive (`for`, `if`, `endfor`...) inside a string is an unknown part; between
 *   values its region is blanked and the array holding it gets an unknown item (what the directive
 *   repeats or omits cannot be seen).
 *
 * The JSON itself is parsed by jsonc-parser on a masked copy of the region (template syntax replaced
 * by characters of the same length), so offsets stay those of the host text.
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { HostArray, HostObject, HostProblem, HostProp, HostReadResult, HostValue, StringPart } from './types';
import { jsonWriter } from './jsonWriter';
import { jsonEscapeAt } from '../util/jsonString';

/** A template construct of the region: `${...}` or `%{...}` (host offsets, end exclusive). */
interface Construct { start: number; end: number; directive: boolean; inString: boolean }

export interface JsonTemplateRead {
  value: HostValue | undefined;
  problems: HostProblem[];
}

/** Deeper JSON than this is not read (the core guards its own parser the same way). */
const MAX_DEPTH = 128;

/**
 * Reads the JSON value in `text[start, end)` (the whole text by default). Never throws: a region
 * that is not JSON gives `value: undefined` and a problem.
 */
export function readJsonTemplateRegion(text: string, start = 0, end = text.length): JsonTemplateRead {
  try {
    return read(text, start, end);
  } catch {
    return { value: undefined, problems: [{ offset: start, length: Math.max(0, end - start), message: 'This template could not be read as JSON.' }] };
  }
}

/** The shape the Terraform reader calls for heredoc bodies. */
export function readJsonTemplate(text: string, start: number, end: number): HostValue | undefined {
  return readJsonTemplateRegion(text, start, end).value;
}

function read(text: string, start: number, end: number): JsonTemplateRead {
  const region = text.slice(start, end);
  const constructs = findConstructs(region);
  // The masked region: constructs in strings become `x`s (string content), between values a `${}`
  // becomes a string literal of its length and a directive becomes spaces.
  const masked = region.split('');
  const wholeValues = new Map<number, Construct>();
  for (const c of constructs) {
    if (c.inString) { for (let i = c.start; i < c.end; i++) masked[i] = 'x'; continue; }
    if (c.directive) { for (let i = c.start; i < c.end; i++) if (masked[i] !== '\n' && masked[i] !== '\r') masked[i] = ' '; continue; }
    masked[c.start] = '"';
    for (let i = c.start + 1; i < c.end - 1; i++) masked[i] = masked[i] === '\n' || masked[i] === '\r' ? ' ' : 'x';
    masked[c.end - 1] = '"';
    wholeValues.set(c.start, c);
  }
  const errors: ParseError[] = [];
  const root = parseTree(masked.join(''), errors, { allowTrailingComma: true, disallowComments: false });
  const problems: HostProblem[] = errors.slice(0, 5).map((e) => ({
    offset: start + e.offset, length: Math.max(1, e.length),
    message: `JSON syntax: ${describe(printParseErrorCode(e.error))}.`,
  }));
  if (!root || errors.length > 0) return { value: undefined, problems };
  const directives = constructs.filter((c) => c.directive && !c.inString);
  const inStrings = constructs.filter((c) => c.inString);
  const value = convert(root, 0);
  return { value, problems };

  function convert(n: Node, depth: number): HostValue {
    const offset = start + n.offset;
    const length = n.length;
    if (depth > MAX_DEPTH) return { type: 'unknown', offset, length, source: region.slice(n.offset, n.offset + n.length) };
    switch (n.type) {
      case 'object': {
        const props: HostProp[] = [];
        for (const p of n.children ?? []) {
          const k = p.children?.[0];
          const v = p.children?.[1];
          if (!k || !v) continue;
          const keyParts = stringParts(k);
          const key = keyParts.map((x) => x.kind === 'text' ? x.text : '\uE000').join('');
          props.push({ key, offset: start + p.offset, length: p.length, keyOffset: start + k.offset, keyLength: k.length, value: convert(v, depth + 1) });
        }
        const o: HostObject = { type: 'object', offset, length, props };
        return o;
      }
      case 'array': {
        const items: HostValue[] = (n.children ?? []).map((c) => convert(c, depth + 1));
        // Directives directly inside this array repeat or omit items: one unknown item (at the first) stands for them.
        for (const d of directives) {
          if (d.start < n.offset || d.end > n.offset + n.length) continue;
          if ((n.children ?? []).some((c) => d.start >= c.offset && d.end <= c.offset + c.length)) continue;
          const at = items.findIndex((it) => it.offset >= start + d.end);
          const u: HostValue = { type: 'unknown', offset: start + d.start, length: d.end - d.start, source: region.slice(d.start, d.end) };
          if (at < 0) items.push(u); else items.splice(at, 0, u);
          break;
        }
        const a: HostArray = { type: 'array', offset, length, items };
        return a;
      }
      case 'string': {
        const whole = wholeValues.get(n.offset);
        if (whole && whole.end === n.offset + n.length) return { type: 'unknown', offset, length, source: region.slice(n.offset, n.offset + n.length) };
        return { type: 'string', offset, length, parts: stringParts(n) };
      }
      case 'number': return { type: 'number', offset, length, value: n.value as number };
      case 'boolean': return { type: 'boolean', offset, length, value: n.value as boolean };
      default: return { type: 'null', offset, length };
    }
  }

  /** The parts of a JSON string literal node (host text between the quotes). */
  function stringParts(n: Node): StringPart[] {
    const parts: StringPart[] = [];
    const from = n.offset + 1;
    const to = n.offset + n.length - 1;
    let text = '';
    let textStart = from;
    let exact = true;
    const flush = (at: number) => {
      if (at > textStart || text.length) parts.push({ kind: 'text', text, offset: start + textStart, length: at - textStart, exact });
      text = '';
      exact = true;
    };
    let i = from;
    while (i < to) {
      const c = inStrings.find((x) => x.start === i);
      if (c) {
        flush(i);
        parts.push({ kind: 'unknown', offset: start + c.start, length: c.end - c.start, source: region.slice(c.start, c.end) });
        i = c.end;
        textStart = i;
        continue;
      }
      const ch = region[i];
      if ((ch === '$' || ch === '%') && region[i + 1] === ch && region[i + 2] === '{') {
        // `$${` / `%%{`: the literal `${` / `%{`.
        text += ch + '{';
        exact = false;
        i += 3;
        continue;
      }
      if (ch === '\\') {
        const esc = jsonEscapeAt(region, i);
        text += esc.text;
        i = esc.next;
        exact = false;
        continue;
      }
      text += ch;
      i++;
    }
    flush(Math.min(i, to));
    return parts;
  }
}


function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Finds `${...}` and `%{...}` (not their `$${` / `%%{` escapes) in a region, with whether each sits
 * inside a JSON string. An unterminated construct runs to the end of the region.
 */
function findConstructs(region: string): Construct[] {
  const out: Construct[] = [];
  let inString = false;
  for (let i = 0; i < region.length; i++) {
    const ch = region[i];
    if (inString) {
      if (ch === '\\') { i++; continue; }
      if (ch === '"') { inString = false; continue; }
    } else if (ch === '"') { inString = true; continue; }
    if ((ch === '$' || ch === '%') && region[i + 1] === ch && region[i + 2] === '{') { i += 2; continue; } // `$${`: an escape
    if ((ch === '$' || ch === '%') && region[i + 1] === '{') {
      const end = closeOf(region, i + 2);
      out.push({ start: i, end, directive: ch === '%', inString });
      i = end - 1;
    }
  }
  return out;
}

/** The offset just past the `}` closing a template construct whose body starts at `from`. */
function closeOf(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      // A string inside the expression (HCL escapes), which may hold its own templates.
      for (i++; i < s.length && s[i] !== '"'; i++) { if (s[i] === '\\') i++; else if (s[i] === '\n') break; }
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Does this look like a template file holding a policy (a JSON object with a Statement)? */
export function looksLikeJsonTemplate(text: string): boolean {
  return /^\s*(\uFEFF)?\s*\{/.test(text) && text.includes('"Statement"');
}

/** Reads a whole template file (`.json.tpl`, `.tftpl`, `.tpl`): one policy when it holds one. */
export function readTemplateFile(text: string): HostReadResult {
  if (!looksLikeJsonTemplate(text)) return { format: null, policies: [], problems: [] };
  const { value, problems } = readJsonTemplateRegion(text);
  const policies = value && value.type === 'object' && value.props.some((p) => p.key === 'Statement')
    ? [{ locator: 'template', value, range: { offset: value.offset, length: value.length }, syntax: 'json' as const, writer: jsonWriter(value) }]
    : [];
  return { format: 'terraform-template', policies, problems };
}

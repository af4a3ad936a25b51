/**
 * JSON parsing for the core: a thin layer over jsonc-parser that never throws and that keeps
 * offsets. jsonc-parser tolerates comments and trailing commas, which AWS rejects; they are
 * reported as `json-syntax` findings but do not stop the analysis.
 */
import { Node, ParseError, ParseErrorCode, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import { fastParse } from './fastParse';

export type { Node } from 'jsonc-parser';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
  /** Fatal problems make the tree unreliable: then only syntax findings are reported. */
  fatal: boolean;
  /** For tolerable problems, the edit that removes them (a comment, a trailing comma, a BOM). */
  removal?: { offset: number; length: number };
}

export interface ParsedJson {
  root: Node | undefined;
  problems: SyntaxProblem[];
  /** True when any problem is fatal. */
  broken: boolean;
}

const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character: JSON allows only objects, arrays, strings, numbers, true, false and null here.',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number.',
  [ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected.',
  [ParseErrorCode.ValueExpected]: 'A value is expected.',
  [ParseErrorCode.ColonExpected]: 'A colon is expected after the property name.',
  [ParseErrorCode.CommaExpected]: 'A comma is expected between elements.',
  [ParseErrorCode.CloseBraceExpected]: 'A closing brace } is expected.',
  [ParseErrorCode.CloseBracketExpected]: 'A closing bracket ] is expected.',
  [ParseErrorCode.EndOfFileExpected]: 'Only one top-level value is allowed: remove the text after the policy.',
  [ParseErrorCode.InvalidCommentToken]: 'Unterminated comment.',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment.',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string: add the closing double quote.',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Incomplete number.',
  [ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape: it needs four hex digits.',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape sequence in a string.',
  [ParseErrorCode.InvalidCharacter]: 'Control characters must be escaped inside strings.',
};

/** Deeper nesting than this is reported and not walked (a policy is at most 5 levels deep). */
export const MAX_DEPTH = 64;

/**
 * Parses `text`; never throws. Well-formed JSON (comments and trailing commas included) goes through
 * fastParse, which builds the same tree as jsonc-parser in one pass; everything else (syntax errors,
 * deep nesting) through parseJsonSlow, with the same result either way (test/unit/fast-parse.test.ts).
 */
export function parseJson(text: string): ParsedJson {
  const bom = text.charCodeAt(0) === 0xfeff;
  const source = bom ? ' ' + text.slice(1) : text;
  const fast = fastParse(source, MAX_DEPTH);
  // checkDepth does not know comments: with quotes or brackets in one, ask it as the slow path would.
  if (fast === undefined || (fast.bracketsInComments && checkDepth(source) !== undefined)) return parseJsonSlow(text);
  const problems: SyntaxProblem[] = [];
  if (bom) problems.push(bomProblem());
  for (const t of fast.tolerated) problems.push(t.kind === 'comment' ? commentProblem(t.offset, t.length) : trailingCommaProblem(t.offset));
  if (fast.root === undefined && text.trim() === '') problems.push(emptyProblem());
  return { root: fast.root, problems, broken: problems.some((p) => p.fatal) };
}

/** parseJson through jsonc-parser only (parseTree, then a visit for comments and trailing commas). Never throws. */
export function parseJsonSlow(text: string): ParsedJson {
  const problems: SyntaxProblem[] = [];
  let source = text;
  if (source.charCodeAt(0) === 0xfeff) {
    problems.push(bomProblem());
    source = ' ' + source.slice(1);
  }
  // Guard deep nesting before building a tree: jsonc-parser recurses per level.
  const depthProblem = checkDepth(source);
  if (depthProblem) return { root: undefined, problems: [...problems, depthProblem], broken: true };

  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    return { root: undefined, problems: [...problems, { offset: 0, length: Math.min(1, text.length), fatal: true, message: `The document could not be parsed: ${String(e)}` }], broken: true };
  }
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    // Missing closers at one offset (typically the end of a half-typed document) become one finding.
    if (isCloser(e.error) && i + 1 < errors.length && isCloser(errors[i + 1].error) && errors[i + 1].offset === e.offset) {
      let closers = '';
      while (i < errors.length && isCloser(errors[i].error) && errors[i].offset === e.offset) {
        closers += errors[i].error === ParseErrorCode.CloseBraceExpected ? '}' : ']';
        i++;
      }
      i--;
      problems.push({ offset: e.offset, length: Math.max(e.length, 0), fatal: true, message: `The document ends before its arrays and objects are closed: ${closers} is expected.` });
      continue;
    }
    problems.push({ offset: e.offset, length: Math.max(e.length, 0), fatal: true, message: MESSAGES[e.error] ?? printParseErrorCode(e.error) });
  }
  // A second pass finds comments and trailing commas; skip it when the text cannot contain any.
  if (source.includes('//') || source.includes('/*') || /,\s*[}\]]/.test(source)) collectTolerated(source, problems);
  if (root === undefined && text.trim() === '') {
    problems.push(emptyProblem());
  }
  return { root, problems, broken: problems.some((p) => p.fatal) };
}

function bomProblem(): SyntaxProblem {
  return { offset: 0, length: 1, fatal: false, removal: { offset: 0, length: 1 }, message: 'Byte-order mark: AWS rejects policy documents that start with one. Save the file as UTF-8 without BOM.' };
}

function commentProblem(offset: number, length: number): SyntaxProblem {
  return { offset, length, fatal: false, removal: { offset, length }, message: 'Comments are not allowed in IAM policies: AWS rejects the document. Remove the comment.' };
}

function trailingCommaProblem(offset: number): SyntaxProblem {
  return { offset, length: 1, fatal: false, removal: { offset, length: 1 }, message: 'Trailing comma: AWS rejects the document. Remove the comma.' };
}

function emptyProblem(): SyntaxProblem {
  return { offset: 0, length: 0, fatal: true, message: 'The document is empty: a policy is a JSON object with Version and Statement.' };
}

function isCloser(code: ParseErrorCode): boolean {
  return code === ParseErrorCode.CloseBraceExpected || code === ParseErrorCode.CloseBracketExpected;
}

/** Comments and trailing commas: valid JSONC, rejected by AWS. */
function collectTolerated(text: string, problems: SyntaxProblem[]): void {
  let lastSignificant = -1;
  let lastWasComma = false;
  visit(text, {
    onComment: (offset, length) => {
      problems.push(commentProblem(offset, length));
    },
    onSeparator: (ch, offset) => {
      lastWasComma = ch === ',';
      lastSignificant = offset;
    },
    onObjectEnd: (offset) => {
      if (lastWasComma) problems.push(trailingCommaProblem(lastSignificant));
      lastWasComma = false;
      lastSignificant = offset;
    },
    onArrayEnd: (offset) => {
      if (lastWasComma) problems.push(trailingCommaProblem(lastSignificant));
      lastWasComma = false;
      lastSignificant = offset;
    },
    onObjectBegin: () => { lastWasComma = false; },
    onArrayBegin: () => { lastWasComma = false; },
    onLiteralValue: () => { lastWasComma = false; },
    onObjectProperty: () => { lastWasComma = false; },
  }, { allowTrailingComma: true, disallowComments: false });
}

/** Scans brackets outside strings; reports nesting deeper than MAX_DEPTH. Linear, no recursion. */
function checkDepth(text: string): SyntaxProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped char
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) return { offset: i, length: 1, fatal: true, message: `Nesting deeper than ${MAX_DEPTH} levels: this is not a policy document (a policy is at most 5 levels deep).` };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/** The property nodes of an object node, [] otherwise. */
export function properties(node: Node | undefined): Node[] {
  return node && node.type === 'object' && node.children ? node.children : [];
}

/** The key of a property node. */
export function keyOf(prop: Node): string {
  const k = prop.children?.[0];
  return k && typeof k.value === 'string' ? k.value : '';
}

/** The value node of a property node. */
export function valueOf(prop: Node): Node | undefined { return prop.children?.[1]; }

/** A human name of a JSON node type, for messages. */
export function typeName(node: Node | undefined): string {
  if (!node) return 'nothing';
  switch (node.type) {
    case 'object': return 'an object';
    case 'array': return 'an array';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'null': return 'null';
    default: return 'a value';
  }
}

/**
 * A fast path for parseJson: a single-pass, hand-written parser for well-formed JSON (comments and
 * trailing commas included) that builds the same tree as jsonc-parser's
 * `parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true })`
 * (node types, offsets, lengths, values, colonOffset, parent links, children order, key order of the
 * node objects) and records the comments and trailing commas it passes, in the order jsonc-parser's
 * `visit` reports them, so that no second pass is needed.
 *
 * It returns `undefined` ("use jsonc-parser") for any input on which jsonc-parser would report a
 * problem (syntax errors, unterminated strings or comments, control characters in strings, invalid
 * escapes, numbers or symbols, characters other than space, tab, CR and LF between tokens) and for
 * nesting deeper than `maxDepth`. Recursion is bounded by `maxDepth` (checked before descending).
 * Pure, never throws.
 *
 * jsonc-parser's scanner, for reference (lib/esm/impl/scanner.js): trivia is space, tab, CR, LF and
 * comments (a line comment ends before CR or LF; a block comment needs a closing star-slash); a string
 * ends at an unescaped quote and may not contain CR, LF or any other character below U+0020; escapes
 * are \" \\ \/ \b \f \n \r \t and \u followed by exactly four hex digits (decoded one UTF-16 unit at a
 * time, so lone surrogates are kept as they are); a number is -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 * and its value is Number(token); true, false and null must be followed by a character that ends a
 * word (trivia, a structural character, a quote or a slash) — here, as after every value, only trivia,
 * a comma, a closer or the end of the text is accepted (anything else is an error for jsonc-parser too).
 */
import type { Node } from 'jsonc-parser';

/** A node while it is being built (jsonc-parser's Node is read-only). */
type Building = { -readonly [K in keyof Node]: Node[K] };

/** A construct that jsonc-parser tolerates and AWS rejects. */
export interface Tolerated {
  kind: 'comment' | 'trailing-comma';
  offset: number;
  length: number;
}

export interface FastParseResult {
  /** The tree; undefined when the text holds only whitespace and comments (as parseTree returns). */
  root: Node | undefined;
  /** Comments and trailing commas, in the order jsonc-parser's visitor reports them. */
  tolerated: Tolerated[];
  /**
   * True when a comment contains a double quote or a bracket: a bracket-counting scan that does not
   * know comments (json.ts checkDepth) may then see a different depth than the real one.
   */
  bracketsInComments: boolean;
}

// Character codes.
const TAB = 9, LF = 10, CR = 13, SPACE = 32, QUOTE = 34, PLUS = 43, COMMA = 44, MINUS = 45, DOT = 46, SLASH = 47;
const ZERO = 48, NINE = 57, COLON = 58, UPPER_E = 69, OPEN_BRACKET = 91, BACKSLASH = 92, CLOSE_BRACKET = 93;
const LOWER_E = 101, OPEN_BRACE = 123, CLOSE_BRACE = 125, STAR = 42;

// Parser state (module-level: no closures per parse; the parser never calls out, so it is not re-entered).
let text = '';
let pos = 0;
let len = 0;
let limit = 0;
let tolerated: Tolerated[] = [];
let bracketsInComments = false;
/**
 * The children of the open containers, innermost last (stack[0..sp)): each container takes an
 * exact-size copy of its own when it closes (arrays grown by push would hold spare capacity).
 */
let stack: Node[] = [];
let sp = 0;
/** Placeholder for `children` until a container closes (keeps the key order of parseTree's nodes). */
const PENDING: Node[] = [];

/** Parses `source` as described above; undefined means "fall back to jsonc-parser". */
export function fastParse(source: string, maxDepth: number): FastParseResult | undefined {
  text = source;
  len = source.length;
  pos = 0;
  limit = maxDepth;
  tolerated = [];
  bracketsInComments = false;
  sp = 0;
  try {
    if (!skipTrivia()) return undefined;
    if (pos >= len) return { root: undefined, tolerated, bracketsInComments };
    const root = parseValue(undefined, 0);
    if (root === undefined || !skipTrivia() || pos < len) return undefined;
    // parseTree deletes the parent of the root (it pointed to its artificial root array).
    delete (root as { parent?: Node }).parent;
    return { root, tolerated, bracketsInComments };
  } catch {
    return undefined; // not expected; jsonc-parser decides
  } finally {
    text = '';
    tolerated = [];
    stack = [];
  }
}

/** Skips whitespace and comments (recording the comments); false on a lone slash or an unterminated comment. */
function skipTrivia(): boolean {
  const t = text;
  let p = pos;
  for (;;) {
    let c = t.charCodeAt(p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = t.charCodeAt(++p);
    if (c !== SLASH) {
      pos = p;
      return true;
    }
    const start = p;
    const c2 = t.charCodeAt(p + 1);
    if (c2 === SLASH) {
      p += 2;
      const n = len;
      while (p < n) {
        const d = t.charCodeAt(p);
        if (d === LF || d === CR) break;
        p++;
      }
    } else if (c2 === STAR) {
      const end = t.indexOf('*/', p + 2);
      if (end < 0) return false; // jsonc-parser: UnexpectedEndOfComment
      p = end + 2;
    } else {
      return false; // a lone slash: InvalidSymbol
    }
    tolerated.push({ kind: 'comment', offset: start, length: p - start });
    if (!bracketsInComments) {
      for (let i = start + 2; i < p; i++) {
        const d = t.charCodeAt(i);
        if (d === QUOTE || d === OPEN_BRACE || d === CLOSE_BRACE || d === OPEN_BRACKET || d === CLOSE_BRACKET) {
          bracketsInComments = true;
          break;
        }
      }
    }
  }
}

/** The value at `pos` (trivia already skipped); undefined on anything jsonc-parser would complain about. */
function parseValue(parent: Node | undefined, depth: number): Node | undefined {
  const c = text.charCodeAt(pos);
  switch (c) {
    case OPEN_BRACE:
      return depth < limit ? parseObject(parent, depth + 1) : undefined;
    case OPEN_BRACKET:
      return depth < limit ? parseArray(parent, depth + 1) : undefined;
    case QUOTE: {
      const offset = pos;
      const value = scanString();
      if (value === undefined) return undefined;
      return { type: 'string', offset, length: pos - offset, parent, value };
    }
    case 116: // t
      if (text.charCodeAt(pos + 1) === 114 && text.charCodeAt(pos + 2) === 117 && text.charCodeAt(pos + 3) === 101) {
        pos += 4;
        return { type: 'boolean', offset: pos - 4, length: 4, parent, value: true };
      }
      return undefined;
    case 102: // f
      if (text.charCodeAt(pos + 1) === 97 && text.charCodeAt(pos + 2) === 108 && text.charCodeAt(pos + 3) === 115 && text.charCodeAt(pos + 4) === 101) {
        pos += 5;
        return { type: 'boolean', offset: pos - 5, length: 5, parent, value: false };
      }
      return undefined;
    case 110: // n
      if (text.charCodeAt(pos + 1) === 117 && text.charCodeAt(pos + 2) === 108 && text.charCodeAt(pos + 3) === 108) {
        pos += 4;
        return { type: 'null', offset: pos - 4, length: 4, parent, value: null };
      }
      return undefined;
    default:
      if (c === MINUS || (c >= ZERO && c <= NINE)) return parseNumber(parent);
      return undefined;
  }
}

function parseObject(parent: Node | undefined, depth: number): Node | undefined {
  const node: Building = { type: 'object', offset: pos, length: -1, parent, children: PENDING };
  const base = sp;
  pos++;
  if (!skipTrivia()) return undefined;
  if (text.charCodeAt(pos) !== CLOSE_BRACE) {
    for (;;) {
      if (text.charCodeAt(pos) !== QUOTE) return undefined;
      const keyOffset = pos;
      const key = scanString();
      if (key === undefined) return undefined;
      const prop: Building = { type: 'property', offset: keyOffset, length: -1, parent: node, children: PENDING, colonOffset: -1 };
      const keyNode: Node = { type: 'string', value: key, offset: keyOffset, length: pos - keyOffset, parent: prop };
      if (!skipTrivia() || text.charCodeAt(pos) !== COLON) return undefined;
      prop.colonOffset = pos;
      pos++;
      if (!skipTrivia()) return undefined;
      const value = parseValue(prop, depth);
      if (value === undefined) return undefined;
      prop.children = [keyNode, value];
      prop.length = value.offset + value.length - keyOffset;
      stack[sp++] = prop;
      if (!skipTrivia()) return undefined;
      const c = text.charCodeAt(pos);
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return undefined;
      const comma = pos;
      pos++;
      if (!skipTrivia()) return undefined;
      if (text.charCodeAt(pos) === CLOSE_BRACE) {
        tolerated.push({ kind: 'trailing-comma', offset: comma, length: 1 });
        break;
      }
    }
  }
  pos++; // the closing brace
  node.length = pos - node.offset;
  node.children = stack.slice(base, sp);
  sp = base;
  return node;
}

function parseArray(parent: Node | undefined, depth: number): Node | undefined {
  const node: Building = { type: 'array', offset: pos, length: -1, parent, children: PENDING };
  const base = sp;
  pos++;
  if (!skipTrivia()) return undefined;
  if (text.charCodeAt(pos) !== CLOSE_BRACKET) {
    for (;;) {
      const value = parseValue(node, depth);
      if (value === undefined) return undefined;
      stack[sp++] = value;
      if (!skipTrivia()) return undefined;
      const c = text.charCodeAt(pos);
      if (c === CLOSE_BRACKET) break;
      if (c !== COMMA) return undefined;
      const comma = pos;
      pos++;
      if (!skipTrivia()) return undefined;
      if (text.charCodeAt(pos) === CLOSE_BRACKET) {
        tolerated.push({ kind: 'trailing-comma', offset: comma, length: 1 });
        break;
      }
    }
  }
  pos++; // the closing bracket
  node.length = pos - node.offset;
  node.children = stack.slice(base, sp);
  sp = base;
  return node;
}

/**
 * The string starting at the quote at `pos`, escapes decoded; moves `pos` past the closing quote.
 * undefined when unterminated, on a character below U+0020 (CR and LF included) or a bad escape.
 */
function scanString(): string | undefined {
  const t = text;
  const n = len;
  const start = pos + 1;
  let i = start;
  for (;;) {
    if (i >= n) return undefined;
    const c = t.charCodeAt(i);
    if (c === QUOTE) {
      pos = i + 1;
      return t.substring(start, i);
    }
    if (c === BACKSLASH) break;
    if (c < SPACE) return undefined;
    i++;
  }
  return scanEscapedString(start, i);
}

/** scanString from the first backslash at `i` on: built the way jsonc-parser builds it (chunks between escapes plus decoded characters). */
function scanEscapedString(start: number, i: number): string | undefined {
  const t = text;
  const n = len;
  let result = '';
  let chunk = start;
  for (;;) {
    if (i >= n) return undefined;
    const c = t.charCodeAt(i);
    if (c === QUOTE) {
      result += t.substring(chunk, i);
      pos = i + 1;
      return result;
    }
    if (c === BACKSLASH) {
      result += t.substring(chunk, i);
      const e = t.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case QUOTE: result += '"'; break;
        case BACKSLASH: result += '\\'; break;
        case SLASH: result += '/'; break;
        case 98: result += '\b'; break; // b
        case 102: result += '\f'; break; // f
        case 110: result += '\n'; break; // n
        case 114: result += '\r'; break; // r
        case 116: result += '\t'; break; // t
        case 117: { // u: exactly four hex digits
          let code = 0;
          for (let k = 0; k < 4; k++) {
            const h = hexValue(t.charCodeAt(i + k));
            if (h < 0) return undefined;
            code = code * 16 + h;
          }
          i += 4;
          result += String.fromCharCode(code);
          break;
        }
        default:
          return undefined; // invalid escape, or a backslash at the end of the text
      }
      chunk = i;
      continue;
    }
    if (c < SPACE) return undefined;
    i++;
  }
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/** The number at `pos` (a minus or a digit); undefined on a malformed number. */
function parseNumber(parent: Node | undefined): Node | undefined {
  const start = pos;
  let i = pos;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let c = text.charCodeAt(i);
  if (c === ZERO) {
    i++;
  } else if (c > ZERO && c <= NINE) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  } else {
    return undefined; // a minus without digits
  }
  let integer = true;
  c = text.charCodeAt(i);
  if (c === DOT) {
    integer = false;
    i++;
    if (!isDigit(text.charCodeAt(i))) return undefined;
    while (isDigit(text.charCodeAt(i))) i++;
    c = text.charCodeAt(i);
  }
  if (c === LOWER_E || c === UPPER_E) {
    integer = false;
    i++;
    c = text.charCodeAt(i);
    if (c === PLUS || c === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return undefined;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  let value: number;
  const digitsStart = negative ? start + 1 : start;
  if (integer && i - digitsStart <= 15) {
    // Exact in a double (< 2^53), so equal to Number(token); -0 stays -0.
    let v = 0;
    for (let k = digitsStart; k < i; k++) v = v * 10 + (text.charCodeAt(k) - ZERO);
    value = negative ? -v : v;
  } else {
    value = Number(text.substring(start, i));
  }
  pos = i;
  return { type: 'number', offset: start, length: i - start, parent, value };
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

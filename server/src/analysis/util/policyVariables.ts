/**
 * Policy variables in strings: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}` (with a default),
 * and the escapes `${*}`, `${?}`, `${$}`. Scanning is linear and allocation-light; strings without
 * "${" return immediately.
 */

export type VariableProblem = 'missing-brace' | 'empty' | 'space' | 'symbol' | 'quote';

export interface PolicyVariable {
  /** Index of "$" in the decoded string. */
  start: number;
  /** Index after "}" (or the end of the string when the brace is missing). */
  end: number;
  /** The variable name ("aws:username"), '' when empty. */
  name: string;
  /** The default value without quotes, when present. */
  fallback?: string;
  problem?: VariableProblem;
  /** For `symbol`: the unsupported character. */
  symbol?: string;
}

const NAME_CHARS = /^[A-Za-z0-9:/_.\-=+@]+$/;
const ESCAPES = new Set(['*', '?', '$']);

/** The variables in `s`, in order. */
export function scanVariables(s: string): PolicyVariable[] {
  const out: PolicyVariable[] = [];
  let i = s.indexOf('${');
  while (i >= 0) {
    const close = s.indexOf('}', i + 2);
    const nextOpen = s.indexOf('${', i + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 ? nextOpen : s.length;
      out.push({ start: i, end, name: s.slice(i + 2, end), problem: 'missing-brace' });
      i = nextOpen;
      continue;
    }
    out.push(parseBody(s.slice(i + 2, close), i, close + 1));
    i = s.indexOf('${', close + 1);
  }
  return out;
}

function parseBody(body: string, start: number, end: number): PolicyVariable {
  if (body.trim() === '') return { start, end, name: '', problem: 'empty' };
  if (ESCAPES.has(body)) return { start, end, name: body };
  const comma = body.indexOf(',');
  const rawName = comma < 0 ? body : body.slice(0, comma);
  const name = rawName;
  if (/\s/.test(name)) return { start, end, name: name.trim(), problem: 'space' };
  if (!NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !NAME_CHARS.test(c));
    return { start, end, name, problem: 'symbol', symbol: bad };
  }
  if (comma < 0) return { start, end, name };
  const rest = body.slice(comma + 1).trim();
  if (rest.length < 2 || !rest.startsWith("'") || !rest.endsWith("'")) return { start, end, name, problem: 'quote' };
  return { start, end, name, fallback: rest.slice(1, -1) };
}

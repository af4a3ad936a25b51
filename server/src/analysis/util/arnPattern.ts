/**
 * ARN syntax and ARN pattern matching for the Resource checks. A policy ARN may contain `*`, `?` and
 * policy variables (`${aws:username}`, matched as `*`); a catalog ARN format contains `${Placeholders}`
 * (also matched as `*`). Two such patterns "can meet" when some concrete ARN matches both.
 *
 * Values a host document computes (UNKNOWN, host/types.ts: `arn:aws:kms:${var.region}:…`) are judged
 * around the unknown parts. With six fields or more, each unknown is taken to lie within its field and
 * matches anything there. With fewer, an unknown may expand to text holding the missing colons
 * (`arn:aws:kms:${local.region_and_account}:key/*`): only the fields wholly before the first unknown
 * are certain, and nothing is said about the structure. A value that does not start with "arn:" and
 * holds an unknown may be "*" (`mayBeStar`).
 */
import type { ResourceType } from '../catalog';
import { UNKNOWN } from '../host/types';
import { detach } from './detach';

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Which ARN field is wrong. */
export type ArnProblem =
  | 'prefix' | 'prefix-case' | 'fields' | 'partition' | 'service-empty' | 'service-case' | 'service-chars'
  | 'region' | 'account' | 'resource-empty' | 'whitespace';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
  /** Start index (in the original value) of each of the six fields. */
  starts: number[];
}

/** A policy variable, a catalog placeholder or an unknown part: each may stand for anything in its field. */
const VARIABLE = /\$\{[^}]*\}|\uE000/g;
const WILD = /[*?]/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_PATTERN = /^[0-9*?]+$/;
const SERVICE = /^[a-z0-9*?-]+$/;

/**
 * Splits a policy ARN into its fields; `${...}` variables are kept intact (a variable may contain ':').
 * Returns undefined when the value has fewer than six fields.
 */
export function splitArn(value: string): ParsedArn | undefined {
  const starts = fieldStarts(value);
  if (starts.length < 6) return undefined;
  return parsedFrom(value, starts);
}

function parsedFrom(value: string, starts: number[]): ParsedArn {
  const field = (k: number) => k >= starts.length ? '' : value.slice(starts[k], k < starts.length - 1 ? starts[k + 1] - 1 : value.length);
  return { partition: field(1), service: field(2), region: field(3), account: field(4), resource: field(5), starts };
}

/** Where each of (at most) the six fields starts; `${...}` variables are kept intact. */
function fieldStarts(value: string): number[] {
  const starts: number[] = [0];
  let depth = 0;
  for (let i = 0; i < value.length && starts.length < 6; i++) {
    const ch = value[i];
    if (ch === '$' && value[i + 1] === '{') { depth++; i++; continue; }
    if (ch === '}' && depth > 0) { depth--; continue; }
    if (ch === ':' && depth === 0) starts.push(i + 1);
  }
  return starts;
}

/** A value holding an unknown part that may be "*" (it does not start with a known "arn:"). */
export function mayBeStar(value: string): boolean {
  return value.includes(UNKNOWN) && !value.startsWith('arn:');
}

export interface ArnCheck {
  problem: ArnProblem;
  /** Decoded-value range of the faulty part. */
  from: number;
  to: number;
  parsed?: ParsedArn;
}

const isVariableOnly = (s: string) => s.replace(VARIABLE, '') === '';
const hasWild = (s: string) => WILD.test(s) || s.includes('${') || s.includes(UNKNOWN);

const arnChecks = new Map<string, ArnCheck | null>();

/** Validates a Resource value that is not "*". Returns undefined when it is a well-formed ARN. Cached by value. */
export function checkArn(value: string): ArnCheck | undefined {
  let c = arnChecks.get(value);
  if (c === undefined) {
    const own = detach(value);
    c = checkArnUncached(own) ?? null;
    if (arnChecks.size > 20000) arnChecks.clear();
    arnChecks.set(own, c);
  }
  return c ?? undefined;
}

function checkArnUncached(value: string): ArnCheck | undefined {
  const ws = /\s/.exec(value);
  if (ws) return { problem: 'whitespace', from: ws.index, to: ws.index + 1 };
  const unknownAt = value.indexOf(UNKNOWN);
  if (!value.startsWith('arn:')) {
    // The known text before an unknown part that may still become "arn:" (or "*"): nothing to say.
    if (unknownAt >= 0 && 'arn:'.startsWith(value.slice(0, unknownAt))) return undefined;
    if (value.toLowerCase().startsWith('arn:') || (unknownAt >= 0 && 'arn:'.startsWith(value.slice(0, unknownAt).toLowerCase()))) return { problem: 'prefix-case', from: 0, to: 3 };
    return { problem: 'prefix', from: 0, to: value.length };
  }
  const starts = fieldStarts(value);
  if (starts.length < 6 && unknownAt < 0) return { problem: 'fields', from: 0, to: value.length };
  const p = parsedFrom(value, starts);
  // Fewer than six fields with an unknown part: only the fields that end before it are certain.
  const complete = starts.length >= 6;
  const certain = (k: number) => complete || (k + 1 < starts.length && starts[k + 1] - 1 < unknownAt);
  const range = (k: number, s: string) => ({ from: p.starts[k], to: p.starts[k] + s.length, parsed: p });
  if (certain(1) && !(PARTITIONS.includes(p.partition) || (hasWild(p.partition) && couldBePartition(p.partition)))) return { problem: 'partition', ...range(1, p.partition) };
  if (certain(2)) {
    if (p.service === '') return { problem: 'service-empty', ...range(2, p.service) };
    if (!isVariableOnly(p.service)) {
      const s = p.service.replace(VARIABLE, '*');
      if (SERVICE.test(s.toLowerCase()) && !SERVICE.test(s)) return { problem: 'service-case', ...range(2, p.service) };
      if (!SERVICE.test(s)) return { problem: 'service-chars', ...range(2, p.service) };
    }
  }
  if (certain(3)) {
    if (p.region !== '' && !hasWild(p.region) && !REGION.test(p.region)) return { problem: 'region', ...range(3, p.region) };
    if (p.region !== '' && hasWild(p.region) && !isVariableOnly(p.region) && !/^[a-z0-9*?-]+$/.test(p.region.replace(VARIABLE, '*'))) return { problem: 'region', ...range(3, p.region) };
  }
  if (certain(4) && !validAccount(p.account)) return { problem: 'account', ...range(4, p.account) };
  if (complete && p.resource === '') return { problem: 'resource-empty', from: value.length, to: value.length, parsed: p };
  return undefined;
}

function couldBePartition(pattern: string): boolean {
  const re = globRegExp(pattern.replace(VARIABLE, '*'));
  return PARTITIONS.some((x) => re.test(x));
}

/** Account: empty, 12 digits, "aws" (AWS managed policies), a wildcard pattern of digits, or a variable. */
export function validAccount(account: string): boolean {
  if (account === '' || account === 'aws' || /^\d{12}$/.test(account)) return true;
  const a = account.replace(VARIABLE, '*');
  if (!ACCOUNT_PATTERN.test(a) || !WILD.test(a)) return false;
  // A pattern must still be able to match 12 digits.
  const fixed = a.replace(/\*/g, '').length;
  return a.includes('*') ? fixed <= 12 : a.length === 12;
}

function globRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp('^' + re + '$', 'i');
}

/**
 * A policy resource as a plain glob: variables become `*`. Unknown parts stay UNKNOWN (arnsMeet and
 * globsMeet match them as `*`, knowing they may also hold colons).
 */
export function resourceGlob(value: string): string {
  return value.includes('${') ? value.replace(POLICY_VARIABLE, '*') : value;
}
const POLICY_VARIABLE = /\$\{[^}]*\}/g;

const templateGlobs = new WeakMap<ResourceType, string>();

/** A catalog ARN format as a glob: `${Placeholder}` becomes `*`. */
export function templateGlob(rt: ResourceType): string {
  let g = templateGlobs.get(rt);
  if (g === undefined) {
    g = rt.arn.replace(VARIABLE, '*');
    templateGlobs.set(rt, g);
  }
  return g;
}

/**
 * Whether a policy resource (as a glob) can match an ARN of a resource type (its template as a
 * glob). IAM compares an ARN field by field: a wildcard in the partition, service, Region or
 * account field stays in that field, and only the resource part (everything after the fifth colon)
 * may hold colons. So "arn:aws:logs:us-east-1:111122223333:/aws/lambda/log-group:app-*" cannot be
 * a log group or stream (its resource part does not start with "log-group:"), although as one glob
 * its "*" and the template's account placeholder would meet.
 */
export function arnsMeet(resource: string, template: string): boolean {
  const x = fields(resource);
  const y = fields(template);
  if (!x && y) {
    const u = resource.indexOf(UNKNOWN);
    if (u >= 0) {
      // Fewer than six fields and an unknown part that may hold the missing colons: the fields that
      // end before it are certain; the rest may be anything.
      const known = resource.slice(0, u).split(':');
      known.pop();
      for (let i = 0; i < known.length; i++) if (!globsMeet(known[i], y[i])) return false;
      return true;
    }
  }
  if (!x || !y) return globsMeet(resource, template);
  for (let i = 0; i < 6; i++) if (!globsMeet(x[i], y[i])) return false;
  return true;
}

/** The six fields of an ARN glob (the last is the resource part, colons and all), or undefined. */
function fields(arn: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let k = 0; k < 5; k++) {
    const i = arn.indexOf(':', start);
    if (i < 0) return undefined;
    out.push(arn.slice(start, i));
    start = i + 1;
  }
  out.push(arn.slice(start));
  return out;
}

/**
 * Whether two globs (`*`, `?`) can match a common string, case-insensitively. Linear-space dynamic
 * programming over both patterns; ARNs are short, so this costs microseconds.
 */
export function globsMeet(x: string, y: string): boolean {
  // An unknown part (within a field, as arnsMeet calls it) matches anything there, as `*` does.
  const a = (x.includes(UNKNOWN) ? x.split(UNKNOWN).join('*') : x).toLowerCase();
  const b = (y.includes(UNKNOWN) ? y.split(UNKNOWN).join('*') : y).toLowerCase();
  const n = a.length;
  const m = b.length;
  // ok[i][j]: a[i..] and b[j..] can meet. Computed backwards, row by row.
  let below = new Uint8Array(m + 1); // row i+1
  let row = new Uint8Array(m + 1);
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      let v = 0;
      if (i === n && j === m) v = 1;
      else if (i < n && a[i] === '*') v = below[j] || (j < m && row[j + 1]) ? 1 : 0;
      else if (j < m && b[j] === '*') v = row[j + 1] || (i < n && below[j]) ? 1 : 0;
      else if (i < n && j < m) v = (a[i] === b[j] || a[i] === '?' || b[j] === '?') ? below[j + 1] : 0;
      row[j] = v;
    }
    const t = below; below = row; row = t;
  }
  return below[0] === 1;
}

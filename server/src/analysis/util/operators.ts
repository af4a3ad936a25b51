/**
 * Condition operators: the one model of them that the checks, completion and hover share. The
 * operators and their families, parsing a spelling (ForAllValues:/ForAnyValue: and …IfExists), which
 * families fit which condition key types, what an operator means (for hover and completion), and how
 * a condition evaluates when its key is absent.
 *
 * Operators are case-sensitive (IAM rejects "stringEquals" as an invalid Condition type).
 */
import { detach } from './detach';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** The base condition operators of the IAM policy language, with their family and what they do. */
export const CONDITION_OPERATORS: ReadonlyArray<{ name: string; family: OperatorFamily; doc: string }> = [
  { name: 'StringEquals', family: 'String', doc: 'Exact, case-sensitive match.' },
  { name: 'StringNotEquals', family: 'String', doc: 'True when the value matches none of the listed values (case-sensitive).' },
  { name: 'StringEqualsIgnoreCase', family: 'String', doc: 'Exact match, ignoring case.' },
  { name: 'StringNotEqualsIgnoreCase', family: 'String', doc: 'True when the value matches none of the listed values, ignoring case.' },
  { name: 'StringLike', family: 'String', doc: 'Case-sensitive match; `*` matches any characters and `?` one character.' },
  { name: 'StringNotLike', family: 'String', doc: 'True when the value matches none of the listed patterns (`*`, `?` wildcards).' },
  { name: 'NumericEquals', family: 'Numeric', doc: 'Numeric equality.' },
  { name: 'NumericNotEquals', family: 'Numeric', doc: 'Numeric inequality.' },
  { name: 'NumericLessThan', family: 'Numeric', doc: 'Less than.' },
  { name: 'NumericLessThanEquals', family: 'Numeric', doc: 'Less than or equal.' },
  { name: 'NumericGreaterThan', family: 'Numeric', doc: 'Greater than.' },
  { name: 'NumericGreaterThanEquals', family: 'Numeric', doc: 'Greater than or equal.' },
  { name: 'DateEquals', family: 'Date', doc: 'The date is the given one (ISO 8601, or epoch seconds).' },
  { name: 'DateNotEquals', family: 'Date', doc: 'The date is not the given one.' },
  { name: 'DateLessThan', family: 'Date', doc: 'Before the given date.' },
  { name: 'DateLessThanEquals', family: 'Date', doc: 'At or before the given date.' },
  { name: 'DateGreaterThan', family: 'Date', doc: 'After the given date.' },
  { name: 'DateGreaterThanEquals', family: 'Date', doc: 'At or after the given date.' },
  { name: 'Bool', family: 'Bool', doc: 'Boolean match: `"true"` or `"false"`.' },
  { name: 'BinaryEquals', family: 'Binary', doc: 'Byte-for-byte match of a base64-encoded value.' },
  { name: 'IpAddress', family: 'IpAddress', doc: 'The address is in one of the IPv4 or IPv6 CIDR ranges.' },
  { name: 'NotIpAddress', family: 'IpAddress', doc: 'The address is in none of the CIDR ranges.' },
  { name: 'ArnEquals', family: 'Arn', doc: 'Case-sensitive ARN match; each of the six ARN parts is compared, `*` and `?` allowed.' },
  { name: 'ArnLike', family: 'Arn', doc: 'Case-sensitive ARN match with `*` and `?` wildcards in each part.' },
  { name: 'ArnNotEquals', family: 'Arn', doc: 'True when the ARN matches none of the listed ARNs.' },
  { name: 'ArnNotLike', family: 'Arn', doc: 'True when the ARN matches none of the listed patterns.' },
  { name: 'Null', family: 'Null', doc: '`"true"`: the key is absent from the request context; `"false"`: it is present (with any value).' },
];

/** Every base operator with its family. */
export const BASE_OPERATORS: Readonly<Record<string, OperatorFamily>> = Object.fromEntries(CONDITION_OPERATORS.map((o) => [o.name, o.family]));

export const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
export type SetPrefix = typeof SET_PREFIXES[number];

export interface ParsedOperator {
  raw: string;
  /** Valid exactly as written. */
  valid: boolean;
  prefix?: SetPrefix;
  /** The base operator in its canonical spelling, when recognised (possibly after case correction). */
  base?: string;
  ifExists: boolean;
  family?: OperatorFamily;
  /** The canonical spelling when `raw` differs from it only in letter case. */
  caseFix?: string;
  /** "Null" with "IfExists": not allowed. */
  nullIfExists?: boolean;
}

const BASE_BY_LOWER = new Map(Object.keys(BASE_OPERATORS).map((k) => [k.toLowerCase(), k]));

/** All valid operator spellings (for did-you-mean). */
export const ALL_OPERATORS: readonly string[] = (() => {
  const out: string[] = [];
  for (const base of Object.keys(BASE_OPERATORS)) {
    const forms = base === 'Null' ? [base] : [base, base + 'IfExists'];
    for (const f of forms) out.push(f, ...SET_PREFIXES.map((p) => `${p}:${f}`));
  }
  return out;
})();

const parsedOperators = new Map<string, ParsedOperator>();

/** Parses a condition operator (cached; the set of spellings in use is small). */
export function parseOperator(raw: string): ParsedOperator {
  let p = parsedOperators.get(raw);
  if (p) return p;
  const own = detach(raw);
  p = parseOperatorUncached(own);
  if (parsedOperators.size > 2000) parsedOperators.clear();
  parsedOperators.set(own, p);
  return p;
}

function parseOperatorUncached(raw: string): ParsedOperator {
  let rest = raw;
  let prefix: SetPrefix | undefined;
  let canonical = '';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const head = rest.slice(0, colon);
    const found = SET_PREFIXES.find((x) => x.toLowerCase() === head.toLowerCase());
    if (!found) return { raw, valid: false, ifExists: false };
    prefix = found;
    canonical = found + ':';
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let base = BASE_BY_LOWER.get(rest.toLowerCase());
  if (!base && rest.toLowerCase().endsWith('ifexists')) {
    base = BASE_BY_LOWER.get(rest.slice(0, -8).toLowerCase());
    ifExists = !!base;
  }
  if (!base) return { raw, valid: false, ifExists: false, prefix };
  canonical += base + (ifExists ? 'IfExists' : '');
  const family = BASE_OPERATORS[base];
  if (base === 'Null' && ifExists) return { raw, valid: false, prefix, base, ifExists, family, nullIfExists: true };
  if (canonical !== raw) return { raw, valid: false, prefix, base, ifExists, family, caseFix: canonical };
  return { raw, valid: true, prefix, base, ifExists, family };
}

/** The scalar type of a key type: "ArrayOfARN" -> "ARN". */
export function scalarType(type: string): string {
  return type.startsWith('ArrayOf') ? type.slice(7) : type;
}

/** The key types of the Service Authorization Reference that `familiesFor` judges, scalar spelling. */
const JUDGED_TYPES = ['String', 'ARN', 'Numeric', 'Date', 'Bool', 'Binary', 'IPAddress'] as const;

/** The operator families AWS intends for a key type (Null always fits); undefined for types not judged. */
export function familiesFor(keyType: string, key: string): OperatorFamily[] | undefined {
  switch (scalarType(keyType)) {
    // String keys often hold ARNs (kms:EncryptionContext:aws:s3:arn, aws:RequestTag/...): ARN operators are fine on them.
    case 'String': return ['String', 'Arn'];
    case 'ARN': return ['Arn', 'String'];
    case 'Bool': return ['Bool'];
    case 'Numeric': return ['Numeric'];
    // aws:EpochTime is documented as "Date, Numeric".
    case 'Date': return key.toLowerCase() === 'aws:epochtime' ? ['Date', 'Numeric'] : ['Date'];
    case 'IPAddress': return ['IpAddress'];
    case 'Binary': return ['Binary'];
    default: return undefined;
  }
}

/** Whether an operator family fits a key: Null fits every key, and a key type not judged fits every family. */
export function familyFits(family: OperatorFamily, keyType: string, key: string): boolean {
  if (family === 'Null') return true;
  const families = familiesFor(keyType, key);
  return !families || families.includes(family);
}

/** The (scalar) key types a family fits, by `familiesFor`; empty for Null, which fits every key. */
export function typesFor(family: OperatorFamily): string[] {
  return family === 'Null' ? [] : JUDGED_TYPES.filter((t) => familiesFor(t, '')?.includes(family));
}

/**
 * What an operator spelling means, in markdown, for hover and completion; undefined when it is not
 * an operator. Letter case is forgiven here (the invalid-condition-operator check reports it).
 */
export function describeOperator(raw: string): { operator: ParsedOperator; family: OperatorFamily; doc: string } | undefined {
  const op = parseOperator(raw);
  if (!op.base || !op.family || op.nullIfExists) return undefined;
  const base = CONDITION_OPERATORS.find((o) => o.name === op.base)!;
  const types = typesFor(op.family);
  const parts = [`**${op.family} operator.** ${base.doc}`];
  if (types.length) parts.push(`For condition keys of type ${types.map((t) => `\`${t}\``).join(' or ')} (and their \`ArrayOf…\` forms).`);
  if (op.ifExists) parts.push('**…IfExists:** also true when the key is absent from the request (then the statement still applies).');
  if (op.prefix === 'ForAllValues') parts.push('**ForAllValues:** true when every value of a multivalued key in the request matches one of the listed values. Also true when the key is absent or empty: pair it with a `Null` check when that matters.');
  if (op.prefix === 'ForAnyValue') parts.push('**ForAnyValue:** true when at least one value of a multivalued key in the request matches one of the listed values.');
  return { operator: op, family: op.family, doc: parts.join('\n\n') };
}

/** How a condition evaluates when its key is absent from the request: 'true', 'false', or undefined when it depends on the values (Null) or the operator is unknown. */
export function resultWhenAbsent(op: ParsedOperator): 'true' | 'false' | undefined {
  if (!op.base || op.base === 'Null') return undefined;
  if (op.ifExists || op.prefix === 'ForAllValues') return 'true';
  if (op.prefix === 'ForAnyValue') return 'false';
  return /Not/.test(op.base) ? 'true' : 'false';
}

/** A sentence fragment: what a condition on a key that is never present does to its statement. */
export function absentKeyConsequence(op: ParsedOperator, isDeny: boolean): string {
  const r = resultWhenAbsent(op);
  if (r === 'true') return isDeny ? 'so this condition always matches and the Deny applies to every request' : 'so this condition always matches and restricts nothing';
  if (r === 'false') return isDeny ? 'so this condition never matches and the Deny never applies' : 'so this condition never matches and the statement grants nothing';
  return 'so this condition cannot work as intended';
}

/** A representative operator of a family, for messages. */
export const FAMILY_EXAMPLE: Readonly<Record<OperatorFamily, string>> = {
  String: 'StringEquals', Numeric: 'NumericEquals', Date: 'DateGreaterThan', Bool: 'Bool', Binary: 'BinaryEquals',
  IpAddress: 'IpAddress', Arn: 'ArnLike', Null: 'Null',
};

/** The operator spelled with the same prefix and IfExists suffix as `op`, but another base. */
export function respell(op: ParsedOperator, base: string, prefix: SetPrefix | 'none' = op.prefix ?? 'none'): string {
  return (prefix !== 'none' ? prefix + ':' : '') + base + (op.ifExists && base !== 'Null' ? 'IfExists' : '');
}

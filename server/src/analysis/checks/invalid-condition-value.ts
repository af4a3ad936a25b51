// Check: invalid-condition-value
// Fires when a condition value cannot be compared by its operator (a non-number for Numeric, a non-date for Date, a bad CIDR for IpAddress, ...).
import type { Check } from '../check';
import type { Node } from '../json';
import { conditionEntries } from '../util/conditions';
import { OperatorFamily } from '../util/operators';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EPOCH = /^\d+$/;
const BOOL = /^(true|false)$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validDate(s: string): boolean {
  if (EPOCH.test(s)) return true;
  const m = ISO_DATE.exec(s) ?? ISO_BASIC.exec(s);
  if (!m) return false;
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 60))) return false;
  return true;
}

function validIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && +p <= 255);
}

function validIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return false;
  let groups = s.split(':');
  // An embedded IPv4 tail counts as two groups.
  const last = groups[groups.length - 1];
  if (last.includes('.')) { if (!validIpv4(last)) return false; groups = [...groups.slice(0, -1), '0', '0']; }
  const compressed = s.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return compressed ? filled.length < 8 : groups.length === 8 && filled.length === 8;
}

/** IPv4 or IPv6 address, optionally with a /prefix length. */
export function validCidr(s: string): boolean {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const bits = slash < 0 ? undefined : s.slice(slash + 1);
  if (validIpv4(addr)) return bits === undefined || (/^\d{1,2}$/.test(bits) && +bits <= 32);
  if (addr.includes(':') && validIpv6(addr)) return bits === undefined || (/^\d{1,3}$/.test(bits) && +bits <= 128);
  return false;
}

/** Why a scalar does not fit the family, or undefined when it does. */
function problem(family: OperatorFamily, node: Node, operator: string): string | undefined {
  const v = node.value;
  const shown = JSON.stringify(v);
  switch (family) {
    case 'Numeric':
      if (node.type === 'number' || (node.type === 'string' && NUMBER.test(v))) return undefined;
      return `${operator} compares numbers, but ${shown} is not a number: write a number such as 3600.`;
    case 'Date':
      if ((node.type === 'number' && Number.isInteger(v) && v >= 0) || (node.type === 'string' && validDate(v))) return undefined;
      return `${operator} compares dates, but ${shown} is not a date: use ISO 8601 (e.g. "2025-01-31" or "2025-01-31T12:00:00Z") or epoch seconds.`;
    case 'Bool':
    case 'Null':
      if (node.type === 'boolean' || (node.type === 'string' && BOOL.test(v))) return undefined;
      return family === 'Null'
        ? `Null takes "true" (the key is absent) or "false" (the key is present), not ${shown}.`
        : `${operator} takes "true" or "false", not ${shown}.`;
    case 'IpAddress':
      if (node.type === 'string' && validCidr(v)) return undefined;
      return `${operator} takes IP addresses or CIDR ranges (e.g. "203.0.113.0/24" or "2001:DB8::/32"), but ${shown} is not one.`;
    case 'Binary':
      if (node.type === 'string' && v.length > 0 && BASE64.test(v)) return undefined;
      return `${operator} takes base64-encoded values, but ${shown} is not valid base64.`;
    default:
      return undefined;
  }
}

const isScalar = (n: Node) => n.type === 'string' || n.type === 'number' || n.type === 'boolean';

export const check: Check = {
  id: 'invalid-condition-value',
  description: 'A condition value does not fit its operator (not a number, date, boolean, IP range or base64 value).',
  defaultSeverity: 'error',
  category: 'conditions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "yes" } } } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const e of conditionEntries(s)) {
        const family = e.operator.family;
        const v = e.valueNode;
        if (!family || !v) continue;
        const op = e.operator.caseFix ?? e.operator.raw;
        // Values of the wrong JSON type (objects, null) are invalid-value-type's findings.
        if (!isScalar(v) && v.type !== 'array') continue;
        const scalars = e.values.filter(isScalar);
        if (new Set(scalars.map((n) => n.type)).size > 1) {
          ctx.report({ node: v, message: `The values of "${e.key}" mix JSON types (${[...new Set(scalars.map((n) => n.type))].join(', ')}): use values of one type, e.g. all strings.` });
          continue;
        }
        for (const item of scalars) {
          // Policy variables are substituted at request time; invalid-policy-variable judges them.
          if (item.type === 'string' && item.value.includes('${')) continue;
          const why = problem(family, item, op);
          if (why) ctx.report({ node: item, message: why });
        }
        if (family === 'Bool' && v.type === 'array') {
          const distinct = new Set(scalars.map((n) => String(n.value).toLowerCase()).filter((x) => x === 'true' || x === 'false'));
          if (distinct.size > 1) ctx.report({ node: v, message: `"${e.key}" is given both true and false: a Bool condition takes one value, and with both it always matches. Keep the one you mean.` });
        }
      }
    }
  },
};

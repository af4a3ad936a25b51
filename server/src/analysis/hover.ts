/**
 * Hover at an offset: for an action its description, access level, resource types (with ARN formats),
 * condition keys and the CloudHSM key store principal classes that need it; for a wildcard its
 * expansion; for policy elements, condition operators, condition keys, service principals, ARNs and
 * well-known condition values what they mean. Pure: returns markdown and the range it is about.
 */
import { findNodeAtOffset, getNodePath, Node, parseTree } from 'jsonc-parser';
import { Action, Catalog, Service } from './catalog';
import {
  ELEMENT_DOCS, KNOWN_VALUES, list, PRINCIPAL_DOCS, SERVICE_PRINCIPAL_NOTES, statementConditionKeys,
} from './reference';
import { excessRule, noun, Profiles } from './roles/profiles';
import type { Knowledge } from './knowledge';
import type { AnalysisOptions, HoverResult } from './types';
import { describeOperator, familyFits } from './util/operators';

export type { HoverResult } from './types';

/** How many actions a wildcard hover lists before "and N more". */
export const WILDCARD_LIST_LIMIT = 30;

export function hover(k: Knowledge, text: string, offset: number, _options: AnalysisOptions = {}): HoverResult | undefined {
  try {
    const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    const node = root && findNodeAtOffset(root, offset);
    if (!node || node.type !== 'string') return undefined;
    const markdown = describe(k, root, node);
    return markdown ? { markdown, offset: node.offset, length: node.length } : undefined;
  } catch {
    return undefined;
  }
}

function describe(k: Knowledge, root: Node, node: Node): string | undefined {
  const catalog = k.catalog;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.children?.[0] === node;
  if (isKey) {
    const objPath = parent!.parent ? getNodePath(parent!.parent) : [];
    return describeKey(catalog, root, objPath, String(node.value));
  }
  const path = getNodePath(node);
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  const container = path.slice(0, typeof last === 'number' ? -2 : -1);
  const value = String(node.value);
  const st = statementOf(container);
  if (!st) return undefined;
  if (st.rel.length === 0 && (key === 'Action' || key === 'NotAction')) return describeActionValue(k, value);
  if (st.rel.length === 0 && (key === 'Resource' || key === 'NotResource')) return describeResource(catalog, value);
  if (st.rel.length === 1 && (st.rel[0] === 'Principal' || st.rel[0] === 'NotPrincipal') && key === 'Service') return describeServicePrincipal(catalog, value);
  if (st.rel.length === 2 && st.rel[0] === 'Condition' && typeof key === 'string') {
    const known = KNOWN_VALUES[key.toLowerCase()]?.find((k) => k.value === value);
    if (known) return `\`${value}\` (\`${key}\`)\n\n${known.doc}`;
    if (key.toLowerCase() === 'iam:awsservicename') return describeServicePrincipal(catalog, value);
  }
  return undefined;
}

function statementOf(path: Array<string | number>): { stmt: Array<string | number>; rel: Array<string | number> } | undefined {
  if (path[0] !== 'Statement') return undefined;
  const n = typeof path[1] === 'number' ? 2 : 1;
  if (path.length < n) return undefined;
  return { stmt: path.slice(0, n), rel: path.slice(n) };
}

function describeKey(catalog: Catalog, root: Node, objPath: Array<string | number>, key: string): string | undefined {
  if (objPath.length === 0) return ['Version', 'Id', 'Statement'].includes(key) ? `**${key}**\n\n${ELEMENT_DOCS[key]}` : undefined;
  const st = statementOf(objPath);
  if (!st) return undefined;
  if (st.rel.length === 0) return ELEMENT_DOCS[key] && key !== 'Version' && key !== 'Id' && key !== 'Statement' ? `**${key}**\n\n${ELEMENT_DOCS[key]}` : undefined;
  if ((st.rel[0] === 'Principal' || st.rel[0] === 'NotPrincipal') && st.rel.length === 1) return PRINCIPAL_DOCS[key] ? `**${key}** principal\n\n${PRINCIPAL_DOCS[key]}` : undefined;
  if (st.rel[0] !== 'Condition') return undefined;
  if (st.rel.length === 1) {
    const op = describeOperator(key);
    return op ? `**${key}** (condition operator)\n\n${op.doc}` : undefined;
  }
  if (st.rel.length === 2) {
    const stmt = findAt(root, st.stmt);
    const uses = statementConditionKeys(catalog, stmt);
    const use = uses.keys.get(key.toLowerCase());
    const info = use?.info ?? catalog.findConditionKey(key);
    if (!info) return undefined;
    const isGlobal = !!catalog.globalConditionKeys.get(info.key.toLowerCase()) || catalog.globalConditionKeyPatterns.some((p) => p.info === info);
    const parts = [`**${key}** (condition key, \`${info.type}\`)`];
    if (isGlobal) parts.push(`Global condition key (${info.description} properties).`);
    else parts.push(info.description);
    if (info.key !== key) parts.push(`Matches the template \`${info.key}\`.`);
    if (use && use.actions.length) parts.push(`Supported by ${use.actions.length} of the statement's ${uses.actionCount} actions: ${list(use.actions.map((a) => a.full), 10)}.`);
    else if (!isGlobal && uses.actionCount > 0) parts.push(`None of the statement's ${uses.actionCount} actions supports this key: the condition can never match them (with …IfExists it is ignored).`);
    const op = typeof st.rel[1] === 'string' ? describeOperator(st.rel[1]) : undefined;
    if (op && !familyFits(op.family, info.type, key)) parts.push(`Note: \`${st.rel[1]}\` is a ${op.family} operator and this key is \`${info.type}\`.`);
    return parts.join('\n\n');
  }
  return undefined;
}

function findAt(root: Node, path: Array<string | number>): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.type === 'array' ? node.children?.[seg] : undefined;
    else node = node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1] : undefined;
  }
  return node;
}

function describeActionValue(k: Knowledge, value: string): string | undefined {
  const catalog = k.catalog;
  const matches = catalog.match(value);
  if (matches.length === 0) return undefined;
  const profiles = k.profilesOrNone();
  if (matches.length === 1 && !/[*?]/.test(value)) return describeAction(catalog, matches[0], profiles);
  return describeWildcard(catalog, value, matches, profiles);
}

function describeAction(catalog: Catalog, a: Action, profiles: Profiles | undefined): string {
  const parts = [`**${a.full}** · ${a.accessLevels.join(', ')}`, a.description];
  if (a.resourceTypes.length) {
    parts.push('**Resource types**\n' + a.resourceTypes.map((r) => {
      const type = a.service.resourceTypes.get(r.name);
      return `- \`${r.name}\`${r.required ? ' (required)' : ''}${type ? `: \`${type.arn}\`` : ''}`;
    }).join('\n'));
  } else {
    parts.push('**Resource types:** none, so the statement needs `"Resource": "*"`.');
  }
  const resourceKeys = [...new Set(a.resourceTypes.flatMap((r) => a.service.resourceTypes.get(r.name)?.conditionKeys ?? []))];
  if (a.conditionKeys.length) parts.push(`**Condition keys:** ${list(a.conditionKeys, 15)}`);
  if (resourceKeys.length) parts.push(`**Condition keys of its resource types:** ${list(resourceKeys, 15)}`);
  if (a.dependentActions.length) parts.push(`**Dependent actions:** ${list(a.dependentActions, 10)}`);
  const cloudhsm = profiles ? classLines(profiles, a.full, [a]) : [];
  if (cloudhsm.length) parts.push('**CloudHSM key store**\n' + cloudhsm.join('\n'));
  parts.push(docsLink(a.service));
  return parts.join('\n\n');
}

function describeWildcard(catalog: Catalog, value: string, matches: Action[], profiles: Profiles | undefined): string {
  const levels = new Map<string, number>();
  for (const a of matches) for (const l of a.accessLevels) levels.set(l, (levels.get(l) ?? 0) + 1);
  const services = new Set(matches.map((a) => a.service));
  const head = `**${escapeMd(value)}** matches ${matches.length} action${matches.length === 1 ? '' : 's'}` +
    (services.size > 1 ? ` of ${services.size} services` : '') +
    ` (${[...levels].map(([l, n]) => `${n} ${l}`).join(', ')}), as of the catalog snapshot ${catalog.snapshot}.`;
  const shown = matches.slice(0, WILDCARD_LIST_LIMIT).map((a) => `- \`${a.full}\` · ${a.accessLevels.join(', ')}`).join('\n');
  const more = matches.length > WILDCARD_LIST_LIMIT ? `\n- … and ${matches.length - WILDCARD_LIST_LIMIT} more` : '';
  const parts = [head, shown + more];
  if (profiles && matches.length <= 500) {
    const lines = classLines(profiles, value, matches);
    if (lines.length) parts.push('**CloudHSM key store**\n' + lines.join('\n'));
  }
  if (services.size === 1) parts.push(docsLink(matches[0].service));
  return parts.join('\n\n');
}

/**
 * Which principal classes need the actions (an entry `pattern` as written and what it matches), for
 * which classes the entry is excessive, and which of the actions cannot apply to CloudHSM keys.
 */
function classLines(profiles: Profiles, pattern: string, actions: Action[]): string[] {
  const single = actions.length === 1;
  const lines: string[] = [];
  for (const p of profiles.list) {
    const needed = actions.filter((a) => p.needs.has(a));
    if (needed.length === 0) continue;
    const kinds = new Set(needed.map((a) => p.needs.get(a)!.kind));
    const kind = kinds.has('required') ? 'required' : 'optional';
    lines.push(single
      ? `- ${p.title}: ${kind}. ${p.needs.get(actions[0])!.why}`
      : `- ${p.title}: needs ${needed.length} of them (${kind === 'required' ? 'some required' : 'optional'}): ${list(needed.map((a) => a.full), 6)}`);
  }
  for (const p of profiles.list) {
    const extra = actions.filter((a) => !p.needs.has(a));
    if (extra.length === 0) continue;
    const rule = excessRule(p, pattern, extra);
    if (!rule) continue;
    lines.push(`- Excessive for a ${noun(p)} (${rule.severity}): ${rule.why}`);
  }
  const unsupported = actions.filter((a) => profiles.unsupported.has(a));
  if (unsupported.length) {
    lines.push(single
      ? `- Cannot apply to keys in a CloudHSM key store: ${profiles.unsupported.get(unsupported[0])}`
      : `- ${unsupported.length} cannot apply to keys in a CloudHSM key store: ${list(unsupported.map((a) => a.full), 6)}`);
  }
  return lines;
}

function describeResource(catalog: Catalog, value: string): string | undefined {
  if (value === '*') return '`"*"`: every resource in an identity policy; this key in a key policy. Actions without a resource type need it.';
  const m = /^arn:[^:]*:([^:]+):/.exec(value);
  const service = m && catalog.getService(m[1]);
  if (!service) return undefined;
  const types = [...service.resourceTypes.values()].filter((t) => t.pattern.test(value));
  if (types.length === 0) return `No resource type of ${service.name} has this ARN format.\n\n${docsLink(service)}`;
  return types.map((t) => `Resource type \`${t.name}\` of ${service.name}: \`${t.arn}\`${t.conditionKeys.length ? `\n\nCondition keys: ${list(t.conditionKeys, 10)}` : ''}`).join('\n\n') + `\n\n${docsLink(service)}`;
}

function describeServicePrincipal(catalog: Catalog, value: string): string | undefined {
  const note = SERVICE_PRINCIPAL_NOTES[value.toLowerCase()];
  if (note) return `**${value}**\n\n${note}`;
  const m = /^([a-z0-9-]+)\.amazonaws\.com$/i.exec(value);
  const service = m && catalog.getService(m[1]);
  return service ? `**${value}**\n\nThe service principal of ${service.name}.` : undefined;
}

function docsLink(service: Service): string {
  return `[${service.name} in the Service Authorization Reference](${Catalog.docsUrl(service)})`;
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}


// Check: resource-no-matching-action
// Fires when a Resource ARN fits no resource type of any action in the statement (actions without resource types accept only "*").
import type { Check } from '../check';
import type { Catalog, ResourceType } from '../catalog';
import { replaceNode } from '../edits';
import { strings } from '../policy';
import type { Fix } from '../types';
import { UNKNOWN } from '../host/types';
import { ActionEntry, actionSummary } from '../util/actionSyntax';
import { arnsMeet, checkArn, mayBeStar, resourceGlob, templateGlob } from '../util/arnPattern';
import { detach } from '../util/detach';

const meetCache = new WeakMap<ResourceType, Map<string, boolean>>();

function meets(resource: string, rt: ResourceType): boolean {
  let m = meetCache.get(rt);
  if (!m) { m = new Map(); meetCache.set(rt, m); }
  let v = m.get(resource);
  if (v === undefined) {
    v = arnsMeet(resource, templateGlob(rt));
    if (m.size > 2000) m.clear();
    m.set(detach(resource), v);
  }
  return v;
}

function anyMeets(resource: string, types: ResourceType[] | undefined): boolean {
  for (const rt of types ?? []) if (meets(resource, rt)) return true;
  return false;
}

/**
 * The service field of an ARN glob, or undefined when it is (or may be) a wildcard: also when an
 * unknown part (UNKNOWN) before it may hold colons (fewer than six fields, util/arnPattern.ts).
 */
function serviceField(glob: string): string | undefined {
  const f = glob.split(':');
  if (f.length <= 2 || /[*?\uE000]/.test(f[2])) return undefined;
  const u = glob.indexOf(UNKNOWN);
  if (u >= 0 && f.length < 6 && u < f[0].length + f[1].length + 2) return undefined;
  return f[2].toLowerCase();
}

/** What the actions of a statement accept; keyed by the statement's action list, since statements repeat across keystrokes. */
interface Accepts { types: ResourceType[]; typeless: string[]; byService: Map<string | undefined, ResourceType[]> }
const acceptsCache = new WeakMap<Catalog, Map<string, Accepts>>();

function accepts(catalog: Catalog, entries: ActionEntry[]): Accepts {
  let cache = acceptsCache.get(catalog);
  if (!cache) { cache = new Map(); acceptsCache.set(catalog, cache); }
  let key = '';
  for (const e of entries) key += e.item.value + '\u0000';
  let a = cache.get(key);
  if (a) return a;
  const types = new Set<ResourceType>();
  const typeless = new Set<string>();
  for (const e of entries) {
    for (const act of e.matches) {
      if (act.resourceTypes.length === 0) typeless.add(act.full);
      for (const r of act.resourceTypes) {
        const rt = act.service.resourceTypes.get(r.name);
        if (rt) types.add(rt);
      }
    }
  }
  const byService = new Map<string | undefined, ResourceType[]>();
  for (const rt of types) {
    const k = serviceField(templateGlob(rt));
    const list = byService.get(k);
    if (list) list.push(rt); else byService.set(k, [rt]);
  }
  a = { types: [...types], typeless: [...typeless], byService };
  if (cache.size > 500) cache.clear();
  cache.set(detach(key), a);
  return a;
}

export const check: Check = {
  id: 'resource-no-matching-action',
  description: 'A resource ARN fits no resource type of the statement\'s actions, so it grants or denies nothing.',
  defaultSeverity: 'warning',
  category: 'resources',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::my-bucket/*" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      const prop = s.get('Resource');
      // Values with computed parts are judged around them (a Resource that may be "*" is not judged).
      const items = strings(prop?.value).filter((i) => i.value !== '*' && !mayBeStar(i.value) && !checkArn(i.value));
      if (items.length === 0) continue;
      const summary = actionSummary(ctx.catalog, s);
      // Only judge statements whose actions are all understood and stay within named services.
      if (summary.negated || !summary.allUnderstood || !summary.services) continue;
      // An action a host document computes (UNKNOWN) may apply to any resource.
      if (summary.entries.some((e) => e.item.value.includes(UNKNOWN))) continue;
      const { types, typeless, byService } = accepts(ctx.catalog, summary.entries);
      for (const item of items) {
        const glob = resourceGlob(item.value);
        const svc = serviceField(glob);
        if (svc === undefined ? anyMeets(glob, types) : anyMeets(glob, byService.get(svc)) || anyMeets(glob, byService.get(undefined))) continue;
        const shown = types.slice(0, 3).map((rt) => `${rt.name} (${rt.arn})`);
        const only = typeless;
        const parts: string[] = [];
        if (shown.length) parts.push(`the actions accept ${shown.join(', ')}${types.length > 3 ? ` and ${types.length - 3} more resource types` : ''}`);
        if (only.length) parts.push(`${only.slice(0, 3).join(', ')}${only.length > 3 ? ` and ${only.length - 3} more` : ''} accept${only.length === 1 ? 's' : ''} only "*"`);
        const fixes: Fix[] = types.length === 0
          ? [{ title: 'Change the resource to "*"', edits: [replaceNode(item.node, '"*"')], isPreferred: true }]
          : [];
        ctx.report({
          node: item.node,
          message: `No action in this statement applies to "${item.value}": ${parts.join('; ')}. This resource therefore ${s.isDeny ? 'denies' : 'grants'} nothing: use an ARN of one of those resource types${only.length ? ', or "*" for the actions without resource types' : ''}.`,
          fixes,
          aroundUnknown: true,
        });
      }
    }
  },
};

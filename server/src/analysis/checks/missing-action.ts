// Check: missing-action
// Fires when a policy (or a key-policy principal) lacks actions its principal class needs: the key
// store cannot connect, keys cannot be created, or the key cannot be used.
import type { Action } from '../catalog';
import type { Check, CheckContext } from '../check';
import { applyEdits, detectStyle, formatValue, lineIndent, removeChild, replaceString } from '../edits';
import type { Node } from '../json';
import type { Statement } from '../policy';
import { requirementStatus, resourceAllows } from '../roles/analysis';
import { noun, Requirement } from '../roles/profiles';
import { addStatement, addToStatement, classified, listActions, resourceIsStar, subjectAnchor, targetStatement } from '../roles/util';
import type { Edit, Fix } from '../types';

export const check: Check = {
  id: 'missing-action',
  description: 'The policy lacks actions that its principal class needs (for example a key store manager without kms:ConnectCustomKeyStore).',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:CreateCustomKeyStore', 'kms:DescribeCustomKeyStores', 'kms:DeleteCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'cloudhsm:DescribeClusters'], Resource: '*' }] }),
  run(ctx) {
    for (const subject of classified(ctx)) {
      if (subject.partlyUnknown) continue; // what it cannot see may well be granted
      const profile = subject.profile;
      const { missing } = requirementStatus(profile, subject, ctx.kind);
      if (missing.length === 0) continue;
      const target = targetStatement(subject, profile);
      const single = missing.filter((r) => r.actions.length === 1);
      const anyOf = missing.filter((r) => r.actions.length > 1);
      const names = [...single.map((r) => r.actions[0].full), ...anyOf.map((r) => r.label)];
      const who = subject.principal ? `${subject.principal.value} (${noun(profile)})` : `A ${noun(profile)}`;
      const stale = profile.id === 'service-linked-role' && single.some((r) => /DescribeVpcs|DescribeNetworkAcls|DescribeNetworkInterfaces/.test(r.actions[0].name))
        ? ' The seven-action list of the AWS KMS Developer Guide page "Controlling access to your AWS CloudHSM key store" is version 1 (2018) of the managed policy; version 2 (2023-11-10) added ec2:DescribeVpcs, ec2:DescribeNetworkAcls and ec2:DescribeNetworkInterfaces.' : '';
      const fixes: Fix[] = [];
      // In a key policy only actions on the key take effect: adding others would not resolve the finding.
      // Nor do actions an unconditional Deny over every resource takes away again: the message names that Deny.
      const denying = (a: Action) => subject.statements.filter((s) => s.isDeny && !s.hasCondition && !s.get('NotResource') && s.resourceItems().some((r) => r.value === '*')
        && (s.get('Action') ? s.actionItems().some((i) => ctx.catalog.match(i.value).includes(a)) : !!s.get('NotAction') && !s.actionItems().some((i) => ctx.catalog.match(i.value).includes(a))));
      const denied = (a: Action) => denying(a).length > 0;
      const denials = single.map((r) => ({ action: r.actions[0], by: denying(r.actions[0]) })).filter((d) => d.by.length > 0);
      const effective = (r: Requirement) => ctx.kind !== 'resource' || r.actions.every((a) => a.service.prefix === 'kms' && a.resourceTypes.some((t) => t.name === 'key'));
      if (single.length && single.every(effective) && !single.some((r) => denied(r.actions[0]))) fixes.push({ title: `Add ${single.length === 1 ? single[0].actions[0].full : `the ${single.length} missing actions`}`, edits: addEdits(ctx, subject, target, single) });
      for (const r of anyOf.filter(effective)) for (const a of r.actions.filter((x) => !denied(x)).slice(0, 2)) fixes.push({ title: `Add ${a.full}`, edits: addEdits(ctx, subject, target, [{ ...r, actions: [a] }]) });
      // A Deny is the cause: offer to take the action out of it (a quick fix only: it widens access,
      // so never in fix-all), when an Allow of this subject would grant the action without that Deny.
      for (const d of denials) {
        if (d.by.length !== 1 || !subject.statements.some((s) => s.isAllow && allowsAction(ctx, s, d.action))) continue;
        const edits = narrowDeny(ctx, d.by[0], d.action);
        if (edits.length) fixes.push({ title: `Remove ${d.action.full} from the Deny ${statementName(d.by[0])}`, edits });
      }
      const cause = denials.length === 0 ? '' : ' ' + [...groupBy(denials)].map(([s, actions]) => `The Deny ${statementName(s)} takes ${listActions(actions, 4)} away (no condition, every resource): narrow that Deny if the class needs ${actions.length === 1 ? 'it' : 'them'}.`).join(' ');
      ctx.report({
        node: subjectAnchor(ctx, subject, subject.principal ? undefined : target),
        message: `${who} also needs ${listActions(names, 8)}. ${missing.length === 1 ? missing[0].why : 'Without them the class cannot do its job.'}${cause}${stale}`,
        actions: single.map((r) => r.actions[0].full),
        fixes: fixes.filter((f) => f.edits.length > 0),
      });
    }
  },
};

/** The statement as users find it: by its Sid, else by its position. */
function statementName(s: Statement): string {
  const sid = s.get('Sid')?.value;
  return sid?.type === 'string' && sid.value ? `statement "${sid.value}"` : `statement ${s.index + 1}`;
}

/** The denied actions by the (first) Deny statement that takes each away, in statement order. */
function groupBy(denials: Array<{ action: Action; by: Statement[] }>): Map<Statement, string[]> {
  const out = new Map<Statement, string[]>();
  for (const d of [...denials].sort((a, b) => a.by[0].index - b.by[0].index)) out.set(d.by[0], [...(out.get(d.by[0]) ?? []), d.action.full]);
  return out;
}

/** Does an Allow statement name the action (Action, or NotAction leaving it out) on a resource that fits it? */
function allowsAction(ctx: CheckContext, s: Statement, a: Action): boolean {
  const named = s.actionItems().some((i) => ctx.catalog.match(i.value).includes(a));
  return (s.get('Action') ? named : !!s.get('NotAction') && !named) && resourceAllows(s, a, ctx.kind);
}

/** Cap on the actions a Deny's wildcard entry is spelled out into when one action is taken out of it. */
const MAX_EXPANSION = 30;

/**
 * Edits that take one action out of a Deny's Action list: the entry naming it is removed, or a
 * wildcard entry is replaced by the actions it matches but that one. None when the Deny uses
 * NotAction, when it would be left with no action, or when the wildcard matches too many actions.
 */
function narrowDeny(ctx: CheckContext, s: Statement, a: Action): Edit[] {
  const value = s.get('Action')?.value;
  if (!value) return [];
  const items = s.actionItems();
  const hits = items.filter((i) => ctx.catalog.match(i.value).includes(a));
  if (hits.length !== 1) return [];
  const hit = hits[0];
  const rest = ctx.catalog.match(hit.value).filter((x) => x !== a);
  if (rest.length === 0) return items.length > 1 && value.type === 'array' ? removeChild(ctx.text, value, hit.node) : [];
  if (rest.length > MAX_EXPANSION) return [];
  return replaceString(ctx.text, value, hit.node, rest.map((x) => x.full));
}

/** Actions that fit the target statement go there; the others get statements of their own. */
function addEdits(ctx: Parameters<Check['run']>[0], subject: { statements: unknown[] }, target: ReturnType<typeof targetStatement>, reqs: Requirement[]) {
  const here: string[] = [];
  const groups = new Map<string, { resource: string; condition?: Requirement['condition']; actions: string[] }>();
  for (const r of reqs) {
    const a = r.actions[0];
    const needsStar = ctx.kind === 'identity' && a.resourceTypes.length === 0;
    const special = ctx.kind === 'identity' && (r.condition || (r.resource && r.resource !== '*'));
    // The target's Resource must be able to match the action (kms:Encrypt under an ec2 ARN grants nothing).
    const fits = target && !target.hasCondition && !special && (!needsStar || resourceIsStar(target)) && (ctx.kind !== 'identity' || resourceIsStar(target) || !needsStar)
      && resourceAllows(target, a, ctx.kind);
    if (fits) { here.push(a.full); continue; }
    const resource = r.resource ?? '*';
    const key = resource + JSON.stringify(r.condition ?? {});
    const g = groups.get(key) ?? { resource, condition: r.condition, actions: [] };
    g.actions.push(a.full);
    groups.set(key, g);
  }
  const edits = target && here.length ? addToStatement(ctx, target, here) : [];
  if (!target) for (const a of here) groups.set('*{}', { resource: '*', actions: [...(groups.get('*{}')?.actions ?? []), a] });
  const extra = [...groups.values()];
  if (extra.length && ctx.kind === 'identity') {
    // Several new statements are appended in one edit so the edits cannot overlap.
    const sv = ctx.policy?.statementProp?.value;
    if (!sv) return edits;
    // A single statement object becomes a list: one edit writes the statement (with its additions) and the new ones.
    if (sv.type !== 'array' && (edits.length > 0 || extra.length > 1)) return wrapStatement(ctx.text, sv, edits, extra.map(stmt));
    let combined = addStatement(ctx, stmt(extra[0]));
    for (const g of extra.slice(1)) {
      const next = addStatement(ctx, stmt(g));
      if (next.length === 1 && combined.length === 1 && next[0].offset === combined[0].offset && next[0].length === 0 && combined[0].length === 0) {
        combined = [{ ...combined[0], newText: combined[0].newText + next[0].newText }];
      }
    }
    return [...edits, ...combined];
  }
  return edits;
}

/**
 * One edit that turns a single statement object into a list: the statement with `edits` applied
 * (they lie inside it), then `added`, laid out as appendStatement lays out a wrapped statement.
 */
function wrapStatement(text: string, sv: Node, edits: Edit[], added: Array<Record<string, unknown>>): Edit[] {
  if (edits.some((e) => e.offset < sv.offset || e.offset + e.length > sv.offset + sv.length)) return [];
  const style = detectStyle(text);
  const ind = lineIndent(text, sv.offset);
  const inner = ind + style.indent;
  const own = applyEdits(text.slice(sv.offset, sv.offset + sv.length), edits.map((e) => ({ ...e, offset: e.offset - sv.offset })));
  const items = [own.split(/\r?\n/).join(style.eol + style.indent), ...added.map((st) => formatValue(st, style, inner))];
  return [{ offset: sv.offset, length: sv.length, newText: '[' + style.eol + inner + items.join(',' + style.eol + inner) + style.eol + ind + ']' }];
}

function stmt(g: { resource: string; condition?: Requirement['condition']; actions: string[] }): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: 'Allow', Action: g.actions.length === 1 ? g.actions[0] : g.actions, Resource: g.resource };
  if (g.condition) s.Condition = g.condition;
  return s;
}

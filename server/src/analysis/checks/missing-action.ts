// Check: missing-action
// Fires when a policy (or a key-policy principal) lacks actions its principal class needs: the key
// store cannot connect, keys cannot be created, or the key cannot be used.
import type { Action } from '../catalog';
import type { Check } from '../check';
import { requirementStatus, resourceAllows } from '../roles/analysis';
import { noun, Requirement } from '../roles/profiles';
import { addStatement, addToStatement, classified, listActions, resourceIsStar, subjectAnchor, targetStatement } from '../roles/util';
import type { Fix } from '../types';

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
        ? ' The seed\'s seven-action list is version 1 (2018); version 2 of the managed policy (2023-11-10) added ec2:DescribeVpcs, ec2:DescribeNetworkAcls and ec2:DescribeNetworkInterfaces.' : '';
      const fixes: Fix[] = [];
      // In a key policy only actions on the key take effect: adding others would not resolve the finding.
      // Nor do actions an unconditional Deny over every resource takes away again.
      const denied = (a: Action) => subject.statements.some((s) => s.isDeny && !s.hasCondition && !s.get('NotResource') && s.resourceItems().some((r) => r.value === '*')
        && (s.get('Action') ? s.actionItems().some((i) => ctx.catalog.match(i.value).includes(a)) : !!s.get('NotAction') && !s.actionItems().some((i) => ctx.catalog.match(i.value).includes(a))));
      const effective = (r: Requirement) => ctx.kind !== 'resource' || r.actions.every((a) => a.service.prefix === 'kms' && a.resourceTypes.some((t) => t.name === 'key'));
      if (single.length && single.every(effective) && !single.some((r) => denied(r.actions[0]))) fixes.push({ title: `Add ${single.length === 1 ? single[0].actions[0].full : `the ${single.length} missing actions`}`, edits: addEdits(ctx, subject, target, single) });
      for (const r of anyOf.filter(effective)) for (const a of r.actions.filter((x) => !denied(x)).slice(0, 2)) fixes.push({ title: `Add ${a.full}`, edits: addEdits(ctx, subject, target, [{ ...r, actions: [a] }]) });
      ctx.report({
        node: subjectAnchor(ctx, subject, subject.principal ? undefined : target),
        message: `${who} also needs ${listActions(names, 8)}. ${missing.length === 1 ? missing[0].why : 'Without them the class cannot do its job.'}${stale}`,
        actions: single.map((r) => r.actions[0].full),
        fixes: fixes.filter((f) => f.edits.length > 0),
      });
    }
  },
};

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
    // A single statement object is rewritten as a list by the first appended statement: that edit would
    // overlap additions to the statement and other appended statements, so offer no fix then.
    if (sv.type !== 'array' && (edits.length > 0 || extra.length > 1)) return [];
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

function stmt(g: { resource: string; condition?: Requirement['condition']; actions: string[] }): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: 'Allow', Action: g.actions.length === 1 ? g.actions[0] : g.actions, Resource: g.resource };
  if (g.condition) s.Condition = g.condition;
  return s;
}

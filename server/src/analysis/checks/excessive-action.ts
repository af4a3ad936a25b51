// Check: excessive-action
// Fires on each Action entry (or NotAction) that grants actions the principal class does not need:
// another class's job, destructive, or privilege escalation. A wildcard says how many it adds.
import type { Action } from '../catalog';
import type { Check } from '../check';
import { excessRule, noun } from '../roles/profiles';
import { classified, listActions, removeEntry, replaceEntry, replaceNotAction, sortActions } from '../roles/util';
import type { Fix, Severity } from '../types';

export const check: Check = {
  id: 'excessive-action',
  description: 'An Action entry grants actions that the principal class does not need (another class\'s job, destructive, or privilege escalation).',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ScheduleKeyDeletion'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' }] }),
  run(ctx) {
    for (const subject of classified(ctx)) {
      const profile = subject.profile;
      const needless = (a: Action) => !ctx.roles.isHarmless(profile, a);
      for (const e of subject.entries) {
        if (!e.actions.some(needless)) continue; // the common case, without an array
        const excess = e.actions.filter(needless);
        // The most severe rule that covers the entry as written or any excess action decides.
        const rule = excessRule(profile, e.notAction ? undefined : e.pattern, excess);
        const severity: Severity = rule?.severity ?? 'warning';
        const why = rule?.why ?? `A ${noun(profile)}: ${profile.summary[0].toLowerCase()}${profile.summary.slice(1)}`;
        const keep = sortActions(e.actions.filter((a) => profile.allowed.has(a)));
        const sorted = sortActions(excess);
        const who = subject.principal ? ` for ${subject.principal.value}` : '';
        const cond = e.conditional ? ' (granted under the statement\'s condition)' : '';
        const message = e.notAction
          ? `NotAction grants ${sorted.length} action${plural(sorted)} a ${noun(profile)} does not need${who}${cond}, including ${listActions(sorted, 4)}. ${why} List the needed actions in Action instead.`
          : e.wildcard
            ? `"${e.pattern}" adds ${sorted.length} action${plural(sorted)} beyond what a ${noun(profile)} needs${who}${cond}: ${listActions(sorted, 6)}. ${why}`
            : `${sorted[0].full} is not needed by a ${noun(profile)}${who}${cond}. ${why}`;
        ctx.report({ node: e.node, message, severity, actions: sorted.map((a) => a.full), fixes: fixesFor(ctx, e, keep, noun(profile)) });
      }
    }
  },
};

function plural(a: Action[]): string { return a.length === 1 ? '' : 's'; }

function fixesFor(ctx: Parameters<Check['run']>[0], e: Parameters<typeof removeEntry>[1], keep: Action[], who: string): Fix[] {
  // A statement shared by several principals may be right for another of them: never fix-all it.
  const shared = countPrincipals(e.statement) > 1;
  if (e.notAction) {
    return [{ title: `Replace NotAction with the ${keep.length} action${keep.length === 1 ? '' : 's'} a ${who} needs`, edits: replaceNotAction(ctx, e, keep), safe: !shared, isPreferred: true }];
  }
  if (e.wildcard) {
    return [{ title: keep.length ? `Replace "${e.pattern}" with the ${keep.length} action${keep.length === 1 ? '' : 's'} a ${who} needs` : `Remove "${e.pattern}"`, edits: replaceEntry(ctx, e, keep), safe: !shared, isPreferred: true }];
  }
  return [{ title: `Remove ${e.pattern}`, edits: removeEntry(ctx, e), safe: !shared, isPreferred: true }];
}

function countPrincipals(s: Parameters<typeof removeEntry>[1]['statement']): number {
  const v = s.get('Principal')?.value;
  if (!v || v.type !== 'object') return v ? 1 : 0;
  return (v.children ?? []).reduce((n, p) => n + (p.children?.[1]?.type === 'array' ? p.children[1].children?.length ?? 0 : 1), 0);
}

// Check: excessive-action
// Fires on each Action entry (or NotAction) that grants actions the principal class does not need:
// another class's job, destructive, or privilege escalation. A wildcard says how many it adds. Only
// the class's business is judged (schemas/class-scope.json): a Lambda function's logs:* is not excess.
import type { Action } from '../catalog';
import type { EntryGrant } from '../roles/analysis';
import type { Check } from '../check';
import { excessRule, lowerFirst, noun } from '../roles/profiles';
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
      for (const e of subject.entries) {
        // An entry written as a class names it among the excessive (ec2:* for a key store manager) is
        // judged whole; any other entry only for what the class judges (schemas/class-scope.json).
        const whole = namedExcess(profile, e);
        const judged = whole ? e.actions : e.scoped;
        const needless = (a: Action) => !ctx.roles.isHarmless(profile, a, whole);
        if (!judged.some(needless)) continue; // the common case, without an array
        const excess = judged.filter(needless);
        // The most severe rule that covers the entry as written or any excess action decides.
        const rule = excessRule(profile, e.notAction ? undefined : e.pattern, excess);
        const severity: Severity = rule?.severity ?? 'warning';
        const why = rule?.why ?? `A ${noun(profile)}: ${lowerFirst(profile.summary)}`;
        const keep = sortActions(e.actions.filter((a) => profile.allowed.has(a)));
        const sorted = sortActions(excess);
        const who = subject.principal ? ` for ${subject.principal.value}` : '';
        const cond = e.conditional ? ' (granted under the statement\'s condition)' : '';
        const message = e.notAction
          ? `NotAction grants ${sorted.length} action${plural(sorted)} a ${noun(profile)} does not need${who}${cond}, including ${listActions(sorted, 4)}. ${why} List the needed actions in Action instead.`
          : e.wildcard
            ? `"${e.pattern}" adds ${sorted.length} action${plural(sorted)} beyond what a ${noun(profile)} needs${who}${cond}: ${listActions(sorted, 6)}. ${why}`
            : `${sorted[0].full} is not needed by a ${noun(profile)}${who}${cond}. ${why}`;
        ctx.report({ node: e.node, message, severity, actions: sorted.map((a) => a.full), fixes: fixesFor(ctx, e, keep, noun(profile), whole) });
      }
    }
  },
};

/** Is the entry written exactly as an entry rule of the class names it ("ec2:*")? */
function namedExcess(profile: Parameters<typeof excessRule>[0], e: EntryGrant): boolean {
  if (e.notAction) return false;
  const p = e.pattern.toLowerCase();
  return profile.excessive.some((r) => r.match === 'entry' && r.source.some((x) => x.toLowerCase() === p));
}

function plural(a: Action[]): string { return a.length === 1 ? '' : 's'; }

function fixesFor(ctx: Parameters<Check['run']>[0], e: EntryGrant, keep: Action[], who: string, whole: boolean): Fix[] {
  // A statement shared by several principals may be right for another of them: never fix-all it.
  // Nor when the entry also grants what no class judges (ec2:* for a Lambda function that also runs
  // instances): replacing it by the class's actions would take those away too.
  const shared = countPrincipals(e.statement) > 1 || (!whole && e.scoped.length < e.actions.length);
  if (e.notAction) {
    return [{ title: `Replace NotAction with the ${keep.length} action${keep.length === 1 ? '' : 's'} a ${who} needs`, edits: replaceNotAction(ctx, e, keep), safe: !shared, isPreferred: true }];
  }
  if (e.wildcard) {
    return [{ title: keep.length ? `Replace "${e.pattern}" with the ${keep.length} action${keep.length === 1 ? '' : 's'} a ${who} needs` : `Remove "${e.pattern}"`, edits: replaceEntry(ctx, e, keep), safe: !shared, isPreferred: true }];
  }
  return [{ title: `Remove ${e.pattern}`, edits: removeEntry(ctx, e), safe: !shared, isPreferred: true }];
}

function countPrincipals(s: EntryGrant['statement']): number {
  const v = s.get('Principal')?.value;
  if (!v || v.type !== 'object') return v ? 1 : 0;
  return (v.children ?? []).reduce((n, p) => n + (p.children?.[1]?.type === 'array' ? p.children[1].children?.length ?? 0 : 1), 0);
}

// Check: dangerous-action
// Fires when a principal that is not of the class whose job it is may delete, disconnect or
// reconfigure custom key stores, delete CloudHSM clusters, HSMs or backups, schedule key deletion or
// rewrite the policy of every key (schemas/dangerous-actions.json), even when no class is inferred.
import type { Action } from '../catalog';
import type { Check } from '../check';
import type { EntryGrant, Subject } from '../roles/analysis';
import { noun } from '../roles/profiles';
import { listActions, removeEntry, sortActions } from '../roles/util';
import type { Fix } from '../types';
import { conditionEntries } from '../util/conditions';

/** Condition keys that gate a power on who calls, not on what it is called on. */
const GATES = /^(aws:multifactorauthpresent|aws:multifactorauthage|aws:principaltag\/.+|aws:resourcetag\/.+|aws:principalarn)$/i;

export const check: Check = {
  id: 'dangerous-action',
  description: 'A principal that is not of the class whose job it is may delete or disconnect key stores, delete CloudHSM clusters, HSMs or backups, schedule key deletion or rewrite every key policy.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::backup-bucket/*' }, { Effect: 'Allow', Action: ['kms:DeleteCustomKeyStore', 'kms:DisconnectCustomKeyStore'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind === 'trust') return;
    const powers = ctx.roles.profiles.dangerous;
    for (const subject of ctx.roles.subjects) {
      // The account root delegates to IAM; AWS service principals have a check of their own.
      // A subject whose grants are partly computed by a host document (UNKNOWN) may be of the class whose job it is.
      if (subject.skip || subject.service || subject.partlyUnknown) continue;
      // One finding per statement, naming every such action it grants.
      let at: EntryGrant[] = [];
      let found: Found[] = [];
      const flush = () => { if (found.length) report(ctx, subject, at, found); at = []; found = []; };
      for (const e of subject.entries) {
        if (at.length && at[0].statement !== e.statement) flush();
        // "*" and NotAction make an administrator, a different problem than a stray power.
        if (e.notAction || /^[*?]/.test(e.pattern)) continue;
        let hit = false;
        for (const p of powers) {
          if (subject.profile?.id === p.owner) continue;
          if (p.onAllKeys && ctx.kind === 'identity' && !coversAllKeys(e)) continue;
          const actions = e.actions.filter((a) => p.actions.has(a));
          // A classified subject's excess is excessive-action's to report.
          if (actions.length === 0 || (subject.profile && actions.every((a) => !ctx.roles.isHarmless(subject.profile!, a)))) continue;
          found.push({ actions, why: p.why, gate: p.gate });
          hit = true;
        }
        if (hit) at.push(e);
      }
      flush();
    }
  },
};

interface Found { actions: Action[]; why: string; gate?: string }

function report(ctx: Parameters<Check['run']>[0], subject: Subject, entries: EntryGrant[], found: Found[]): void {
  const actions = sortActions(new Set(found.flatMap((f) => f.actions)));
  const s = entries[0].statement;
  const gated = conditionEntries(s).some((c) => GATES.test(c.key));
  const who = subject.principal ? `${subject.principal.value}` : 'This policy';
  const cls = subject.profile ? `, a ${noun(subject.profile)},` : '';
  const wild = entries.filter((e) => e.wildcard).map((e) => `"${e.pattern}"`);
  const via = wild.length ? ` (through ${wild.join(', ')})` : '';
  const gates = [...new Set(found.map((f) => f.gate).filter((g): g is string => !!g))];
  const them = actions.length === 1 ? 'it' : 'them';
  const advice = gated
    ? ' The statement is gated by a condition on who calls; keep the gate.'
    : gates.length ? ` If the principal must keep ${them}, gate ${them} with a condition on ${gates.join(', or on ')}.` : '';
  const whys = [...new Set(found.map((f) => f.why))];
  const fixes: Fix[] = [];
  if (entries.every((e) => !e.wildcard) && entries.length === 1) fixes.push({ title: `Remove ${entries[0].pattern}`, edits: removeEntry(ctx, entries[0]), isPreferred: true });
  ctx.report({
    node: entries.length === 1 ? entries[0].node : (s.actionProp?.keyNode ?? s.node),
    severity: gated ? 'hint' : 'warning',
    message: `${who}${cls} may call ${listActions(actions)}${via}${entries[0].conditional ? ' under the statement\'s condition' : ''}. ${whys.join(' ')}${advice}`,
    actions: actions.map((a) => a.full),
    fixes: fixes.filter((f) => f.edits.length > 0),
  });
}

/** Does the entry's statement reach every key: Resource "*", a key/* ARN, or NotResource? */
function coversAllKeys(e: EntryGrant): boolean {
  const s = e.statement;
  if (s.get('NotResource')) return true;
  return s.resourceItems().some((r) => r.value === '*' || /^arn:[^:]*:kms:[^:]*:[^:]*:(key\/)?\*$/i.test(r.value));
}

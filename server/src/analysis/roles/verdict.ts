/** The verdict on a subject's class, with the sentence that says why. */
import type { RoleVerdict } from '../types';
import { detach } from '../util/detach';
import type { Subject } from './analysis';
import type { Fit } from './fit';
import { noun } from './profiles';

export function verdictOf(fit: Fit, subject: Subject): RoleVerdict {
  const { profile: p, requiredGranted: sat, requiredTotal: total, excessive: excess, conditional: cond } = fit;
  const who = subject.principal?.value ?? '';
  // A memoised fit is shared by the versions of a document: so is the text of its reason.
  let reason = fit.reasons?.get(who);
  if (reason === undefined) {
    const other = fit.otherActions
      ? ` It also grants ${fit.otherActions} action${fit.otherActions === 1 ? '' : 's'} of ${fit.otherServices} other service${fit.otherServices === 1 ? '' : 's'}, which no class judges.`
      : '';
    reason = (fit.source === 'pinned'
      ? `Pinned to ${p.title} by the settings (cloudhsmPolicy.roles, cloudhsmPolicy.principalRoles) or --role, --principal-role.`
      : `Inferred: ${subject.principal ? `${who} is granted` : 'the policy grants'} ${sat} of the ${total} required ${noun(p)} permission${total === 1 ? '' : 's'}`
        + ` and ${excess} action${excess === 1 ? '' : 's'} beyond the class: the best fit of the five classes`
        + (cond ? `; ${cond} of its actions are granted only under a condition` : '') + '. Pin a class to override.') + other;
    fit.reasons ??= new Map();
    if (fit.reasons.size < 64) fit.reasons.set(detach(who), (reason = detach(reason)));
  }
  const at = subject.principal?.node ?? subject.statements[0]?.node;
  if (subject.partlyUnknown) reason += ' Partly unknown: some of what is granted is computed by the host file (a variable, reference or function), so missing actions are not reported.';
  return {
    ...(subject.partlyUnknown ? { partlyUnknown: true } : {}),
    role: p.id, source: fit.source, reason,
    requiredGranted: sat, requiredTotal: total, excessive: excess,
    ...(fit.otherActions ? { otherActions: fit.otherActions, otherServices: fit.otherServices } : {}),
    principal: subject.principal?.value,
    offset: at?.offset ?? 0, length: at?.length ?? 0,
  };
}


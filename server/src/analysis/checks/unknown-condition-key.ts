// Check: unknown-condition-key
// Fires when a condition key is neither a global key nor a key of a service (or when it belongs to a service that none of the statement's actions is in).
import type { Check } from '../check';
import { bestMatches, memoSuggest } from '../util/suggest';
import { replaceNode } from '../edits';
import { ActionEntry, actionSummary } from '../util/actionSyntax';
import { conditionEntries, entryKey, isProviderKey, keyIndex } from '../util/conditions';
import { absentKeyConsequence } from '../util/operators';

const TAG_BASES = ['aws:resourcetag', 'aws:requesttag', 'aws:principaltag'];

/** A key template ("aws:ResourceTag/${TagKey}") filled with the part of `key` after the same separator, when it has one placeholder at its end. */
function instantiate(template: string, key: string): string {
  const t = template.replace(/<[^>]*>/g, '${X}').replace(/\/tag-key$/i, '/${TagKey}');
  const i = t.indexOf('${');
  if (i < 0 || t.indexOf('${', i + 2) >= 0 || !t.endsWith('}')) return template;
  const lit = t.slice(0, i);
  const sep = lit[lit.length - 1];
  const j = key.indexOf(sep, key.indexOf(':') + 1);
  return j < 0 || j === key.length - 1 ? template : lit + key.slice(j + 1);
}

/** True when an action of the statement (or one of its resource types) lists the key template, whatever service defines it. */
function listedByAction(entries: ActionEntry[], template: string): boolean {
  const t = template.toLowerCase();
  for (const e of entries) {
    for (const a of e.matches) {
      if (a.conditionKeys.some((k) => k.toLowerCase() === t)) return true;
      for (const r of a.resourceTypes) {
        if (a.service.resourceTypes.get(r.name)?.conditionKeys.some((k) => k.toLowerCase() === t)) return true;
      }
    }
  }
  return false;
}

export const check: Check = {
  id: 'unknown-condition-key',
  description: 'A condition key does not exist (not a global key, not a key of any service), or belongs to a service the statement has no action of.',
  defaultSeverity: 'error',
  category: 'conditions',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIpp": "192.0.2.0/24" } } } ] }',
  run(ctx) {
    const cat = ctx.catalog;
    for (const s of ctx.policy?.statements ?? []) {
      const entries = conditionEntries(s);
      if (entries.length === 0) continue;
      const summary = actionSummary(cat, s);
      const services = summary.services;
      for (const e of entries) {
        const key = e.key;
        const colon = key.indexOf(':');
        if (colon <= 0 || colon === key.length - 1) {
          ctx.report({ node: e.keyNode, message: `"${key}" is not a condition key: keys are written "prefix:name", e.g. "aws:SourceIp" or "kms:ViaService".` });
          continue;
        }
        const found = entryKey(cat, e);
        if (found) {
          if (found.global || !services || found.services.some((x) => services.has(x)) || listedByAction(summary.entries, found.info.key)) continue;
          const owners = found.services.map((x) => cat.getService(x)?.name ?? x);
          ctx.report({
            node: e.keyNode,
            severity: 'warning',
            message: `"${key}" is a condition key of ${owners.join(', ')}, but this statement has no action of ${found.services.length > 1 ? 'these services' : 'that service'}: the key is never in the request context, ${absentKeyConsequence(e.operator, s.isDeny)}. Use a key of the statement's services or a global aws: key.`,
          });
          continue;
        }
        const prefix = key.slice(0, colon).toLowerCase();
        // Web identity (OIDC) providers name their claims "<provider URL>:<claim>" (oidc.eks.….amazonaws.com/id/…:sub,
        // token.actions.githubusercontent.com:aud): any provider URL works, so these cannot be judged from the catalog.
        if (isProviderKey(key)) continue;
        const lower = key.toLowerCase();
        const idx = keyIndex(cat);
        if (prefix === 'aws') {
          if (lower === 'aws:arn') {
            ctx.report({
              node: e.keyNode,
              message: '"aws:ARN" is not supported as a condition key: use aws:PrincipalArn (the caller\'s ARN) or aws:SourceArn (the resource that made a service-to-service request).',
              fixes: ['aws:PrincipalArn', 'aws:SourceArn'].map((k) => ({ title: `Change to "${k}"`, edits: [replaceNode(e.keyNode, JSON.stringify(k))] })),
            });
            continue;
          }
          const base = lower.replace(/\/$/, '');
          if (TAG_BASES.includes(base)) {
            ctx.report({ node: e.keyNode, message: `"${key}" needs a tag key: write "${key.replace(/\/$/, '')}/TagKeyName" (e.g. "${key.replace(/\/$/, '')}/Project").` });
            continue;
          }
        }
        const svc = cat.getService(prefix);
        const what = prefix === 'aws' ? `"${key}" is not a global condition key.`
          : svc ? `"${key}" is not a condition key of ${svc.name} (${svc.prefix}).`
            : idx.prefixes.has(prefix) ? `"${key}" is not a known condition key.`
              : `"${prefix}" is not the prefix of any AWS service or identity provider, so "${key}" is not a condition key.`;
        const suggestions = memoSuggest(cat, 'key\u0000' + key, () => {
          const pool = prefix === 'aws' || svc || idx.prefixes.has(prefix) ? idx.spellingsIn(prefix) : idx.spellings;
          const candidates = new Set(pool.map((t) => instantiate(t, key)));
          // (A template instantiated with the written key's own tag part can give the key back: no suggestion then.)
          return bestMatches(key, [...candidates].filter((k) => k !== key && !k.includes('${') && !k.includes('<')), 3);
        });
        ctx.report({
          node: e.keyNode,
          message: `${what} It is never in the request context, ${absentKeyConsequence(e.operator, s.isDeny)}.${suggestions.length ? ` Did you mean ${suggestions.map((k) => `"${k}"`).join(' or ')}?` : ' Use a global aws: key or a key of the statement\'s services.'}`,
          fixes: suggestions.map((k, i) => ({ title: `Change to "${k}"`, edits: [replaceNode(e.keyNode, JSON.stringify(k))], isPreferred: i === 0 && suggestions.length === 1 })),
        });
      }
    }
  },
};

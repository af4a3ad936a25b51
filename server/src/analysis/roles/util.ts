/**
 * Helpers shared by the role checks: where to place findings, how to phrase action lists, and the
 * edits that remove, narrow or add actions while keeping the document's style.
 */
import type { Action } from '../catalog';
import type { CheckContext } from '../check';
import { appendStatement, appendStrings, detectStyle, lineIndent, removeChild, replaceString } from '../edits';
import type { Node } from '../json';
import type { Statement } from '../policy';
import type { Edit } from '../types';
import type { EntryGrant, Subject } from './analysis';
import type { Profile } from './profiles';

/** "kms:A, kms:B and 3 more" */
export function listActions(actions: Array<Action | string>, max = 6): string {
  const names = actions.map((a) => typeof a === 'string' ? a : a.full);
  if (names.length <= max) return names.length <= 1 ? names.join('') : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
  return names.slice(0, max).join(', ') + ` and ${names.length - max} more`;
}

export function sortActions(actions: Iterable<Action>): Action[] {
  return [...actions].sort((a, b) => a.full.localeCompare(b.full));
}

/** The subjects that have a class, with it. */
export function classified(ctx: CheckContext): Array<Subject & { profile: Profile }> {
  return ctx.roles.subjects.filter((s): s is Subject & { profile: Profile } => !!s.profile);
}

/** Where a finding about a subject as a whole goes: the principal, or the statement's Action key, or "Statement". */
export function subjectAnchor(ctx: CheckContext, subject: Subject, statement?: Statement): Node {
  if (statement) return (statement.actionProp?.keyNode ?? statement.node);
  if (subject.principal) return subject.principal.node;
  return ctx.policy!.statementProp?.keyNode ?? ctx.policy!.root;
}

/** The Allow statement that should hold more actions of this class: the one already holding most. */
export function targetStatement(subject: Subject, profile: Profile): Statement | undefined {
  let best: Statement | undefined;
  let bestScore = -1;
  for (const s of subject.statements) {
    if (!s.isAllow || !s.get('Action')) continue;
    const score = subject.entries.filter((e) => e.statement === s).reduce((n, e) => n + e.actions.filter((a) => profile.allowed.has(a)).length, 0);
    if (score > bestScore) { best = s; bestScore = score; }
  }
  return best;
}

/** Edits that remove a whole statement. */
export function removeStatement(ctx: CheckContext, s: Statement): Edit[] {
  const sv = ctx.policy?.statementProp?.value;
  if (!sv) return [];
  if (sv.type === 'array') return removeChild(ctx.text, sv, s.node);
  return [{ offset: sv.offset, length: sv.length, newText: '[]' }];
}

/** Edits that remove one Action entry (the statement too when it was the last entry). */
export function removeEntry(ctx: CheckContext, e: Pick<EntryGrant, 'statement' | 'node' | 'notAction'>): Edit[] {
  const value = e.statement.get('Action')?.value;
  if (!value || e.notAction) return [];
  if (value === e.node || (value.type === 'array' && (value.children?.length ?? 0) <= 1)) return removeStatement(ctx, e.statement);
  return removeChild(ctx.text, value, e.node);
}

/** Edits that replace a wildcard entry by the given actions (or remove it when none). */
export function replaceEntry(ctx: CheckContext, e: EntryGrant, actions: Action[]): Edit[] {
  if (actions.length === 0) return removeEntry(ctx, e);
  const value = e.statement.get('Action')?.value;
  if (!value) return [];
  // Don't add what the statement already lists.
  const present = new Set(e.statement.actionItems().filter((i) => i.node !== e.node).map((i) => i.value.toLowerCase()));
  const add = actions.map((a) => a.full).filter((n) => !present.has(n.toLowerCase()));
  if (add.length === 0) return removeEntry(ctx, e);
  return replaceString(ctx.text, value, e.node, add);
}

/** Edits that replace a NotAction element by an Action element listing `actions`. */
export function replaceNotAction(ctx: CheckContext, e: EntryGrant, actions: Action[]): Edit[] {
  const prop = e.statement.get('NotAction');
  if (!prop || !prop.value) return [];
  if (actions.length === 0) return removeStatement(ctx, e.statement);
  const style = detectStyle(ctx.text);
  const ind = lineIndent(ctx.text, prop.node.offset);
  const names = actions.map((a) => JSON.stringify(a.full));
  const list = names.length === 1 ? names[0] : '[' + style.eol + names.map((n) => ind + style.indent + n).join(',' + style.eol) + style.eol + ind + ']';
  return [{ offset: prop.node.offset, length: prop.node.length, newText: '"Action": ' + list }];
}

/** Edits that add actions to a statement's Action. */
export function addToStatement(ctx: CheckContext, s: Statement, actions: string[]): Edit[] {
  const value = s.get('Action')?.value;
  return value ? appendStrings(ctx.text, value, actions) : [];
}

/** Edits that append a statement to the policy. */
export function addStatement(ctx: CheckContext, statement: Record<string, unknown>): Edit[] {
  const sv = ctx.policy?.statementProp?.value;
  return sv && (sv.type === 'array' || sv.type === 'object') ? appendStatement(ctx.text, sv, statement) : [];
}

/** Does the statement's Resource include "*" (or NotResource)? */
export function resourceIsStar(s: Statement): boolean {
  return !!s.get('NotResource') || s.resourceItems().some((r) => r.value === '*');
}

/** The values a statement's Condition gives a key under any String/ARN equality or like operator. */
export function conditionValues(s: Statement, key: string): string[] {
  const cond = s.get('Condition')?.value;
  const out: string[] = [];
  for (const op of cond?.children ?? []) {
    const opName = String(op.children?.[0]?.value ?? '');
    if (!/^(ForAnyValue:|ForAllValues:)?(StringEquals|StringLike|StringEqualsIgnoreCase|ArnEquals|ArnLike|Bool)(IfExists)?$/.test(opName)) continue;
    for (const kv of op.children?.[1]?.children ?? []) {
      if (String(kv.children?.[0]?.value ?? '').toLowerCase() !== key.toLowerCase()) continue;
      const v = kv.children?.[1];
      if (!v) continue;
      if (v.type === 'array') for (const c of v.children ?? []) out.push(String(c.value));
      else out.push(String(v.value));
    }
  }
  return out;
}

// Check: duplicate-key
// Fires on a key that repeats in the same JSON object anywhere in the policy (two "Action"s in a
// statement, two "StringEquals" blocks in a Condition, ...), and on condition keys that differ only in
// case within one block (condition key names are case-insensitive). AWS does not merge repeated keys.
import { getNodeValue } from 'jsonc-parser';
import type { Check, CheckContext } from '../check';
import { appendStrings, detectStyle, lineIndent, removeChild, replaceNode } from '../edits';
import { keyOf, Node } from '../json';
import { Prop, strings, toProps } from '../policy';
import type { Edit, Fix } from '../types';

export const check: Check = {
  id: 'duplicate-key',
  description: 'A key appears twice in the same object; AWS rejects the policy or silently uses only one of the values.',
  defaultSeverity: 'error',
  category: 'syntax',
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Action": "kms:Encrypt", "Resource": "*" } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const stack: Node[] = [p.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const c of n.children ?? []) if (c.children) stack.push(c);
      if (n.type === 'object') inspect(ctx, n);
    }
  },
};

/** An object directly under a Condition operator: its keys are condition keys, compared case-insensitively. */
function isConditionBlock(obj: Node): boolean {
  const condition = obj.parent?.parent?.parent;
  return condition?.type === 'property' && keyOf(condition) === 'Condition';
}

function inspect(ctx: CheckContext, obj: Node): void {
  const caseless = isConditionBlock(obj);
  // Nearly every object has no repeated key: find that out without allocating (this runs on every
  // object of every keystroke's tree).
  if (!hasRepeat(obj.children, caseless)) return;
  const props = toProps(obj);
  const norm = (key: string) => (caseless ? key.toLowerCase() : key);
  const count = new Map<string, number>();
  for (const prop of props) count.set(norm(prop.key), (count.get(norm(prop.key)) ?? 0) + 1);
  const first = new Map<string, Prop>();
  for (const prop of props) {
    const k = norm(prop.key);
    const earlier = first.get(k);
    if (!earlier) { first.set(k, prop); continue; }
    const same = sameValue(earlier.value, prop.value);
    const fixes: Fix[] = [];
    if (same) {
      // Identical values: dropping one changes nothing.
      fixes.push({ title: `Remove the repeated "${prop.key}"`, edits: removeChild(ctx.text, obj, prop.node), isPreferred: true, safe: true });
    } else {
      // Merging or dropping the first resolves a pair; with three or more, only dropping this one is well-defined.
      const pair = count.get(k) === 2;
      const merged = pair ? merge(ctx, obj, earlier, prop) : undefined;
      if (merged) fixes.push({ title: `Merge into the first "${earlier.key}"`, edits: merged, isPreferred: true });
      fixes.push({ title: `Remove this "${prop.key}"`, edits: removeChild(ctx.text, obj, prop.node) });
      if (pair) fixes.push({ title: `Remove the first "${earlier.key}"`, edits: removeChild(ctx.text, obj, earlier.node) });
    }
    const message = prop.key === earlier.key
      ? `"${prop.key}" appears more than once in this object: AWS does not merge repeated keys (it rejects the policy or keeps only one value).${same ? ' Both have the same value: remove this one.' : ` Merge the values into one "${prop.key}" or remove one.`}`
      : `Condition key "${prop.key}" repeats "${earlier.key}" in this block: condition key names are not case-sensitive, so this is the same key twice and AWS rejects it. Merge them into one key.`;
    ctx.report({ node: prop.keyNode, message, fixes });
  }
}

/** Does any key of the object's properties repeat (case-insensitively when `caseless`)? */
function hasRepeat(children: Node[] | undefined, caseless: boolean): boolean {
  if (!children || children.length < 2) return false;
  const n = children.length;
  if (n > 24) {
    const seen = new Set<string>();
    for (const c of children) {
      const k = keyOf(c);
      const key = caseless ? k.toLowerCase() : k;
      if (seen.has(key)) return true;
      seen.add(key);
    }
    return false;
  }
  for (let i = 1; i < n; i++) {
    const a = keyOf(children[i]);
    for (let j = 0; j < i; j++) {
      const b = keyOf(children[j]);
      if (a === b || (caseless && a.length === b.length && a.toLowerCase() === b.toLowerCase())) return true;
    }
  }
  return false;
}

function sameValue(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return false;
  if (isStringList(a) && isStringList(b)) {
    const x = new Set(strings(a).map((s) => s.value));
    const y = new Set(strings(b).map((s) => s.value));
    return x.size === y.size && [...x].every((s) => y.has(s));
  }
  return JSON.stringify(getNodeValue(a)) === JSON.stringify(getNodeValue(b));
}

function isStringList(n: Node): boolean {
  return n.type === 'string' || (n.type === 'array' && (n.children ?? []).every((c) => c.type === 'string'));
}

/** Edits that move the second value into the first and drop the second key; undefined when that is not well-defined. */
function merge(ctx: CheckContext, obj: Node, first: Prop, second: Prop): Edit[] | undefined {
  const a = first.value;
  const b = second.value;
  if (!a || !b) return undefined;
  const removal = removeChild(ctx.text, obj, second.node);
  if (isStringList(a) && isStringList(b)) {
    const have = new Set(strings(a).map((s) => s.value));
    const add = [...new Set(strings(b).map((s) => s.value))].filter((s) => !have.has(s));
    return [...appendStrings(ctx.text, a, add), ...removal];
  }
  if (a.type === 'object' && b.type === 'object') {
    // Two blocks of the same condition operator: their keys are condition keys, compared case-insensitively.
    const caseless = isConditionBlock(a);
    const norm = (k: string) => (caseless ? k.toLowerCase() : k);
    const keys = new Set(toProps(a).map((q) => norm(q.key)));
    if (toProps(b).some((q) => keys.has(norm(q.key)))) return undefined;
    return [...appendChildren(ctx.text, a, b), ...removal];
  }
  if (a.type === 'array' && b.type === 'array') return [...appendChildren(ctx.text, a, b), ...removal];
  return undefined;
}

/** Appends the children (raw text) of `source` to the object or array `target`, in the target's layout. */
function appendChildren(text: string, target: Node, source: Node): Edit[] {
  const items = source.children ?? [];
  if (items.length === 0) return [];
  const { eol } = detectStyle(text);
  const kids = target.children ?? [];
  const to = kids.length > 0 ? lineIndent(text, kids[0].offset) : lineIndent(text, items[0].offset);
  const raw = items.map((c) => {
    const from = lineIndent(text, c.offset);
    return text.slice(c.offset, c.offset + c.length).split(/\r?\n/)
      .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line)).join(eol);
  });
  if (kids.length === 0) {
    const open = target.type === 'object' ? '{' : '[';
    const close = target.type === 'object' ? '}' : ']';
    return [replaceNode(target, `${open} ${raw.join(', ')} ${close}`)];
  }
  const last = kids[kids.length - 1];
  const multiline = text.slice(target.offset, target.offset + target.length).includes('\n');
  const sep = multiline ? ',' + eol + lineIndent(text, last.offset) : ', ';
  return [{ offset: last.offset + last.length, length: 0, newText: raw.map((r) => sep + r).join('') }];
}

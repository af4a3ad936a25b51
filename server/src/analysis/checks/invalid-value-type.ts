// Check: invalid-value-type
// Fires on a policy element whose JSON type AWS does not accept: Statement (object or array of objects),
// Id and Sid (strings), Action/NotAction/Resource/NotResource (string or array of strings), Principal
// ("*" or an object of strings or string arrays), Condition (object of objects of key -> string, number,
// boolean or an array of those). Version and Effect have their own checks (invalid-version, invalid-effect).
import type { Check, CheckContext } from '../check';
import { replaceNode } from '../edits';
import { Node, typeName } from '../json';
import { toProps } from '../policy';
import type { Fix } from '../types';

const SCALAR = new Set(['string', 'number', 'boolean']);

export const check: Check = {
  id: 'invalid-value-type',
  description: 'A policy element has a JSON type AWS does not accept (e.g. a number as Action, or a Condition value that is an object).',
  defaultSeverity: 'error',
  category: 'structure',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": 42 } ] }',
  run(ctx) {
    const p = ctx.policy;
    if (!p) return;
    const report = (node: Node, message: string, fixes?: Fix[]) => ctx.report({ node, message, fixes });
    for (const prop of p.props) {
      const v = prop.value;
      if (!v) continue;
      if (prop.key === 'Id' && v.type !== 'string') {
        report(v, `Id must be a string, not ${typeName(v)}.${quoteAdvice(v)}`, quoteFix(v, 'Id'));
      } else if (prop.key === 'Statement') {
        if (v.type === 'array') {
          for (const c of v.children ?? []) {
            if (c.type !== 'object') report(c, `Each entry of Statement must be a statement object ({ "Effect": ..., "Action": ..., ... }), not ${typeName(c)}.`);
          }
        } else if (v.type !== 'object') {
          report(v, `Statement must be an array of statement objects (or a single statement object), not ${typeName(v)}.`);
        }
      }
    }
    for (const s of p.statements) {
      if (!s.isObject) continue;
      for (const prop of s.props) {
        const v = prop.value;
        if (!v) continue;
        switch (prop.key) {
          case 'Sid':
            if (v.type !== 'string') report(v, `Sid must be a string, not ${typeName(v)}.${quoteAdvice(v)}`, quoteFix(v, 'Sid'));
            break;
          case 'Action': case 'NotAction': case 'Resource': case 'NotResource':
            stringList(ctx, prop.key, v);
            break;
          case 'Principal': case 'NotPrincipal':
            principal(ctx, prop.key, v);
            break;
          case 'Condition':
            condition(ctx, v);
            break;
        }
      }
    }
  },
};

function quoteAdvice(v: Node): string {
  return v.type === 'number' || v.type === 'boolean' ? ' Put it in double quotes.' : '';
}

/** Sid and Id do not affect access, so quoting a number or boolean is safe. */
function quoteFix(v: Node, name: string): Fix[] | undefined {
  if (v.type !== 'number' && v.type !== 'boolean') return undefined;
  return [{ title: `Quote the ${name}`, edits: [replaceNode(v, JSON.stringify(String(v.value)))], isPreferred: true, safe: true }];
}

function stringList(ctx: CheckContext, name: string, v: Node): void {
  if (v.type === 'string') return;
  const example = name.endsWith('Action') ? 'actions such as "kms:Decrypt"' : 'ARNs or "*"';
  if (v.type === 'array') {
    for (const c of v.children ?? []) {
      if (c.type !== 'string') ctx.report({ node: c, message: `Each entry of ${name} must be a string (${example}), not ${typeName(c)}.` });
    }
    return;
  }
  ctx.report({ node: v, message: `${name} must be a string or an array of strings (${example}), not ${typeName(v)}.` });
}

function principal(ctx: CheckContext, name: string, v: Node): void {
  if (v.type === 'string') return; // invalid-principal checks the value
  if (v.type !== 'object') {
    ctx.report({ node: v, message: `${name} must be "*" or an object such as { "AWS": "arn:aws:iam::111122223333:root" }, not ${typeName(v)}.` });
    return;
  }
  for (const entry of toProps(v)) {
    const ev = entry.value;
    if (!ev || ev.type === 'string') continue;
    if (ev.type === 'array') {
      for (const c of ev.children ?? []) {
        if (c.type !== 'string') ctx.report({ node: c, message: `Each ${name} "${entry.key}" entry must be a string, not ${typeName(c)}.` });
      }
      continue;
    }
    ctx.report({ node: ev, message: `${name} "${entry.key}" must be a string or an array of strings, not ${typeName(ev)}.` });
  }
}

function condition(ctx: CheckContext, v: Node): void {
  if (v.type !== 'object') {
    ctx.report({ node: v, message: `Condition must be an object of condition operators, e.g. { "StringEquals": { "kms:CallerAccount": "111122223333" } }, not ${typeName(v)}.` });
    return;
  }
  for (const op of toProps(v)) {
    const block = op.value;
    if (!block) continue;
    if (block.type !== 'object') {
      ctx.report({ node: block, message: `The "${op.key}" block must be an object of condition keys and values, e.g. { "kms:CallerAccount": "111122223333" }, not ${typeName(block)}.` });
      continue;
    }
    for (const key of toProps(block)) {
      const kv = key.value;
      if (!kv || SCALAR.has(kv.type)) continue;
      if (kv.type === 'array') {
        for (const c of kv.children ?? []) {
          if (!SCALAR.has(c.type)) ctx.report({ node: c, message: `Each value of condition key "${key.key}" must be a string, number or boolean, not ${typeName(c)}.` });
        }
        continue;
      }
      ctx.report({ node: kv, message: `The value of condition key "${key.key}" must be a string, number, boolean or an array of those, not ${typeName(kv)}.` });
    }
  }
}

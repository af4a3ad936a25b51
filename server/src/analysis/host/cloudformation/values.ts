/**
 * Template values to HostValue trees: CloudFormation's intrinsic functions become symbolic values.
 * - `Fn::Sub` / `!Sub` keeps its literal parts; `${AWS::Region}`, `${Param}`, `${Res.Attr}` are unknown
 *   parts, `${!Literal}` is the literal `${Literal}`, the list form's variables are substituted.
 * - `Fn::Join` joins its items' parts (unknown items stay unknown parts).
 * - `Ref`, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::FindInMap`, `Fn::Select`, `Fn::Split`, ... are wholly unknown.
 * - `Fn::If` takes the branch the caller chose for its condition (the reader explores the choices);
 *   `Ref: AWS::NoValue` removes the array item or the property.
 * - A value reached through a YAML alias keeps the alias's range and is marked read-only for the writer.
 * Bounded: a value budget stops alias bombs; depth is bounded by the tree. Never throws.
 */
import type { HostProp, HostString, HostValue, StringPart } from '../types';
import { deref, type RMap, type RNode, type RStr } from './tree';

/** Writer metadata of a HostValue from a template (opaque to everyone but the YAML writer). */
export interface CfnMeta {
  /** Reached through an alias, built from a SAM template, or an intrinsic's result: not writable in place. */
  readonly?: boolean;
  flow?: boolean;
  style?: string;
  /** A YAML tag on the value (`!Sub`). */
  tagged?: boolean;
  /** The branch of an `Fn::If` (replacing or removing it would edit the other variants' text). */
  conditional?: boolean;
  /** Items or properties in the host, before `AWS::NoValue` removed any. */
  rawCount?: number;
}

/** Removes the enclosing array item or property (`Ref: AWS::NoValue`). */
export const NO_VALUE = Symbol('AWS::NoValue');

export class ValueBudgetExceeded extends Error {}

export class Converter {
  /** Conditions met in `Fn::If` that `choices` did not decide (each took its true branch). */
  readonly undecided: string[] = [];
  /** Values built so far (each alias expansion counts again). */
  used = 0;
  /** `Fn::Transform`s met (AWS::Include or another macro): their content cannot be read offline. */
  readonly transforms: TransformSite[] = [];

  constructor(private readonly text: string, private readonly choices: ReadonlyMap<string, boolean>, private readonly budget = 50_000) {}

  convert(n: RNode, ro = false, depth = 0): HostValue | typeof NO_VALUE {
    if (++this.used > this.budget) throw new ValueBudgetExceeded();
    if (depth > 200) return this.unknown(n);
    if (n.t === 'alias') {
      const target = deref(n);
      if (!target) return this.unknown(n);
      const v = this.convert(target, true, depth + 1);
      return v === NO_VALUE ? v : relocate(v, n.offset, n.length);
    }
    const fn = intrinsicOf(n);
    if (fn) return this.intrinsic(fn.name, fn.arg, n, ro, depth);
    const meta: CfnMeta | undefined = ro ? { readonly: true } : undefined;
    switch (n.t) {
      case 'map': {
        const props: HostProp[] = [];
        for (const e of n.entries) {
          // `Fn::Transform` beside other keys merges what it returns into this map: unknown keys.
          if (e.key === 'Fn::Transform') { this.transforms.push(transformSite(e.value, e)); continue; }
          const v = this.convert(e.value, ro, depth + 1);
          if (v === NO_VALUE) continue;
          props.push({ key: e.key, offset: e.offset, length: e.length, keyOffset: e.keyOffset, keyLength: e.keyLength, value: v });
        }
        return { type: 'object', offset: n.offset, length: n.length, props, meta: { ...meta, flow: n.flow, rawCount: n.entries.length } satisfies CfnMeta };
      }
      case 'seq': {
        const items: HostValue[] = [];
        for (const it of n.items) {
          const v = this.convert(it, ro, depth + 1);
          if (v !== NO_VALUE) items.push(v);
        }
        return { type: 'array', offset: n.offset, length: n.length, items, meta: { ...meta, flow: n.flow, rawCount: n.items.length } satisfies CfnMeta };
      }
      case 'str': return { type: 'string', offset: n.offset, length: n.length, parts: literalParts(n), meta: { ...meta, style: n.style } satisfies CfnMeta };
      case 'num': return { type: 'number', offset: n.offset, length: n.length, value: n.value as number, meta };
      case 'bool': return { type: 'boolean', offset: n.offset, length: n.length, value: n.value as boolean, meta };
      default: return { type: 'null', offset: n.offset, length: n.length, meta };
    }
  }

  private unknown(n: { offset: number; length: number }): HostValue {
    const source = this.text.slice(n.offset, n.offset + Math.min(n.length, 200));
    return { type: 'unknown', offset: n.offset, length: n.length, source, meta: { readonly: true } satisfies CfnMeta };
  }

  private intrinsic(name: string, arg: RNode, n: RNode, ro: boolean, depth: number): HostValue | typeof NO_VALUE {
    const a = deref(arg);
    switch (name) {
      case 'Ref':
        if (a?.t === 'str' && a.value === 'AWS::NoValue') return NO_VALUE;
        return this.unknown(n);
      case 'Sub': {
        let tpl: RNode | undefined = a;
        let vars: RMap | undefined;
        if (a?.t === 'seq') {
          tpl = deref(a.items[0]);
          const m = deref(a.items[1]);
          if (m?.t === 'map') vars = m;
        }
        if (tpl?.t !== 'str' || intrinsicOf(tpl)) return this.unknown(n);
        const parts = this.subParts(tpl, vars, ro, depth);
        return { type: 'string', offset: n.offset, length: n.length, parts, meta: { readonly: true, tagged: true } satisfies CfnMeta };
      }
      case 'Join': {
        if (a?.t !== 'seq' || a.items.length !== 2) return this.unknown(n);
        const delim = deref(a.items[0]);
        const list = deref(a.items[1]);
        if (delim?.t !== 'str' || intrinsicOf(delim) || list?.t !== 'seq' || intrinsicOf(list)) return this.unknown(n);
        const parts: StringPart[] = [];
        let first = true;
        for (const it of list.items) {
          const v = this.convert(it, true, depth + 1);
          if (v === NO_VALUE) continue;
          if (!first && delim.value) parts.push(...literalParts(delim));
          first = false;
          if (v.type === 'string') parts.push(...v.parts);
          else if (v.type === 'number' || v.type === 'boolean') parts.push({ kind: 'text', text: String(v.value), offset: v.offset, length: v.length, exact: true });
          else if (v.type === 'unknown') parts.push({ kind: 'unknown', offset: v.offset, length: v.length, source: v.source });
          else return this.unknown(n);
        }
        return { type: 'string', offset: n.offset, length: n.length, parts, meta: { readonly: true, tagged: true } satisfies CfnMeta };
      }
      case 'If': {
        if (a?.t !== 'seq' || a.items.length !== 3) return this.unknown(n);
        const cond = deref(a.items[0]);
        if (cond?.t !== 'str') return this.unknown(n);
        let choice = this.choices.get(cond.value);
        if (choice === undefined) {
          if (!this.undecided.includes(cond.value)) this.undecided.push(cond.value);
          choice = true;
        }
        const v = this.convert(a.items[choice ? 1 : 2], ro, depth + 1);
        if (v !== NO_VALUE) v.meta = { ...(v.meta as CfnMeta | undefined), conditional: true } satisfies CfnMeta;
        return v;
      }
      case 'Transform':
        this.transforms.push(transformSite(a, n));
        return this.unknown(n);
      default:
        return this.unknown(n);
    }
  }

  private subParts(tpl: RStr, vars: RMap | undefined, ro: boolean, depth: number): StringPart[] {
    const s = tpl.value;
    const exact = tpl.exactAt >= 0;
    const at = (i: number, len: number) => (exact ? { offset: tpl.exactAt + i, length: len } : { offset: tpl.offset, length: tpl.length });
    const parts: StringPart[] = [];
    const text = (from: number, to: number) => {
      if (to > from) parts.push({ kind: 'text', text: s.slice(from, to), ...at(from, to - from), exact });
    };
    let i = 0;
    let lit = 0;
    while (i < s.length) {
      const open = s.indexOf('${', i);
      if (open < 0) break;
      const close = s.indexOf('}', open + 2);
      if (close < 0) break;
      text(lit, open);
      const inner = s.slice(open + 2, close);
      const r = at(open, close + 1 - open);
      if (inner.startsWith('!')) {
        parts.push({ kind: 'text', text: '${' + inner.slice(1) + '}', ...r, exact: false });
      } else {
        const v = vars?.entries.find((e) => e.key === inner.trim());
        const value = v ? this.convert(v.value, true, depth + 1) : undefined;
        if (value && value !== NO_VALUE && value.type === 'string') parts.push(...value.parts);
        else if (value && value !== NO_VALUE && (value.type === 'number' || value.type === 'boolean')) parts.push({ kind: 'text', text: String(value.value), ...r, exact: false });
        else parts.push({ kind: 'unknown', ...r, source: '${' + inner + '}' });
      }
      i = lit = close + 1;
    }
    text(lit, s.length);
    void ro;
    return parts;
  }
}

/** An `Fn::Transform` in a template: where, which macro, and (AWS::Include) the S3 object it includes. */
export interface TransformSite { offset: number; length: number; name: string; location?: string }

/** The macro and location of an `Fn::Transform` whose argument is `arg` (at `at`). */
export function transformSite(arg: RNode | undefined, at: { offset: number; length: number }): TransformSite {
  const a = deref(arg);
  const name = deref(a?.t === 'map' ? a.entries.find((e) => e.key === 'Name')?.value : undefined);
  const params = deref(a?.t === 'map' ? a.entries.find((e) => e.key === 'Parameters')?.value : undefined);
  const loc = deref(params?.t === 'map' ? params.entries.find((e) => e.key === 'Location')?.value : undefined);
  const out: TransformSite = { offset: at.offset, length: at.length, name: name?.t === 'str' && !name.tag ? name.value : 'a macro' };
  if (loc?.t === 'str' && !loc.tag) out.location = loc.value;
  return out;
}

/** `{ "Fn::Sub": x }`, `{ Ref: x }` or `!Sub x`: the function's short name and argument. */
export function intrinsicOf(n: RNode): { name: string; arg: RNode } | undefined {
  if (n.tag) {
    const name = n.tag.slice(1);
    return { name, arg: { ...n, tag: undefined } as RNode };
  }
  if (n.t === 'map' && n.entries.length === 1) {
    const k = n.entries[0].key;
    if (k === 'Ref') return { name: 'Ref', arg: n.entries[0].value };
    if (k.startsWith('Fn::')) return { name: k.slice(4), arg: n.entries[0].value };
    if (k === 'Condition') return undefined;
  }
  return undefined;
}

/** The parts of a plain template string. */
export function literalParts(n: RStr): StringPart[] {
  if (n.value === '') return [];
  return n.exactAt >= 0
    ? [{ kind: 'text', text: n.value, offset: n.exactAt, length: n.value.length, exact: true }]
    : [{ kind: 'text', text: n.value, offset: n.offset, length: n.length, exact: false }];
}

/** A value reached through an alias: every range becomes the alias's, nothing is exact or writable. */
function relocate(v: HostValue, offset: number, length: number): HostValue {
  const meta: CfnMeta = { readonly: true };
  switch (v.type) {
    case 'object': return { type: 'object', offset, length, meta, props: v.props.map((p) => ({ key: p.key, offset, length, keyOffset: offset, keyLength: length, value: relocate(p.value, offset, length) })) };
    case 'array': return { type: 'array', offset, length, meta, items: v.items.map((x) => relocate(x, offset, length)) };
    case 'string': return { type: 'string', offset, length, meta, parts: v.parts.map((p) => (p.kind === 'text' ? { kind: 'text', text: p.text, offset, length, exact: false } : { ...p, offset, length })) } satisfies HostString;
    default: return { ...v, offset, length, meta };
  }
}


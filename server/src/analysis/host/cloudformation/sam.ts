/**
 * SAM policy templates (`- KMSDecryptPolicy: { KeyId: !Ref Key }` in a function's `Policies`),
 * expanded from the templates the edge passes in (schemas/sam-policy-templates.json) into a policy document whose every range is the
 * template entry's (it is not written in the template, so no fix edits it). `${AWS::Partition}`,
 * `${AWS::Region}`, `${AWS::AccountId}` are unknown; `${Param}` is the entry's parameter value.
 */
import type { HostProp, HostValue, StringPart } from '../types';
import type { CfnMeta, Converter } from './values';
import { NO_VALUE } from './values';
import { deref, entryOf, type RNode } from './tree';

export interface SamTemplateDef { description: string; parameters: string[]; statements: Array<Record<string, unknown>> }
/** The raw shape of schemas/sam-policy-templates.json: the statements of each SAM policy template, by name. */
export interface SamTemplates { templates: Record<string, SamTemplateDef> }

/** The expanded document of template `name` for the entry `entry` (its parameters map `params`), or undefined when the template is not known. */
export function expandSamTemplate(sam: SamTemplates | undefined, name: string, params: RNode | undefined, entry: { offset: number; length: number }, conv: Converter): HostValue | undefined {
  const templates = sam?.templates;
  const def = templates && Object.prototype.hasOwnProperty.call(templates, name) ? templates[name] : undefined;
  if (!def) return undefined;
  const { offset, length } = entry;
  const meta: CfnMeta = { readonly: true };
  const p = deref(params);
  const paramParts = (key: string): StringPart[] => {
    const e = entryOf(p, key);
    if (!e) return [{ kind: 'unknown', offset, length, source: '${' + key + '}' }];
    const v = conv.convert(e.value, true);
    if (v !== NO_VALUE && v.type === 'string') return v.parts;
    if (v !== NO_VALUE && (v.type === 'number' || v.type === 'boolean')) return [{ kind: 'text', text: String(v.value), offset: v.offset, length: v.length, exact: true }];
    return [{ kind: 'unknown', offset: e.value.offset, length: e.value.length, source: v !== NO_VALUE && v.type === 'unknown' ? v.source : '${' + key + '}' }];
  };
  const str = (s: string): HostValue => {
    const parts: StringPart[] = [];
    let last = 0;
    for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
      if (m.index! > last) parts.push({ kind: 'text', text: s.slice(last, m.index), offset, length, exact: false });
      const name = m[1];
      if (name.startsWith('AWS::')) parts.push({ kind: 'unknown', offset, length, source: m[0] });
      else parts.push(...paramParts(name));
      last = m.index! + m[0].length;
    }
    if (last < s.length) parts.push({ kind: 'text', text: s.slice(last), offset, length, exact: false });
    return { type: 'string', offset, length, parts, meta };
  };
  const build = (v: unknown): HostValue => {
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return { type: 'array', offset, length, items: v.map(build), meta };
    if (v && typeof v === 'object') {
      const props: HostProp[] = Object.entries(v).map(([key, x]) => ({ key, offset, length, keyOffset: offset, keyLength: length, value: build(x) }));
      return { type: 'object', offset, length, props, meta };
    }
    return { type: 'null', offset, length, meta };
  };
  // SAM writes the statements without a Version; IAM then reads 2008-10-17, which matters only for
  // policy variables (none in these templates). The projection says 2012-10-17 so that no check
  // reports a Version the template's author cannot change.
  return build({ Version: '2012-10-17', Statement: def.statements });
}

/**
 * The 'yaml' writer: structural edits of a policy written back into a CloudFormation/SAM YAML
 * template, in the author's style. Block collections get block lines at the indentation of their
 * siblings; flow collections get `a, b` items; a replaced scalar keeps its quoting (plain, 'single',
 * "double"); a new statement is a block mapping under its `- `. Values the template computes (an
 * intrinsic function, an alias, a branch of `Fn::If`, a SAM policy template) are never rewritten:
 * the writer answers undefined and the fix is not offered. Pure; never throws.
 */
import type { Edit } from '../../types';
import type { HostArray, HostObject, HostProp, HostValue, HostWriter, StructuralEdit } from '../types';
import type { CfnMeta } from './values';

export const yamlWriter: HostWriter = {
  write(hostText: string, changes: StructuralEdit[]): Edit[] | undefined {
    try {
      const w = new Writer(hostText);
      const edits: Edit[] = [];
      for (const c of changes) {
        const e = w.edit(c);
        if (!e) return undefined;
        for (const x of e) {
          // Insertions at one place keep the order of the changes: one edit.
          const same = x.length === 0 ? edits.find((y) => y.length === 0 && y.offset === x.offset) : undefined;
          if (same) same.newText += x.newText;
          else edits.push({ ...x });
        }
      }
      // Edits applied together must not overlap.
      const sorted = [...edits].sort((a, b) => a.offset - b.offset);
      for (let i = 1; i < sorted.length; i++) if (sorted[i].offset < sorted[i - 1].offset + sorted[i - 1].length) return undefined;
      return edits;
    } catch {
      return undefined;
    }
  },
};

const metaOf = (v: { meta?: unknown }): CfnMeta => (v.meta ?? {}) as CfnMeta;
const end = (v: { offset: number; length: number }) => v.offset + v.length;

class Writer {
  private readonly unit: number;
  constructor(private readonly text: string) {
    this.unit = detectUnit(text);
  }

  edit(c: StructuralEdit): Edit[] | undefined {
    switch (c.op) {
      case 'replace': return this.replace(c.target, c.value);
      case 'remove-item': return this.removeItem(c.array, c.index);
      case 'insert-items': return this.insertItems(c.array, c.index, c.values);
      case 'remove-prop': return this.removeProp(c.object, c.prop);
      case 'insert-prop': return this.insertProp(c.object, c.index, c.key, c.value);
    }
    return undefined;
  }

  // -- text helpers ---------------------------------------------------------------------------------

  private lineStart(pos: number): number { return this.text.lastIndexOf('\n', pos - 1) + 1; }
  private col(pos: number): number { return pos - this.lineStart(pos); }
  private atLineStart(pos: number): boolean { return /^[ ]*$/.test(this.text.slice(this.lineStart(pos), pos)); }
  /** The start of the line after the one `pos` is on (or the text's end). */
  private afterLine(pos: number): number {
    if (pos > 0 && this.text[pos - 1] === '\n') return pos;
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 ? this.text.length : nl + 1;
  }
  /** Start of a value with its tag and anchor (`!Sub "x"`, `&a [..]`): YAML ranges leave them out. */
  private propsStart(pos: number): number {
    for (let guard = 0; guard < 4; guard++) {
      let j = pos;
      while (j > 0 && (this.text[j - 1] === ' ' || this.text[j - 1] === '\t')) j--;
      let k = j;
      while (k > 0 && !' \t\n[{,'.includes(this.text[k - 1])) k--;
      if (k < j && (this.text[k] === '!' || this.text[k] === '&')) pos = k;
      else break;
    }
    return pos;
  }
  /** The `-` of a block sequence item, when it starts its line. */
  private dashOf(item: HostValue): number | undefined {
    let j = this.propsStart(item.offset);
    while (j > 0 && this.text[j - 1] === ' ') j--;
    if (this.text[j - 1] !== '-') return undefined;
    const d = j - 1;
    return this.atLineStart(d) ? d : undefined;
  }
  /** Inserting at `pos` (a line start): at the text's end without a final newline, start a line first. */
  private lineInsert(pos: number, lines: string): Edit {
    if (pos === this.text.length && this.text.length && !this.text.endsWith('\n')) return { offset: pos, length: 0, newText: '\n' + lines.replace(/\n$/, '') };
    return { offset: pos, length: 0, newText: lines };
  }
  private styleOf(v: HostValue | undefined): string {
    const s = v ? metaOf(v).style : undefined;
    if (s) return s;
    if (v?.type === 'array') for (const x of v.items) if (x.type === 'string' && metaOf(x).style) return metaOf(x).style!;
    return 'plain';
  }

  // -- rendering --------------------------------------------------------------------------------------

  private scalar(v: unknown, style: string): string {
    if (typeof v === 'string') {
      if (style === 'double' || style === 'json' || style === 'block') return JSON.stringify(v);
      if (style === 'plain' && plainSafe(v)) return v;
      return `'${v.replace(/'/g, "''")}'`;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return 'null';
  }
  private flow(v: unknown, style: string): string {
    if (Array.isArray(v)) return `[${v.map((x) => this.flow(x, style)).join(', ')}]`;
    if (v && typeof v === 'object') {
      const e = Object.entries(v);
      return e.length ? `{ ${e.map(([k, x]) => `${this.key(k)}: ${this.flow(x, style)}`).join(', ')} }` : '{}';
    }
    return this.scalar(v, style);
  }
  private key(k: string): string { return plainSafe(k) ? k : JSON.stringify(k); }
  /** `v` as block lines whose content starts at column `indent` (each line padded). */
  private block(v: unknown, indent: number, style: string): string[] {
    const pad = ' '.repeat(indent);
    if (Array.isArray(v)) {
      if (!v.length) return [pad + '[]'];
      const out: string[] = [];
      for (const x of v) {
        if (isComposite(x) && !Array.isArray(x) && !isEmpty(x)) {
          const lines = this.block(x, indent + 2, style);
          out.push(pad + '- ' + lines[0].slice(indent + 2), ...lines.slice(1));
        } else out.push(pad + '- ' + (isComposite(x) ? this.flow(x, style) : this.scalar(x, style)));
      }
      return out;
    }
    if (v && typeof v === 'object') {
      const e = Object.entries(v);
      if (!e.length) return [pad + '{}'];
      const out: string[] = [];
      for (const [k, x] of e) {
        if (isComposite(x) && !isEmpty(x)) out.push(pad + this.key(k) + ':', ...this.block(x, indent + this.unit, style));
        else out.push(pad + this.key(k) + ': ' + this.flow(x, style));
      }
      return out;
    }
    return [pad + this.scalar(v, style)];
  }

  // -- operations ---------------------------------------------------------------------------------------

  private writable(v: HostValue): boolean {
    const m = metaOf(v);
    return !m.readonly && !m.tagged && !m.conditional;
  }

  private replace(target: HostValue, value: unknown): Edit[] | undefined {
    if (!this.writable(target)) return undefined;
    const style = this.styleOf(target);
    const m = metaOf(target);
    const composite = target.type === 'object' || target.type === 'array';
    if (composite && !m.flow && isComposite(value)) {
      const lines = this.block(value, this.col(target.offset), style);
      return [{ offset: target.offset, length: target.length, newText: lines.join('\n').slice(this.col(target.offset)) }];
    }
    const newText = isComposite(value) ? this.flow(value, style) : this.scalar(value, style);
    return [{ offset: target.offset, length: target.length, newText }];
  }

  private removeItem(array: HostArray, index: number): Edit[] | undefined {
    const item = array.items[index];
    if (!item || metaOf(array).readonly || metaOf(item).conditional) return undefined;
    const raw = metaOf(array).rawCount ?? array.items.length;
    const start = this.propsStart(item.offset);
    if (metaOf(array).flow) {
      const next = array.items[index + 1];
      const prev = array.items[index - 1];
      if (next) return [{ offset: start, length: this.propsStart(next.offset) - start, newText: '' }];
      if (prev) return [{ offset: end(prev), length: end(item) - end(prev), newText: '' }];
      return [{ offset: start, length: end(item) - start, newText: '' }];
    }
    if (raw === 1) return [{ offset: array.offset, length: array.length, newText: '[]' }];
    const d = this.dashOf(item);
    if (d === undefined) return undefined;
    const from = this.lineStart(d);
    return [{ offset: from, length: this.afterLine(end(item)) - from, newText: '' }];
  }

  private insertItems(array: HostArray, index: number, values: unknown[]): Edit[] | undefined {
    if (metaOf(array).readonly || !values.length) return undefined;
    const style = this.styleOf(array);
    const items = array.items;
    if (metaOf(array).flow) {
      const vals = values.map((v) => this.flow(v, style)).join(', ');
      if (!items.length) {
        if ((metaOf(array).rawCount ?? 0) > 0 || this.text[array.offset] !== '[') return undefined;
        return [{ offset: array.offset + 1, length: 0, newText: vals }];
      }
      if (index < items.length) return [{ offset: this.propsStart(items[index].offset), length: 0, newText: vals + ', ' }];
      return [{ offset: end(items[items.length - 1]), length: 0, newText: ', ' + vals }];
    }
    if (!items.length) return undefined;
    const anchor = index < items.length ? items[index] : items[items.length - 1];
    const d = this.dashOf(anchor);
    if (d === undefined) return undefined;
    const lines = this.block(values, this.col(d), style).join('\n') + '\n';
    const pos = index < items.length ? this.lineStart(d) : this.afterLine(end(anchor));
    return [this.lineInsert(pos, lines)];
  }

  private removeProp(object: HostObject, prop: HostProp): Edit[] | undefined {
    const i = object.props.indexOf(prop);
    if (i < 0 || metaOf(object).readonly) return undefined;
    const raw = metaOf(object).rawCount ?? object.props.length;
    const next = object.props[i + 1];
    const prev = object.props[i - 1];
    if (metaOf(object).flow) {
      if (next) return [{ offset: prop.keyOffset, length: next.keyOffset - prop.keyOffset, newText: '' }];
      if (prev) return [{ offset: end(prev), length: end(prop) - end(prev), newText: '' }];
      return [{ offset: prop.keyOffset, length: end(prop) - prop.keyOffset, newText: '' }];
    }
    if (raw === 1) return [{ offset: object.offset, length: object.length, newText: '{}' }];
    if (this.atLineStart(prop.keyOffset)) {
      const from = this.lineStart(prop.keyOffset);
      return [{ offset: from, length: this.afterLine(end(prop)) - from, newText: '' }];
    }
    // The first key of a `- ` item: the next key moves up onto the dash line.
    if (next && this.atLineStart(next.keyOffset)) return [{ offset: prop.keyOffset, length: next.keyOffset - prop.keyOffset, newText: '' }];
    return undefined;
  }

  private insertProp(object: HostObject, index: number, key: string, value: unknown): Edit[] | undefined {
    if (metaOf(object).readonly) return undefined;
    const style = this.styleOf(object.props.find((p) => p.value.type === 'string')?.value);
    const props = object.props;
    if (metaOf(object).flow) {
      const entry = `${this.key(key)}: ${this.flow(value, style)}`;
      if (!props.length) {
        if ((metaOf(object).rawCount ?? 0) > 0 || this.text[object.offset] !== '{') return undefined;
        const inner = this.text.slice(object.offset + 1, end(object) - 1);
        return [{ offset: object.offset, length: object.length, newText: inner.trim() === '' ? `{ ${entry} }` : `{${entry}}` }];
      }
      if (index < props.length) return [{ offset: props[index].keyOffset, length: 0, newText: entry + ', ' }];
      return [{ offset: end(props[props.length - 1]), length: 0, newText: ', ' + entry }];
    }
    if (!props.length) return undefined;
    const indent = this.col(props[props.length > 1 ? 1 : 0].keyOffset);
    if (props.length > 1 && !this.atLineStart(props[1].keyOffset)) return undefined;
    const lines = this.block({ [key]: value }, indent, style).join('\n') + '\n';
    let pos: number;
    if (index > 0 && index <= props.length) pos = this.afterLine(end(props[index - 1]));
    else if (index === 0 && this.atLineStart(props[0].keyOffset)) pos = this.lineStart(props[0].keyOffset);
    else pos = this.afterLine(end(props[0])); // before the first key of a `- ` item: after it instead (key order does not matter)
    return [this.lineInsert(pos, lines)];
  }
}

function isComposite(v: unknown): boolean { return typeof v === 'object' && v !== null; }
function isEmpty(v: unknown): boolean { return Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0; }

/** A string YAML (and CloudFormation's reading of it) takes as that same string when written plain. */
export function plainSafe(s: string): boolean {
  if (!s || s !== s.trim() || /[\n\r\t]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s]/.test(s)) return false;
  if (/^[-?:]/.test(s) && s.length === 1) return false;
  if (/: |:$| #|^- /.test(s)) return false;
  if (/[,[\]{}]/.test(s)) return false; // safe in block context only; flow values are quoted
  // Would read as another type (YAML 1.2 core and 1.1: booleans, null, numbers, dates).
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(s)) return false;
  if (/^[-+]?(?:\.?[0-9][0-9_.:eE+-]*|0x[0-9a-fA-F_]+|0o[0-7]+|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$/.test(s)) return false;
  return true;
}

/** The indentation step of the template: the first indented line's indentation (2 if none). */
function detectUnit(text: string): number {
  const m = /\n( +)\S/.exec(text.slice(0, 20_000));
  const n = m ? m[1].length : 2;
  return n >= 1 && n <= 8 ? n : 2;
}

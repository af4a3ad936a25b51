/**
 * The writer for policies written in JSON inside a host (heredoc JSON and template files in
 * Terraform, CloudFormation JSON templates): structural edits become text edits that keep the
 * author's indentation, line endings and list layout (one item per line or all on one line), in the
 * manner of the core's edits.ts.
 */
import { detectStyle, formatValue, lineIndent, Style } from '../edits';
import type { Edit } from '../types';
import type { HostArray, HostObject, HostValue, HostWriter, StructuralEdit } from './types';

export interface JsonWriterOptions {
  /** Terraform template text (heredoc, templatefile): `${` and `%{` in new strings are written `$${`, `%%{`. */
  template?: boolean;
}

/**
 * A writer for JSON policies: the indentation unit is the one of `root` (the policy's value) when
 * given, else of the whole host text (a CloudFormation JSON template: one writer for every policy).
 */
export function jsonWriter(root?: HostValue, options: JsonWriterOptions = {}): HostWriter {
  return {
    write(hostText: string, changes: StructuralEdit[]): Edit[] | undefined {
      const style = detectStyle(root ? hostText.slice(root.offset, root.offset + root.length) : hostText.slice(0, 65_536));
      if (hostText.includes('\r\n')) style.eol = '\r\n';
      const json = (value: unknown, indent: string) => {
        const s = formatValue(value, style, indent);
        return options.template ? s.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{') : s;
      };
      const edits: Edit[] = [];
      // Removals of one container are written together: adjacent removals would otherwise overlap.
      const removals = new Map<HostArray | HostObject, Set<number>>();
      for (const c of changes) {
        switch (c.op) {
          case 'replace':
            edits.push({ offset: c.target.offset, length: c.target.length, newText: json(c.value, lineIndent(hostText, c.target.offset)) });
            break;
          case 'remove-item': {
            const set = removals.get(c.array) ?? new Set<number>();
            set.add(c.index);
            removals.set(c.array, set);
            break;
          }
          case 'remove-prop': {
            const set = removals.get(c.object) ?? new Set<number>();
            set.add(c.object.props.indexOf(c.prop));
            removals.set(c.object, set);
            break;
          }
          case 'insert-items':
            edits.push(...insert(hostText, style, c.array, c.array.items, c.index, c.values.map((v) => (ind: string) => json(v, ind))));
            break;
          case 'insert-prop':
            edits.push(...insert(hostText, style, c.object, c.object.props, c.index, [(ind: string) => JSON.stringify(c.key) + ': ' + json(c.value, ind)]));
            break;
        }
      }
      for (const [container, indexes] of removals) {
        const kids: Array<{ offset: number; length: number }> = container.type === 'array' ? container.items : container.props;
        if ([...indexes].some((i) => i < 0 || i >= kids.length)) return undefined;
        edits.push(...remove(container, kids, indexes));
      }
      return overlapping(edits) ? undefined : edits;
    },
  };
}

/** Edits removing the children at `indexes` (with their separators); all of them empties the container. */
function remove(container: HostValue, kids: Array<{ offset: number; length: number }>, indexes: Set<number>): Edit[] {
  if (indexes.size >= kids.length) return [{ offset: container.offset + 1, length: container.length - 2, newText: '' }];
  const out: Edit[] = [];
  for (let i = 0; i < kids.length; i++) {
    if (!indexes.has(i)) continue;
    let j = i;
    while (j + 1 < kids.length && indexes.has(j + 1)) j++;
    if (j + 1 < kids.length) {
      out.push({ offset: kids[i].offset, length: kids[j + 1].offset - kids[i].offset, newText: '' });
    } else {
      const from = kids[i - 1].offset + kids[i - 1].length;
      out.push({ offset: from, length: kids[j].offset + kids[j].length - from, newText: '' });
    }
    i = j;
  }
  return out;
}

/** Edits inserting entries (text by indentation) before child `index` of an array or object. */
function insert(text: string, style: Style, container: HostValue, kids: Array<{ offset: number; length: number }>, index: number, entries: Array<(indent: string) => string>): Edit[] {
  if (entries.length === 0) return [];
  const multiline = text.slice(container.offset, container.offset + container.length).includes('\n');
  if (kids.length === 0) {
    const ind = lineIndent(text, container.offset);
    const inner = ind + style.indent;
    const parts = entries.map((e) => e(inner));
    const oneLine = parts.join(', ');
    const body = !parts.some((p) => p.includes('\n')) && oneLine.length <= 80
      ? (container.type === 'object' ? ' ' + oneLine + ' ' : oneLine)
      : style.eol + parts.map((p) => inner + p).join(',' + style.eol) + style.eol + ind;
    return [{ offset: container.offset + 1, length: container.length - 2, newText: body }];
  }
  const at = Math.max(0, Math.min(index, kids.length));
  const ref = kids[Math.min(at, kids.length - 1)];
  const ind = lineIndent(text, ref.offset);
  const sep = multiline ? ',' + style.eol + ind : ', ';
  const parts = entries.map((e) => e(ind));
  if (at < kids.length) return [{ offset: kids[at].offset, length: 0, newText: parts.map((p) => p + sep).join('') }];
  const last = kids[kids.length - 1];
  return [{ offset: last.offset + last.length, length: 0, newText: parts.map((p) => sep + p).join('') }];
}

function overlapping(edits: Edit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1];
    if (sorted[i].offset < p.offset + p.length) return true;
  }
  return false;
}

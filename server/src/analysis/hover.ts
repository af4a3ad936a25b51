/**
 * Hover at an offset: an action's description, access level, resource types and condition keys; a
 * wildcard's expansion. Pure: returns markdown and the range it is about.
 */
import { findNodeAtOffset, parseTree } from 'jsonc-parser';
import { Catalog } from './catalog';

export interface HoverResult { markdown: string; offset: number; length: number }

export function hover(catalog: Catalog, text: string, offset: number): HoverResult | undefined {
  try {
    const root = parseTree(text);
    const node = root && findNodeAtOffset(root, offset);
    if (!node || node.type !== 'string') return undefined;
    const prop = node.parent?.type === 'array' ? node.parent.parent : node.parent;
    const key = prop?.type === 'property' ? prop.children?.[0]?.value : undefined;
    if (key !== 'Action' && key !== 'NotAction') return undefined;
    const matches = catalog.match(node.value);
    if (matches.length === 0) return undefined;
    if (matches.length === 1 && !/[*?]/.test(node.value)) {
      const a = matches[0];
      return {
        offset: node.offset, length: node.length,
        markdown: `**${a.full}** (${a.accessLevels.join(', ')})\n\n${a.description}\n\n[Service Authorization Reference](${Catalog.docsUrl(a.service)})`,
      };
    }
    const shown = matches.slice(0, 30).map((a) => `- ${a.full}`).join('\n');
    return { offset: node.offset, length: node.length, markdown: `**${node.value}** matches ${matches.length} actions:\n\n${shown}${matches.length > 30 ? `\n- … and ${matches.length - 30} more` : ''}` };
  } catch {
    return undefined;
  }
}

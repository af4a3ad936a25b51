/**
 * Completion proposals at an offset: element names, Effect and Version values, service prefixes and
 * actions. Pure: the server maps proposals to LSP CompletionItems.
 */
import { getLocation } from 'jsonc-parser';
import type { Catalog } from './catalog';
import type { AnalysisOptions } from './types';

export type ProposalKind = 'property' | 'value' | 'module' | 'function' | 'keyword' | 'snippet' | 'variable' | 'constant';

export interface CompletionProposal {
  label: string;
  kind: ProposalKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text that replaces `replace`; snippet syntax when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  replace: { offset: number; length: number };
  filterText?: string;
  sortText?: string;
}

export function complete(catalog: Catalog, text: string, offset: number, _options: AnalysisOptions = {}): CompletionProposal[] {
  try {
    return completeAt(catalog, text, offset);
  } catch {
    return [];
  }
}

function completeAt(catalog: Catalog, text: string, offset: number): CompletionProposal[] {
  const loc = getLocation(text, offset);
  const node = loc.previousNode;
  const path = loc.path;
  const last = path[path.length - 1];
  const inString = !!node && node.type === 'string' && offset > node.offset && offset < node.offset + node.length;
  if (loc.isAtPropertyKey || !inString) return [];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  const typed = text.slice(node!.offset + 1, offset);
  const replace = { offset: node!.offset + 1, length: Math.max(0, node!.length - 2) };
  if (key === 'Action' || key === 'NotAction') {
    const colon = typed.indexOf(':');
    if (colon < 0) {
      return [...catalog.services.values()].map((s) => ({
        label: s.prefix, kind: 'module' as const, detail: s.name, insertText: s.prefix + ':', replace,
      }));
    }
    const svc = catalog.getService(typed.slice(0, colon));
    if (!svc) return [];
    return svc.actions.map((a) => ({
      label: a.full, kind: 'function' as const, detail: a.accessLevels.join(', '), documentation: a.description, insertText: a.full, replace,
    }));
  }
  if (key === 'Effect') return ['Allow', 'Deny'].map((v) => ({ label: v, kind: 'value' as const, insertText: v, replace }));
  if (key === 'Version') return [{ label: '2012-10-17', kind: 'value', insertText: '2012-10-17', replace }];
  return [];
}

/**
 * `data "aws_iam_policy_document"` as a policy: each `statement` block becomes a statement whose
 * elements are the block's HCL attributes and nested blocks, so findings land on the HCL itself.
 * The `meta` of the synthesized nodes tells the 'hcl-policy-document' writer which HCL makes them.
 */
import type { Node } from 'web-tree-sitter';
import { UNKNOWN, type HostArray, type HostObject, type HostProp, type HostRange, type HostString, type HostValue } from '../types';
import { stringText, toHostValue, traversalsIn } from './hcl';

/** What the writer needs to know about a statement block. */
export interface StatementMeta {
  pd: 'statement';
  /** The `statement { ... }` block. */
  block: HostRange;
  /** Offset of the block's closing `}`. */
  close: number;
  /** Indentation of the block's own line and of its body. */
  indent: string; bodyIndent: string;
}
/** A statement element made of nested blocks (`principals`, `condition`): the blocks, for removal. */
export interface BlocksMeta { pd: 'blocks'; blocks: HostRange[]; statement: StatementMeta; element: 'Principal' | 'NotPrincipal' | 'Condition' }
/** A condition operator (`test`) object: the blocks with that test. */
export interface TestMeta { pd: 'test'; test: string; blocks: HostRange[]; statement: StatementMeta }
/** The statement list of a document. */
export interface StatementsMeta { pd: 'statements'; block: HostRange; close: number; indent: string; bodyIndent: string }
/** A value that exists only by default (`Effect` Allow, `Version`): replacing it adds the attribute. */
export interface DefaultMeta { pd: 'default'; attribute: string; statement?: StatementMeta }
/** An array merged from several HCL lists (several `principals` blocks of one type): not editable item by item. */
export interface MergedMeta { pd: 'merged' }
export type PolicyDocumentMeta = StatementMeta | BlocksMeta | TestMeta | StatementsMeta | DefaultMeta | MergedMeta;

/** A statement block's HCL attribute → the policy element it makes. */
export const STATEMENT_ATTRIBUTES: Record<string, string> = {
  sid: 'Sid', effect: 'Effect', actions: 'Action', not_actions: 'NotAction',
  resources: 'Resource', not_resources: 'NotResource',
};

/** A reference to another document (`source_policy_documents = [data.aws_iam_policy_document.base.json]`). */
export interface DocumentRefs { source: (string | undefined)[]; override: (string | undefined)[] }

export interface ReadDocument {
  value: HostObject;
  /** Statements in order, for merging with other documents. */
  statements: HostObject[];
  refs: DocumentRefs;
  /** Whether any statement has principals (a resource or trust policy document). */
  hasPrincipals: boolean;
}

export function lineIndent(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}

export function range(n: Node): HostRange { return { offset: n.startIndex, length: n.endIndex - n.startIndex }; }

/** A block's pieces: its type, labels, body attributes and nested blocks. */
export interface BlockParts {
  node: Node; type: string; labels: string[];
  attributes: { name: string; node: Node; nameNode: Node; expr: Node }[];
  blocks: BlockParts[];
  close: number;
}

export function blockParts(text: string, node: Node, deep: boolean): BlockParts {
  const parts: BlockParts = { node, type: node.namedChild(0)?.text ?? '', labels: [], attributes: [], blocks: [], close: node.endIndex - 1 };
  const kids = node.namedChildren;
  for (let i = 1; i < kids.length; i++) {
    const c = kids[i];
    if (!c) continue;
    if (c.type === 'string_lit') parts.labels.push(stringText(toHostValue(text, c)) ?? UNKNOWN);
    else if (c.type === 'identifier') parts.labels.push(c.text);
    else if (c.type === 'block_end') parts.close = c.startIndex;
    else if (c.type === 'body') {
      for (const b of c.namedChildren) {
        if (!b) continue;
        if (b.type === 'attribute') {
          const nameNode = b.namedChild(0);
          const expr = b.namedChildren.find((x) => x?.type === 'expression');
          if (nameNode && expr && !expr.isMissing) parts.attributes.push({ name: nameNode.text, node: b, nameNode, expr });
        } else if (b.type === 'block' && deep) {
          parts.blocks.push(blockParts(text, b, deep));
        }
      }
    }
  }
  return parts;
}

/** Terraform's lists of strings: a number or a boolean in one is its text (`values = [true]` is `["true"]`). */
function stringItems(v: HostValue): HostValue {
  if (v.type !== 'array') return v;
  return {
    ...v,
    items: v.items.map((x): HostValue => x.type === 'number' || x.type === 'boolean'
      ? { type: 'string', offset: x.offset, length: x.length, parts: [{ kind: 'text', text: String(x.value), offset: x.offset, length: x.length, exact: String(x.value).length === x.length }] }
      : x),
  };
}

function attrProp(text: string, key: string, a: BlockParts['attributes'][number], asList: boolean): HostProp {
  let value = toHostValue(text, a.expr);
  if (asList) value = stringItems(value);
  return { key, offset: a.node.startIndex, length: a.node.endIndex - a.node.startIndex, keyOffset: a.nameNode.startIndex, keyLength: a.nameNode.endIndex - a.nameNode.startIndex, value };
}

function synthString(s: string, at: HostRange, meta: PolicyDocumentMeta): HostString {
  return { type: 'string', offset: at.offset, length: at.length, meta, parts: [{ kind: 'text', text: s, offset: at.offset, length: at.length, exact: false }] };
}

function refsOf(a: BlockParts['attributes'][number] | undefined): (string | undefined)[] {
  if (!a) return [];
  const out: (string | undefined)[] = [];
  const ts = traversalsIn(a.expr);
  // A list computed by a function or a variable: unknown documents
  if (ts.length === 0 && a.expr.text.trim() !== '[]') out.push(undefined);
  for (const t of ts) {
    if (t.length >= 4 && t[0] === 'data' && t[1] === 'aws_iam_policy_document' && t[3] === 'json') out.push(t[2]);
    else out.push(undefined);
  }
  return out;
}

function statementObject(text: string, b: BlockParts): { stmt: HostObject; hasPrincipals: boolean } {
  const idNode = b.node.namedChild(0)!;
  const meta: StatementMeta = {
    pd: 'statement', block: range(b.node), close: b.close,
    indent: lineIndent(text, b.node.startIndex), bodyIndent: '',
  };
  const firstInner = b.attributes[0]?.node ?? b.blocks[0]?.node;
  meta.bodyIndent = firstInner && text.lastIndexOf('\n', firstInner.startIndex) > b.node.startIndex
    ? lineIndent(text, firstInner.startIndex) : meta.indent + '  ';
  const stmt: HostObject = { type: 'object', offset: b.node.startIndex, length: b.node.endIndex - b.node.startIndex, props: [], meta };
  for (const a of b.attributes) {
    const key = STATEMENT_ATTRIBUTES[a.name];
    if (key) stmt.props.push(attrProp(text, key, a, key !== 'Sid' && key !== 'Effect'));
  }
  if (!stmt.props.some((p) => p.key === 'Effect')) {
    const at = range(idNode);
    stmt.props.push({
      key: 'Effect', offset: at.offset, length: at.length, keyOffset: at.offset, keyLength: at.length,
      value: synthString('Allow', at, { pd: 'default', attribute: 'effect', statement: meta }),
    });
  }
  let hasPrincipals = false;
  for (const element of ['principals', 'not_principals'] as const) {
    const blocks = b.blocks.filter((x) => x.type === element);
    if (blocks.length === 0) continue;
    hasPrincipals = true;
    const key = element === 'principals' ? 'Principal' : 'NotPrincipal';
    const first = blocks[0].node;
    const bm: BlocksMeta = { pd: 'blocks', blocks: blocks.map((x) => range(x.node)), statement: meta, element: key };
    const obj: HostObject = { type: 'object', offset: first.startIndex, length: first.endIndex - first.startIndex, props: [], meta: bm };
    let value: HostValue = obj;
    for (const p of blocks) {
      const typeAttr = p.attributes.find((a) => a.name === 'type');
      const idsAttr = p.attributes.find((a) => a.name === 'identifiers');
      if (!typeAttr || !idsAttr) continue;
      const typeValue = toHostValue(text, typeAttr.expr);
      const type = stringText(typeValue) ?? UNKNOWN;
      const ids = stringItems(toHostValue(text, idsAttr.expr));
      if (type === '*' && ids.type === 'array' && ids.items.length === 1 && stringText(ids.items[0]) === '*') {
        value = ids.items[0];
        break;
      }
      const existing = obj.props.find((x) => x.key === type && type !== UNKNOWN);
      if (existing && existing.value.type === 'array' && ids.type === 'array') {
        existing.value = { ...existing.value, items: [...existing.value.items, ...ids.items], meta: { pd: 'merged' } satisfies MergedMeta };
      } else if (!existing) {
        obj.props.push({ key: type, offset: p.node.startIndex, length: p.node.endIndex - p.node.startIndex, keyOffset: typeValue.offset, keyLength: typeValue.length, value: ids });
      }
    }
    const firstId = first.namedChild(0)!;
    stmt.props.push({ key, offset: first.startIndex, length: first.endIndex - first.startIndex, keyOffset: firstId.startIndex, keyLength: firstId.endIndex - firstId.startIndex, value, meta: bm });
  }
  const conditions = b.blocks.filter((x) => x.type === 'condition');
  if (conditions.length > 0) {
    const first = conditions[0].node;
    const firstId = first.namedChild(0)!;
    const cm: BlocksMeta = { pd: 'blocks', blocks: conditions.map((x) => range(x.node)), statement: meta, element: 'Condition' };
    const cond: HostObject = { type: 'object', offset: first.startIndex, length: first.endIndex - first.startIndex, props: [], meta: cm };
    for (const c of conditions) {
      const testAttr = c.attributes.find((a) => a.name === 'test');
      const varAttr = c.attributes.find((a) => a.name === 'variable');
      const valuesAttr = c.attributes.find((a) => a.name === 'values');
      if (!testAttr || !varAttr || !valuesAttr) continue;
      const testValue = toHostValue(text, testAttr.expr);
      const test = stringText(testValue) ?? UNKNOWN;
      const varValue = toHostValue(text, varAttr.expr);
      const variable = stringText(varValue) ?? UNKNOWN;
      let testProp = test === UNKNOWN ? undefined : cond.props.find((p) => p.key === test);
      if (!testProp) {
        const tm: TestMeta = { pd: 'test', test, blocks: [], statement: meta };
        testProp = {
          key: test, offset: c.node.startIndex, length: c.node.endIndex - c.node.startIndex, keyOffset: testValue.offset, keyLength: testValue.length,
          value: { type: 'object', offset: c.node.startIndex, length: c.node.endIndex - c.node.startIndex, props: [], meta: tm }, meta: tm,
        };
        cond.props.push(testProp);
      }
      (testProp.meta as TestMeta).blocks.push(range(c.node));
      const testObj = testProp.value as HostObject;
      const values = stringItems(toHostValue(text, valuesAttr.expr));
      const existing = variable === UNKNOWN ? undefined : testObj.props.find((p) => p.key === variable);
      if (existing && existing.value.type === 'array' && values.type === 'array') {
        existing.value = { ...existing.value, items: [...existing.value.items, ...values.items], meta: { pd: 'merged' } satisfies MergedMeta };
      } else if (!existing) {
        testObj.props.push({
          key: variable, offset: c.node.startIndex, length: c.node.endIndex - c.node.startIndex, keyOffset: varValue.offset, keyLength: varValue.length,
          value: values, meta: { pd: 'blocks', blocks: [range(c.node)], statement: meta, element: 'Condition' } satisfies BlocksMeta,
        });
      }
    }
    stmt.props.push({ key: 'Condition', offset: first.startIndex, length: first.endIndex - first.startIndex, keyOffset: firstId.startIndex, keyLength: firstId.endIndex - firstId.startIndex, value: cond, meta: cm });
  }
  return { stmt, hasPrincipals };
}

/** Reads one `data "aws_iam_policy_document"` block. */
export function readPolicyDocument(text: string, block: BlockParts): ReadDocument {
  const node = block.node;
  const statements: HostObject[] = [];
  let hasPrincipals = false;
  for (const b of block.blocks) {
    if (b.type !== 'statement') continue;
    const r = statementObject(text, b);
    statements.push(r.stmt);
    hasPrincipals ||= r.hasPrincipals;
  }
  const firstStatement = block.blocks.find((b) => b.type === 'statement')?.node;
  const indent = lineIndent(text, node.startIndex);
  const sm: StatementsMeta = {
    pd: 'statements', block: range(node), close: block.close, indent,
    bodyIndent: firstStatement ? lineIndent(text, firstStatement.startIndex) : indent + '  ',
  };
  const arr: HostArray = { type: 'array', offset: node.startIndex, length: node.endIndex - node.startIndex, items: statements, meta: sm };
  const id = node.namedChild(0)!;
  const idRange = range(id);
  const value: HostObject = { type: 'object', offset: node.startIndex, length: node.endIndex - node.startIndex, props: [] };
  const version = block.attributes.find((a) => a.name === 'version');
  value.props.push(version
    ? attrProp(text, 'Version', version, false)
    : { key: 'Version', offset: idRange.offset, length: idRange.length, keyOffset: idRange.offset, keyLength: idRange.length, value: synthString('2012-10-17', idRange, { pd: 'default', attribute: 'version' }) });
  const policyId = block.attributes.find((a) => a.name === 'policy_id');
  if (policyId) value.props.push(attrProp(text, 'Id', policyId, false));
  value.props.push({ key: 'Statement', offset: node.startIndex, length: node.endIndex - node.startIndex, keyOffset: idRange.offset, keyLength: idRange.length, value: arr });
  const refs: DocumentRefs = {
    source: [...refsOf(block.attributes.find((a) => a.name === 'source_policy_documents')), ...refsOf(block.attributes.find((a) => a.name === 'source_json'))],
    override: [...refsOf(block.attributes.find((a) => a.name === 'override_policy_documents')), ...refsOf(block.attributes.find((a) => a.name === 'override_json'))],
  };
  return { value, statements, refs, hasPrincipals };
}

function sidOf(s: HostObject): string | undefined {
  const p = s.props.find((x) => x.key === 'Sid');
  const t = stringText(p?.value);
  return t ? t : undefined;
}

/**
 * Merges source and override documents as Terraform does: source statements first, replaced by this
 * document's statements of the same `sid`; then override statements replace statements of the same
 * `sid` or are appended. Returns the reason the result is partly unknown, if any.
 */
export function mergeDocuments(name: string, docs: Map<string, ReadDocument>, seen: Set<string> = new Set()): { statements: HostObject[]; partlyUnknown?: string } {
  const doc = docs.get(name)!;
  if (doc.refs.source.length === 0 && doc.refs.override.length === 0) return { statements: doc.statements };
  seen.add(name);
  const reasons: string[] = [];
  const resolve = (ref: string | undefined, what: string): HostObject[] => {
    if (ref === undefined || !docs.has(ref)) {
      reasons.push(`${what} refers to ${ref === undefined ? 'a document computed elsewhere' : `data.aws_iam_policy_document.${ref}, which is not in this file`}`);
      return [];
    }
    if (seen.has(ref)) { reasons.push(`${what} refers back to data.aws_iam_policy_document.${ref}`); return []; }
    const r = mergeDocuments(ref, docs, new Set(seen));
    if (r.partlyUnknown) reasons.push(r.partlyUnknown);
    return r.statements;
  };
  let out: HostObject[] = [];
  for (const ref of doc.refs.source) {
    for (const s of resolve(ref, 'source_policy_documents')) {
      const sid = sidOf(s);
      const i = sid ? out.findIndex((x) => sidOf(x) === sid) : -1;
      if (i >= 0) out[i] = s; else out.push(s);
    }
  }
  for (const s of doc.statements) {
    const sid = sidOf(s);
    const i = sid ? out.findIndex((x) => sidOf(x) === sid) : -1;
    if (i >= 0) out[i] = s; else out.push(s);
  }
  for (const ref of doc.refs.override) {
    for (const s of resolve(ref, 'override_policy_documents')) {
      const sid = sidOf(s);
      const i = sid ? out.findIndex((x) => sidOf(x) === sid) : -1;
      if (i >= 0) out[i] = s; else out.push(s);
    }
  }
  if (out.length === 0 && doc.statements.length === 0) out = [];
  return { statements: out, partlyUnknown: reasons.length ? reasons.join('; ') : undefined };
}

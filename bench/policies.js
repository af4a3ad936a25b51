// Generated benchmark inputs: realistic KMS key policies and IAM identity policies for the principals
// of an AWS CloudHSM key store (key store managers, cluster managers, key managers, key users), built
// from a seeded PRNG so every run measures the same documents. Also: the single-character edits of
// the keystroke benchmark.
'use strict';

/** xorshift32: deterministic, seedable. */
function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const TEAMS = ['payments', 'ledger', 'billing', 'identity', 'reporting', 'archive', 'search', 'audit', 'risk', 'checkout'];

const KEY_ADMIN_ACTIONS = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
  'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];
const KEY_USER_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
const KEY_STORE_ACTIONS = ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore',
  'kms:DeleteCustomKeyStore', 'kms:DescribeCustomKeyStores'];
const CLUSTER_ACTIONS = ['cloudhsm:DescribeClusters', 'cloudhsm:DescribeBackups', 'cloudhsm:CreateCluster', 'cloudhsm:CreateHsm', 'cloudhsm:InitializeCluster',
  'cloudhsm:ListTags', 'cloudhsm:TagResource', 'cloudhsm:UntagResource'];
const CLUSTER_EC2 = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaceAttribute', 'ec2:DetachNetworkInterface',
  'ec2:DeleteNetworkInterface', 'ec2:CreateSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupEgress', 'ec2:DescribeSecurityGroups', 'ec2:DeleteSecurityGroup', 'ec2:CreateTags', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets'];

function hex(r, n) { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)]; return s; }
function keyId(r) { return `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`; }
function pick(r, list) { return list[Math.floor(r() * list.length)]; }
function role(name) { return `arn:aws:iam::${ACCOUNT}:role/${name}`; }
function keyArn(r) { return `arn:aws:kms:${pick(r, REGIONS)}:${ACCOUNT}:key/${keyId(r)}`; }

/** Key policy statements (resource policy: Principal, "Resource": "*" = this key). */
function keyPolicyStatement(r, i) {
  const team = pick(r, TEAMS);
  switch (i % 4) {
    case 0: return {
      Sid: `AllowKeyAdministrators${i}`, Effect: 'Allow',
      Principal: { AWS: [role(`KeyAdmin-${team}`), role(`KeyAdmin-${team}-breakglass`)] },
      Action: KEY_ADMIN_ACTIONS, Resource: '*',
    };
    case 1: return {
      Sid: `AllowUseOfTheKey${i}`, Effect: 'Allow',
      Principal: { AWS: [role(`${team}-app-${i}`), role(`${team}-worker-${i}`)] },
      Action: KEY_USER_ACTIONS, Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `s3.${pick(r, REGIONS)}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT } },
    };
    case 2: return {
      Sid: `AllowAttachmentOfPersistentResources${i}`, Effect: 'Allow',
      Principal: { AWS: role(`${team}-app-${i}`) },
      Action: GRANT_ACTIONS, Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    };
    default: return {
      Sid: `DenyOutsideOrg${i}`, Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': `o-${hex(r, 10)}` }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    };
  }
}

/** Identity policy statements for the four principal classes. */
function identityStatement(r, i) {
  switch (i % 4) {
    case 0: return { Sid: `ManageKeyStores${i}`, Effect: 'Allow', Action: [...KEY_STORE_ACTIONS, 'cloudhsm:DescribeClusters'], Resource: '*' };
    case 1: return {
      Sid: `CreateKmsServiceLinkedRole${i}`, Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`,
      Condition: { StringLike: { 'iam:AWSServiceName': 'cks.kms.amazonaws.com' } },
    };
    case 2: return {
      Sid: `CreateCloudHsmKeys${i}`, Effect: 'Allow', Action: ['kms:CreateKey', 'kms:TagResource'], Resource: '*',
      Condition: { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } },
    };
    default: return { Sid: `UseKeys${i}`, Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: [keyArn(r), keyArn(r)] };
  }
}

/** A cluster manager's identity policy (the CloudHSM guide's power-user shape). */
function clusterManagerStatements() {
  return [
    { Sid: 'ManageClusters', Effect: 'Allow', Action: CLUSTER_ACTIONS, Resource: '*' },
    { Sid: 'ClusterNetworking', Effect: 'Allow', Action: CLUSTER_EC2, Resource: '*' },
    {
      Sid: 'CloudHsmServiceLinkedRole', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole',
      Resource: 'arn:aws:iam::*:role/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'cloudhsm.amazonaws.com' } },
    },
  ];
}

/**
 * A policy of about `bytes` characters (pretty-printed, 2 spaces): `kind` "key" (key policy: account
 * root statement plus principals) or "identity".
 */
function generatePolicy(bytes, kind, seed = 1) {
  const r = prng(seed);
  const statements = kind === 'key'
    ? [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]
    : [];
  const doc = kind === 'key'
    ? { Version: '2012-10-17', Id: `key-policy-cloudhsm-${seed}`, Statement: statements }
    : { Version: '2012-10-17', Statement: statements };
  const size = () => JSON.stringify(doc, null, 2).length;
  for (let i = 0; ; i++) {
    const s = kind === 'key' ? keyPolicyStatement(r, i) : identityStatement(r, i);
    statements.push(s);
    if (size() > bytes) { statements.pop(); break; }
    if (kind === 'identity' && i === 0 && bytes > 4000) statements.push(...clusterManagerStatements());
  }
  if (statements.length === 0) statements.push(kind === 'key' ? keyPolicyStatement(r, 1) : identityStatement(r, 0));
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * A key policy as large organisations write them: the account root statement, then one statement per
 * grantee for `principals` different roles (administrators, users, grant holders in turn, some with
 * conditions), repeated with new Sids until the policy has about `bytes` characters.
 */
function generateGranteePolicy(bytes, principals, seed = 1) {
  const r = prng(seed);
  const grantees = Array.from({ length: principals }, (_, i) => role(`${pick(r, TEAMS)}-${['admin', 'app', 'worker', 'etl', 'reader'][i % 5]}-${i}`));
  const statements = [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }];
  const doc = { Version: '2012-10-17', Id: `key-policy-grantees-${seed}`, Statement: statements };
  for (let i = 0; ; i++) {
    const who = grantees[i % principals];
    const s = i % 3 === 0
      ? { Sid: `Administer${i}`, Effect: 'Allow', Principal: { AWS: who }, Action: KEY_ADMIN_ACTIONS.slice(0, 6 + (i % 8)), Resource: '*' }
      : i % 3 === 1
        ? { Sid: `Use${i}`, Effect: 'Allow', Principal: { AWS: who }, Action: KEY_USER_ACTIONS, Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `s3.${pick(r, REGIONS)}.amazonaws.com` } } }
        : { Sid: `Grants${i}`, Effect: 'Allow', Principal: { AWS: who }, Action: GRANT_ACTIONS, Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } };
    statements.push(s);
    if (JSON.stringify(doc, null, 2).length > bytes) { statements.pop(); break; }
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

/** [start, end) of the contents of every string *value* (not property names) with at least 2 characters. */
function stringValueRanges(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    let k = j + 1;
    while (k < text.length && /\s/.test(text[k])) k++;
    if (text[k] !== ':' && j - i - 1 >= 2) out.push([i + 1, j]);
    i = j;
  }
  return out;
}

/**
 * `count` single-character edits that keep the JSON valid: even edits insert a letter at a random
 * point inside a random string value, odd edits delete it again. Each edit is {offset, length,
 * newText}, against the text as left by the previous edit.
 */
function keystrokes(text, count, seed = 7) {
  const r = prng(seed);
  const ranges = stringValueRanges(text);
  const edits = [];
  let pending;
  for (let i = 0; i < count; i++) {
    if (pending === undefined) {
      const [s, e] = pick(r, ranges);
      const at = s + 1 + Math.floor(r() * (e - s - 1));
      edits.push({ offset: at, length: 0, newText: 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)] });
      pending = at;
    } else {
      edits.push({ offset: pending, length: 1, newText: '' });
      pending = undefined;
    }
  }
  return edits;
}

function applyEdit(text, e) { return text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length); }

module.exports = { generatePolicy, generateGranteePolicy, keystrokes, applyEdit, stringValueRanges, prng };

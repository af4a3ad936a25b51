// Check: invalid-principal
// Fires on a Principal or NotPrincipal value AWS does not accept: a string other than "*", a type key
// other than AWS, Service, Federated or CanonicalUser, an AWS value that is no 12-digit account ID, IAM
// user/role ARN, STS session ARN or "*", a malformed service principal, federated provider or canonical
// user ID, or a partial wildcard. An IAM unique ID (AIDA..., AROA...) is a warning: AWS writes it when the
// user or role was deleted.
import { closest } from '../catalog';
import type { Check, CheckContext } from '../check';
import { replaceNode } from '../edits';
import type { Node } from '../json';
import { Prop, toProps } from '../policy';
import type { Fix } from '../types';

const TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const PARTITION = 'aws(?:-[a-z]+)*';
const ACCOUNT = /^\d{12}$/;
const IAM_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}|cloudfront):(root|user/.+|role/.+)$`);
const STS_ARN = new RegExp(`^arn:${PARTITION}:sts::\\d{12}:(assumed-role/[^/]+/.+|federated-user/.+)$`);
const ANY_ARN = /^arn:[^:]*:([^:]*):([^:]*):([^:]*):(.*)$/;
const UNIQUE_ID = /^(AIDA|AROA|ANPA|AIPA|AGPA)[A-Z0-9]{12,}$/;
// Service principals: name.amazonaws.com, regional forms, China, the EU sovereign and ISO partitions, and Alexa's amazon.com.
const SERVICE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.(amazonaws\.com(\.cn)?|amazonaws\.eu|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(saml-provider/.+|oidc-provider/.+)$`);
const FEDERATED_HOSTS = new Set(['accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);
const CANONICAL = /^[0-9a-f]{64}$/;

export const check: Check = {
  id: 'invalid-principal',
  description: 'A Principal value AWS does not accept: a bad account ID, ARN or service principal, an unknown principal type, or a partial wildcard.',
  defaultSeverity: 'error',
  category: 'principals',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "11112222333" }, "Action": "kms:Decrypt", "Resource": "*" } ] }',
  run(ctx) {
    if (ctx.kind === 'identity') return; // misplaced-element reports any Principal there
    for (const s of ctx.policy?.statements ?? []) {
      if (!s.isObject) continue;
      for (const name of ['Principal', 'NotPrincipal']) {
        const v = s.get(name)?.value;
        if (!v) continue;
        if (v.type === 'string') bareString(ctx, name, v);
        else if (v.type === 'object') {
          const entries = toProps(v);
          for (const e of entries) {
            if (!TYPES.includes(e.key)) unknownType(ctx, name, e, entries);
            else for (const item of stringsOf(e.value)) value(ctx, name, e.key, item);
          }
        }
      }
    }
  },
};

function stringsOf(v: Node | undefined): Node[] {
  if (!v) return [];
  if (v.type === 'string') return [v];
  return v.type === 'array' ? (v.children ?? []).filter((c) => c.type === 'string') : [];
}

/** The principal type a bare value most likely belongs under, or undefined. */
function typeOf(value: string): string | undefined {
  if (value === '*') return undefined;
  if (ACCOUNT.test(value) || IAM_ARN.test(value) || STS_ARN.test(value)) return 'AWS';
  if (FEDERATED_ARN.test(value) || FEDERATED_HOSTS.has(value) || value === 'cognito-identity.amazonaws.com') return 'Federated';
  if (SERVICE.test(value)) return 'Service';
  if (CANONICAL.test(value)) return 'CanonicalUser';
  return undefined;
}

function bareString(ctx: CheckContext, name: string, v: Node): void {
  const value = String(v.value);
  if (value === '*') return;
  const type = typeOf(value);
  const fixes: Fix[] = type ? [{ title: `Write it as { "${type}": ${JSON.stringify(value)} }`, edits: [replaceNode(v, `{ "${type}": ${JSON.stringify(value)} }`)], isPreferred: true }] : [];
  ctx.report({
    node: v,
    message: `${name} as a string can only be "*" (everyone): name a principal in an object such as { "AWS": "arn:aws:iam::111122223333:root" } or { "Service": "ec2.amazonaws.com" }. AWS rejects ${JSON.stringify(value)} here.`,
    fixes,
  });
}

function unknownType(ctx: CheckContext, name: string, e: Prop, entries: Prop[]): void {
  const guess = closest(e.key, TYPES, 1)[0];
  const fixes: Fix[] = [];
  if (guess && !entries.some((x) => x.key === guess)) {
    const caseOnly = guess.toLowerCase() === e.key.toLowerCase();
    fixes.push({ title: `Rename to "${guess}"`, edits: [replaceNode(e.keyNode, JSON.stringify(guess))], isPreferred: true, safe: caseOnly });
  }
  ctx.report({
    node: e.keyNode,
    message: `"${e.key}" is not a principal type: use AWS, Service, Federated or CanonicalUser (case-sensitive).${guess ? ` Did you mean "${guess}"?` : ''} AWS rejects the ${name} as it is.`,
    fixes,
  });
}

function value(ctx: CheckContext, name: string, type: string, item: Node): void {
  const v = String(item.value);
  const problem = type === 'AWS' ? awsProblem(v) : type === 'Service' ? serviceProblem(v) : type === 'Federated' ? federatedProblem(v) : canonicalProblem(v);
  if (!problem) return;
  const fixes: Fix[] = [];
  if (problem.replacement) {
    fixes.push({ title: `Change to ${JSON.stringify(problem.replacement)}`, edits: [replaceNode(item, JSON.stringify(problem.replacement))], isPreferred: true });
  }
  ctx.report({ node: item, message: `${name} ${type} ${JSON.stringify(v)}: ${problem.message}`, fixes, severity: problem.severity });
}

interface Problem { message: string; replacement?: string; severity?: 'warning' }

function awsProblem(v: string): Problem | undefined {
  if (v === '*' || ACCOUNT.test(v) || IAM_ARN.test(v) || STS_ARN.test(v)) {
    if (v !== '*' && /[*?]/.test(v)) return wildcard();
    return undefined;
  }
  if (/[*?]/.test(v)) return wildcard();
  if (UNIQUE_ID.test(v)) {
    return { severity: 'warning', message: 'this is an IAM unique ID, which AWS writes in place of an ARN when the user or role was deleted: the principal no longer exists, and a new user or role with the same name will not match. Replace it with the ARN of the principal you mean, or remove it.' };
  }
  if (/^\d+$/.test(v)) return { message: `an AWS account ID has exactly 12 digits (this has ${v.length}). Write the full account ID, e.g. "111122223333".` };
  const arn = ANY_ARN.exec(v);
  if (arn) {
    const [, service, region, account, resource] = arn;
    if (FEDERATED_ARN.test(v)) return { message: 'this is an identity provider: put it under "Federated", not "AWS".' };
    if (service === 'iam' && /^group\//.test(resource)) return { message: 'an IAM group cannot be a principal: name its users or roles, or the account.' };
    if ((service === 'iam' || service === 'sts') && region !== '') return { message: `${service.toUpperCase()} ARNs have no Region: write "arn:aws:${service}::${account}:${resource}".`, replacement: `arn:${v.split(':')[1]}:${service}::${account}:${resource}` };
    if ((service === 'iam' || service === 'sts') && !ACCOUNT.test(account)) return { message: 'the account in the ARN must be a 12-digit account ID.' };
    if (service === 'iam' || service === 'sts') return { message: 'use an ARN of the account root ("arn:aws:iam::111122223333:root"), a user ("...:user/name"), a role ("...:role/name") or an STS session ("arn:aws:sts::111122223333:assumed-role/role/session").' };
    return { message: `this is a ${service || 'resource'} ARN, not a principal: an AWS principal is a 12-digit account ID, an IAM user or role ARN, an STS session ARN or "*".` };
  }
  if (SERVICE.test(v)) return { message: 'this is a service principal: put it under "Service", not "AWS".' };
  return { message: 'an AWS principal must be a 12-digit account ID, an IAM user or role ARN (e.g. "arn:aws:iam::111122223333:role/KeyUser"), an STS session ARN or "*".' };
}

function wildcard(): Problem {
  return { message: 'wildcards are not allowed in principals, except "*" on its own. Name the principals, or use "*" with a condition such as "ArnLike": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/App*" }.' };
}

function serviceProblem(v: string): Problem | undefined {
  if (SERVICE.test(v)) return undefined;
  if (/[*?]/.test(v)) return { message: 'wildcards are not allowed in service principals: name the service, e.g. "ec2.amazonaws.com".' };
  if (ACCOUNT.test(v) || IAM_ARN.test(v) || STS_ARN.test(v)) return { message: 'this is an AWS account or IAM principal: put it under "AWS", not "Service".' };
  if (/^[a-z][a-z0-9-]*$/.test(v)) return { message: `service principals are written "name.amazonaws.com". Did you mean "${v}.amazonaws.com"?`, replacement: `${v}.amazonaws.com` };
  if (SERVICE.test(v.toLowerCase())) return { message: `service principals are lower case: write "${v.toLowerCase()}".`, replacement: v.toLowerCase() };
  return { message: 'a service principal looks like "ec2.amazonaws.com" (name.amazonaws.com).' };
}

function federatedProblem(v: string): Problem | undefined {
  if (FEDERATED_ARN.test(v) || FEDERATED_HOSTS.has(v) || SERVICE.test(v)) return undefined;
  if (/[*?]/.test(v)) return { message: 'wildcards are not allowed in federated principals: name the identity provider.' };
  return { message: 'a federated principal is the ARN of an IAM identity provider ("arn:aws:iam::111122223333:saml-provider/Name" or ".../oidc-provider/host"), "cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com" or "www.amazon.com".' };
}

function canonicalProblem(v: string): Problem | undefined {
  if (CANONICAL.test(v)) return undefined;
  return { message: 'a canonical user ID is 64 lower-case hexadecimal characters (Amazon S3 shows it as the account\'s canonical ID).' };
}

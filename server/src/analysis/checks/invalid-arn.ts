// Check: invalid-arn
// Fires when a Resource/NotResource value is neither "*" nor a well-formed ARN (arn:partition:service:region:account:resource).
import type { Check } from '../check';
import { closest } from '../catalog';
import { replaceNode } from '../edits';
import { strings } from '../policy';
import type { Fix } from '../types';
import { ArnCheck, checkArn, PARTITIONS } from '../util/arnPattern';

const FORM = 'arn:partition:service:region:account-id:resource';

function describe(value: string, c: ArnCheck): { message: string; fixed?: string } {
  const p = c.parsed;
  const part = value.slice(c.from, c.to);
  const rebuild = (k: number, to: string) => p ? value.slice(0, p.starts[k]) + to + value.slice(p.starts[k] + part.length) : undefined;
  switch (c.problem) {
    case 'whitespace': {
      const compact = value.replace(/\s+/g, '');
      return { message: `"${value}" contains whitespace, which ARNs never do: remove it.`, fixed: compact !== '' && (compact === '*' || !checkArn(compact)) ? compact : undefined };
    }
    case 'prefix': {
      const fixed = !checkArn('arn:' + value) ? 'arn:' + value : undefined;
      return { message: `"${value}" is not an ARN: a resource is "*" or an ARN of the form ${FORM} (e.g. "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab").${fixed ? ' It lacks the "arn:" prefix.' : ''}`, fixed };
    }
    case 'prefix-case': return { message: `"${value}" must start with lowercase "arn:".`, fixed: 'arn:' + value.slice(4) };
    case 'fields': return { message: `"${value}" has fewer than the six colon-separated fields of an ARN (${FORM}); empty fields keep their colons, e.g. "arn:aws:s3:::my-bucket".` };
    case 'partition': {
      const near = closest(part, PARTITIONS, 1);
      return { message: `"${part}" is not an AWS partition: use ${PARTITIONS.slice(0, 3).map((x) => `"${x}"`).join(', ')} or another partition.${near.length ? ` Did you mean "${near[0]}"?` : ''}`, fixed: near.length ? rebuild(1, near[0]) : undefined };
    }
    case 'service-empty': return { message: `The service field of "${value}" is empty: write the service namespace, e.g. "arn:aws:kms:…".` };
    case 'service-case': return { message: `The service "${part}" in the ARN must be lowercase.`, fixed: rebuild(2, part.toLowerCase()) };
    case 'service-chars': return { message: `"${part}" is not a service namespace: service namespaces have lowercase letters, digits and hyphens only.` };
    case 'region': return { message: `"${part}" is not a Region code (e.g. "us-east-1"): use a Region, "*", or leave the field empty for global services.` };
    case 'account': {
      const digits = part.replace(/[-\s]/g, '');
      return {
        message: `"${part}" is not a valid account: use the 12-digit account ID (no hyphens), "*", or leave the field empty where the service has no account in its ARNs.`,
        fixed: /^\d{12}$/.test(digits) ? rebuild(4, digits) : undefined,
      };
    }
    case 'resource-empty': return { message: `"${value}" has no resource part after the account field: add the resource type and ID the service uses in its ARNs, or use "*".` };
  }
}

export const check: Check = {
  id: 'invalid-arn',
  description: 'A Resource or NotResource value is neither "*" nor a well-formed ARN.',
  defaultSeverity: 'error',
  category: 'resources',
  perStatement: true,
  example: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:1111-2222-3333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } ] }',
  run(ctx) {
    for (const s of ctx.policy?.statements ?? []) {
      for (const name of ['Resource', 'NotResource']) {
        for (const item of strings(s.get(name)?.value)) {
          if (item.value === '*') continue;
          const c = checkArn(item.value);
          if (!c) continue;
          const { message, fixed } = describe(item.value, c);
          const fixes: Fix[] = fixed !== undefined && fixed !== item.value ? [{ title: `Change to "${fixed}"`, edits: [replaceNode(item.node, JSON.stringify(fixed))], isPreferred: true }] : [];
          // A value with computed parts (UNKNOWN) is judged around them (util/arnPattern.ts checkArn).
          ctx.report({ node: item.node, message, fixes, aroundUnknown: true });
        }
      }
    }
  },
};

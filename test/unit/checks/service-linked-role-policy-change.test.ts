import { checkCases, policy } from '../../helpers';

const slr = 'arn:aws:iam::*:role/aws-service-role/cks.kms.amazonaws.com/AWSServiceRoleForKeyManagementServiceCustomKeyStores';
checkCases('service-linked-role-policy-change', {
  valid: [policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: slr }), policy({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::111122223333:role/App' })],
  invalid: [
    { text: policy({ Effect: 'Allow', Action: ['iam:GetRole', 'iam:AttachRolePolicy'], Resource: slr }), ranges: ['"iam:AttachRolePolicy"'], actions: ['iam:AttachRolePolicy'] },
    { name: 'a wildcard', text: policy({ Effect: 'Allow', Action: 'iam:*', Resource: slr }), actions: ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'] },
  ],
});

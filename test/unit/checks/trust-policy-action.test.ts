import { checkCases, policy } from '../../helpers';

const trust = (Action: unknown) => ({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action });

checkCases('trust-policy-action', {
  valid: [
    policy(trust('sts:AssumeRole')),
    policy(trust(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'])),
    { name: 'forced trust kind, allowed actions', text: policy(trust(['sts:AssumeRoleWithWebIdentity'])), options: { kind: 'trust' } },
    { name: 'a wildcard that covers trust actions', text: policy(trust('sts:AssumeRole*')), options: { kind: 'trust' } },
    { name: 'a key policy statement (it has a Resource)', text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*'], Resource: '*' }) },
    { name: 'an identity policy', text: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'a permission in a trust policy',
      text: policy(trust(['sts:AssumeRole', 's3:GetObject'])),
      ranges: ['"s3:GetObject"'],
      actions: ['s3:GetObject'],
      message: ['cannot be granted by a role trust policy', 'permissions policy'],
      fix: { title: 'Remove "s3:GetObject"', output: policy(trust(['sts:AssumeRole'])) },
    },
    { name: 'forced trust kind', text: policy(trust('kms:Decrypt')), options: { kind: 'trust' }, ranges: ['"kms:Decrypt"'] },
    { name: 'a wildcard without trust actions', text: policy(trust(['sts:AssumeRole', 'iam:*'])), ranges: ['"iam:*"'] },
  ],
});

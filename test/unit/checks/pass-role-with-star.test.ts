import { checkCases, policy } from '../../helpers';

const stmt = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });

checkCases('pass-role-with-star', {
  valid: [
    policy(stmt('iam:PassRole', 'arn:aws:iam::111122223333:role/app-role')),
    policy(stmt('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })),
    policy(stmt('iam:PassRole', 'arn:aws:iam::*:role/Service*')),
    policy(stmt('s3:*', '*')),
    { name: 'a Deny', text: policy({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }) },
    { name: 'NotAction that excludes iam:*', text: policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'iam:PassRole on "*"',
      text: policy(stmt('iam:PassRole', '*')),
      ranges: ['"iam:PassRole"'],
      actions: ['iam:PassRole'],
      message: ['iam:PassRole is allowed on Resource "*"', 'iam:PassedToService'],
    },
    { name: 'iam:* on "*"', text: policy(stmt(['s3:GetObject', 'iam:*'], '*')), ranges: ['"iam:*"'], message: ['"iam:*" includes iam:PassRole'] },
    { name: '"*" on "*"', text: policy(stmt('*', '*')), ranges: ['"*"'] },
    { name: 'every role of an account', text: policy(stmt('iam:PassRole', 'arn:aws:iam::111122223333:role/*')), message: ['on every role'] },
    { name: 'NotAction that does not exclude it', text: policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }), ranges: ['"NotAction"'], message: ['NotAction does not exclude iam:PassRole'] },
    { name: 'NotResource', text: policy({ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/admin' }), message: ['with NotResource'] },
  ],
});

import { checkCases, policy } from '../../helpers';

const stmt = (Condition: unknown) => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition });

checkCases('set-operator-on-single-valued-key', {
  valid: [
    policy(stmt({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Project'] }, 'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': ['aws:*'] }, StringEquals: { 'kms:ViaService': 'x' } })),
    { name: 'unknown keys are another check', text: policy(stmt({ 'ForAllValues:StringEquals': { 'kms:Nope': 'x' } })) },
  ],
  invalid: [
    {
      name: 'ForAllValues on a single-valued key',
      text: policy(stmt({ 'ForAllValues:StringEquals': { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })),
      ranges: ['"kms:ViaService"'],
      message: ['single-valued', 'also matches when the key is absent', 'Use "StringEquals"'],
      fix: { title: 'Change the operator to "StringEquals"', output: policy(stmt({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })) },
    },
    {
      name: 'ForAnyValue with IfExists',
      text: policy(stmt({ 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalTag/team': 'a*' } })),
      message: ['works like "StringLikeIfExists"'],
      fix: { title: 'Change the operator to "StringLikeIfExists"' },
    },
    {
      name: 'no rename when a multivalued key shares the operator',
      text: policy(stmt({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Project'], 'aws:RequestedRegion': 'us-east-1' } })),
      ranges: ['"aws:RequestedRegion"'],
    },
  ],
});

import { checkCases, policy } from '../../helpers';

const stmt = (Condition: unknown) => ({ Effect: 'Allow', Action: 'kms:TagResource', Resource: '*', Condition });

checkCases('missing-set-operator', {
  valid: [
    policy(stmt({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project'] }, Null: { 'kms:EncryptionContextKeys': 'false' }, StringEquals: { 'kms:ViaService': 'x' } })),
  ],
  invalid: [
    {
      name: 'aws:TagKeys with StringEquals',
      text: policy(stmt({ StringEquals: { 'aws:TagKeys': ['Project'] } })),
      ranges: ['"aws:TagKeys"'],
      message: ['multivalued (ArrayOfString)', '"ForAllValues:StringEquals"', '"ForAnyValue:StringEquals"'],
      fix: { title: 'Change the operator to "ForAllValues:StringEquals"', output: policy(stmt({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project'] } })) },
    },
    {
      name: 'IfExists is kept',
      text: policy(stmt({ StringLikeIfExists: { 'kms:EncryptionContextKeys': ['aws:*'] } })),
      fix: { title: 'Change the operator to "ForAnyValue:StringLikeIfExists"' },
    },
    {
      name: 'no rename when the operator has other keys',
      text: policy(stmt({ StringEquals: { 'aws:TagKeys': ['Project'], 'kms:ViaService': 'x' } })),
      ranges: ['"aws:TagKeys"'],
    },
  ],
});

import { checkCases, policy } from '../../helpers';

checkCases('bypass-policy-lockout-safety-check', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: '*' }),
    policy({ Effect: 'Deny', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }),
    policy({ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } } }),
  ],
  invalid: [
    { text: policy({ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }), ranges: ['"kms:BypassPolicyLockoutSafetyCheck": "true"'], message: ['locks every principal out'] },
    { name: 'boolean literal, any case of key', text: policy({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { Bool: { 'KMS:bypassPolicyLockoutSafetyCheck': true } } }) },
  ],
});

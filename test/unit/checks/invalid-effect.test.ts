import { checkCases, policy } from '../../helpers';

checkCases('invalid-effect', {
  valid: [
    policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
    policy({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }),
  ],
  invalid: [
    {
      name: 'lower case',
      text: policy({ Effect: 'allow', Action: 'kms:Decrypt', Resource: '*' }),
      ranges: ['"allow"'],
      message: ['Did you mean "Allow"?'],
      fix: { title: 'Change Effect to "Allow"' },
    },
    { name: 'a typo', text: policy({ Effect: 'Dney', Action: 'kms:Decrypt', Resource: '*' }), ranges: ['"Dney"'], fix: { title: 'Change Effect to "Deny"' } },
    { name: 'not a string', text: policy({ Effect: true, Action: 'kms:Decrypt', Resource: '*' }), ranges: ['true'], message: ['a boolean'] },
    { name: 'unrelated word', text: policy({ Effect: 'Maybe', Action: 'kms:Decrypt', Resource: '*' }), ranges: ['"Maybe"'] },
  ],
});

import { checkCases, policy } from '../../helpers';

const allow = (Action: unknown) => ({ Effect: 'Allow', Action, Resource: '*' });

checkCases('invalid-action-format', {
  valid: [
    policy(allow(['kms:Decrypt', '*', 'kms:*', 'kms:Get*', 'vpc-lattice:AssociateViaAWSService-EventsAndStates'])),
    { name: 'unknown but well-formed', text: policy(allow(['foo:Bar', 'kms:Nope'])) },
  ],
  invalid: [
    {
      name: 'a space instead of the colon',
      text: policy(allow('kms Decrypt')),
      ranges: ['"kms Decrypt"'],
      message: ['contains a space'],
    },
    {
      name: 'a space after the colon',
      text: policy(allow('kms: Decrypt')),
      fix: { title: 'Change to "kms:Decrypt"', output: policy(allow('kms:Decrypt')) },
    },
    {
      name: 'leading space',
      text: policy(allow([' kms:Decrypt', 'kms:Encrypt'])),
      ranges: ['" kms:Decrypt"'],
      message: ['leading or trailing spaces'],
      fix: { title: 'Change to "kms:Decrypt"', output: policy(allow(['kms:Decrypt', 'kms:Encrypt'])) },
    },
    { name: 'while typing: nothing after the colon', text: policy(allow('kms:')), ranges: ['"kms:"'], message: ['no action name after the colon', '"kms:*"'] },
    { name: 'a bare service prefix', text: policy(allow('kms')), ranges: ['"kms"'], message: ['"kms:*" for all of its actions'] },
    { name: 'a bare word', text: policy(allow('Decrypt')), message: ['not of the form "service:action"'] },
    { name: 'no service', text: policy(allow(':Decrypt')), message: ['no service prefix'] },
    { name: 'two colons', text: policy(allow('kms:Decrypt:Now')), message: ['more than one colon'] },
    { name: 'bad characters', text: policy(allow('km$:Decrypt')), message: ['service prefix'] },
    { name: 'a policy variable', text: policy(allow('s3:${aws:username}')), message: ['only in Resource and Condition'] },
    {
      name: 'an empty entry in a list',
      text: policy(allow(['kms:Decrypt', ''])),
      ranges: ['""'],
      fix: { title: 'Remove the empty entry', output: policy(allow(['kms:Decrypt'])) },
    },
    { name: 'in NotAction', text: policy({ Effect: 'Deny', NotAction: ['kms decrypt'], Resource: '*' }), ranges: ['"kms decrypt"'] },
  ],
});

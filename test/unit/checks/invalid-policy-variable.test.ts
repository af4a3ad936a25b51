import { checkCases, policy } from '../../helpers';

const res = (Resource: unknown, Condition?: unknown) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource, ...(Condition ? { Condition } : {}) });
const doc = (version: string | undefined, ...statements: unknown[]) => JSON.stringify({ ...(version ? { Version: version } : {}), Statement: statements }, null, 2);

checkCases('invalid-policy-variable', {
  valid: [
    policy(res(['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::b/${*}${?}${$}', "arn:aws:s3:::b/${aws:userid, 'anonymous'}/*"])),
    { name: 'in a String condition', text: policy(res('*', { StringLike: { 's3:prefix': ['home/${aws:username}/*'] }, StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } })) },
    { name: 'service keys as variables', text: policy(res('arn:aws:s3:::b/${sagemaker:DomainId}/${ec2:InstanceID}')) },
    { name: 'no variables, no Version', text: doc(undefined, res('arn:aws:s3:::b/*')) },
    // A host document's computed value (UNKNOWN, \uE000) inside a variable or after an open one: `$${aws:usernam${var.x}}`.
    { name: 'a variable around a computed value', text: policy(res(['arn:aws:s3:::b/${aws:usernam\uE000}/*', 'arn:aws:s3:::b/${aws:usernam\uE000'])) },
  ],
  invalid: [
    {
      name: 'a missing closing brace',
      text: policy(res('arn:aws:s3:::my-bucket/${aws:username')),
      ranges: ['${aws:username'],
      message: ['has no closing brace'],
    },
    { name: 'empty', text: policy(res('arn:aws:s3:::b/${}/x')), ranges: ['${}'], message: ['Empty policy variable'] },
    { name: 'a space in the name', text: policy(res('arn:aws:s3:::b/${ aws:username}')), ranges: ['${ aws:username}'], message: ['has a space'] },
    { name: 'an unsupported symbol', text: policy(res('arn:aws:s3:::b/${aws:user#name}')), message: ['contains "#"'] },
    { name: 'a default without quotes', text: policy(res('arn:aws:s3:::b/${aws:username, anonymous}')), message: ['single quotes'] },
    { name: 'an unknown variable', text: policy(res('arn:aws:s3:::b/${aws:usrname}/*')), ranges: ['${aws:usrname}'], message: ['is not a known policy variable'] },
    {
      name: 'no Version: not substituted',
      text: doc(undefined, res('arn:aws:s3:::b/${aws:username}/*')),
      ranges: ['${aws:username}'],
      message: ['policy variables need "Version": "2012-10-17"', 'without a Version'],
      fix: { title: 'Add "Version": "2012-10-17"', output: doc('2012-10-17', res('arn:aws:s3:::b/${aws:username}/*')) },
    },
    {
      name: 'Version 2008-10-17',
      text: doc('2008-10-17', res('arn:aws:s3:::b/${aws:username}/*')),
      fix: { title: 'Change Version to "2012-10-17"', output: doc('2012-10-17', res('arn:aws:s3:::b/${aws:username}/*')) },
    },
    { name: 'with a Numeric operator', text: policy(res('*', { NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:username}' } })), ranges: ['${aws:username}'], message: ['cannot be used with a Numeric operator'] },
    { name: 'a position after an escape is exact', text: policy(res('arn:aws:s3:::b/\\"q\\"/${aws:usrname}')), ranges: ['${aws:usrname}'] },
  ],
});

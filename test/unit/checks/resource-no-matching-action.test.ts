import { checkCases, policy } from '../../helpers';

const res = (Action: unknown, Resource: unknown, Effect = 'Allow') => ({ Effect, Action, Resource });
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

checkCases('resource-no-matching-action', {
  valid: [
    policy(res(['kms:Decrypt', 'kms:Encrypt'], KEY)),
    policy(res('kms:Decrypt', '*')),
    policy(res(['s3:GetObject'], ['arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket*', 'arn:aws:s3:::b/${aws:username}/*'])),
    policy(res(['kms:CreateAlias'], ['arn:aws:kms:us-east-1:111122223333:alias/x', KEY])),
    { name: 'one action of several fits', text: policy(res(['kms:ListKeys', 'kms:Decrypt'], KEY)) },
    { name: 'actions spanning services are not judged', text: policy(res('*', 'arn:aws:s3:::b')) },
    { name: 'unknown actions are not judged', text: policy(res(['kms:Decrpyt'], 'arn:aws:s3:::b')) },
    { name: 'NotAction is not judged', text: policy({ Effect: 'Deny', NotAction: 'kms:Decrypt', Resource: 'arn:aws:s3:::b' }) },
    { name: 'invalid ARNs are invalid-arn\'s business', text: policy(res('kms:Decrypt', 'not-an-arn')) },
    { name: 'a resource type of another service the action uses', text: policy(res('iam:PassRole', 'arn:aws:iam::111122223333:role/app')) },
  ],
  invalid: [
    {
      name: 'an S3 ARN with a KMS action',
      text: policy(res('kms:Decrypt', 'arn:aws:s3:::my-bucket/*')),
      ranges: ['"arn:aws:s3:::my-bucket/*"'],
      message: ['No action in this statement applies to "arn:aws:s3:::my-bucket/*"', 'key (arn:${Partition}:kms:${Region}:${Account}:key/${KeyId})'],
    },
    {
      name: 'an action without resource types',
      text: policy(res('kms:ListKeys', KEY)),
      message: ['kms:ListKeys accepts only "*"'],
      fix: { title: 'Change the resource to "*"', output: policy(res('kms:ListKeys', '*')) },
    },
    { name: 'a bucket ARN for an object action', text: policy(res(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::my-bucket')), ranges: ['"arn:aws:s3:::my-bucket"'] },
    { name: 'only the ARN that fits nothing', text: policy(res('kms:Decrypt', [KEY, 'arn:aws:kms:us-east-1:111122223333:alias/my-key'])), ranges: ['"arn:aws:kms:us-east-1:111122223333:alias/my-key"'] },
    { name: 'in a Deny', text: policy(res('kms:ScheduleKeyDeletion', 'arn:aws:iam::111122223333:role/x', 'Deny')), message: ['denies nothing'] },
  ],
});

import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';
import * as F from './_real-world';

const users = F.keyPolicy([F.ADMIN], [F.APP]).Statement[2];
checkCases('key-policy-lockout', {
  valid: [
    example('key-policy'), F.text(F.keyPolicy([F.ADMIN], [F.APP])), example('key-user'),
    { name: 'a bucket policy', text: F.text({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: F.APP }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }) },
  ],
  invalid: [
    {
      name: 'no account root', text: F.text(F.keyPolicy([F.ADMIN], [F.APP], { root: false })), ranges: ['"Statement"'], actions: ['kms:PutKeyPolicy'],
      message: ['only arn:aws:iam::111122223333:role/KMSKeyAdmin may change the key policy'],
      fix: { title: 'Add the statement that lets account 111122223333 manage the key through IAM' },
    },
    { name: 'no one may change it', text: F.text({ Version: '2012-10-17', Statement: [users] }), ranges: ['"Statement"'], message: ['No principal in this key policy may call kms:PutKeyPolicy'] },
  ],
});

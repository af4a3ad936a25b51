import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';
import * as F from './_real-world';

const doc = (actions: string[], resource: unknown, effect = 'Allow') => F.text({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: actions, Resource: resource }] });
checkCases('action-no-matching-resource', {
  valid: [
    F.text(F.codeBuild), F.text(F.lambdaKeyStoreManager), example('key-user'), example('key-manager'),
    { name: 'no action matches: the resource is reported instead', text: doc(['kms:Decrypt', 'kms:ListAliases'], 'arn:aws:s3:::bucket/*') },
    { name: 'Resource "*"', text: doc(['kms:Decrypt', 'kms:ListAliases'], '*') },
    { name: 'wildcard entries are not judged one by one', text: doc(['kms:Decrypt', 'kms:List*'], F.KEY_ARN) },
    { name: 'custom key store actions are ineffective-key-store-resource\'s', text: doc(['kms:Decrypt', 'kms:ConnectCustomKeyStore'], F.KEY_ARN) },
  ],
  invalid: [
    { name: 'ListAliases on a key', text: doc(['kms:Decrypt', 'kms:ListAliases'], F.KEY_ARN), ranges: ['"kms:ListAliases"'], actions: ['kms:ListAliases'], message: ['has no resource type'] },
    {
      name: 'CodeBuild report actions on a project ARN',
      text: doc(['codebuild:StartBuild', 'codebuild:CreateReport'], 'arn:aws:codebuild:us-east-1:111122223333:project/app-build'),
      ranges: ['"codebuild:CreateReport"'], message: ['acts on report-group resources'],
    },
    { name: 'in a Deny', text: doc(['kms:Decrypt', 'kms:CreateKey'], F.KEY_ARN, 'Deny'), ranges: ['"kms:CreateKey"'], message: ['denies nothing'] },
  ],
});

import { checkCases } from '../../helpers';
import { example } from './_role-fixtures';

const ksm = example('key-store-manager');
checkCases('separation-of-duties', {
  valid: [ksm, example('cluster-manager'), example('key-manager'), { name: 'administrator policies fit no class', text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }],
  invalid: [
    { name: 'key store and cluster deletion', text: ksm.replace('"cloudhsm:DescribeClusters"', '"cloudhsm:DescribeClusters",\n        "cloudhsm:DeleteCluster"'), ranges: ['"Statement"'], actions: ['kms:DisconnectCustomKeyStore', 'kms:UpdateCustomKeyStore', 'kms:DeleteCustomKeyStore', 'cloudhsm:DeleteCluster'] },
    { name: 'key store and key policies', text: ksm.replace('"cloudhsm:DescribeClusters"', '"cloudhsm:DescribeClusters",\n        "kms:PutKeyPolicy"'), message: ['rewrite key policies'] },
  ],
});

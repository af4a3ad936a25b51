import { checkCases, policy } from '../../helpers';

const s = (sid: string, action = 'kms:Decrypt') => ({ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' });
checkCases('duplicate-sid', {
  valid: [policy(s('A'), s('B')), policy(s('A'), { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' })],
  invalid: [
    { text: policy(s('A'), s('A', 'kms:Encrypt')), ranges: ['"A"'], message: ['statement 1'], fix: { title: 'Rename to "A2"' } },
    { name: 'three times', text: policy(s('Use'), s('Use', 'kms:Encrypt'), s('Use', 'kms:DescribeKey')), count: 2, ranges: ['"Use"', '"Use"'] },
  ],
});

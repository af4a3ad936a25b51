import { checkCases, policy } from '../../helpers';

const stmt = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
checkCases('invalid-version', {
  valid: [
    policy(stmt),
    JSON.stringify({ Version: '2008-10-17', Statement: [stmt] }),
    { name: 'no version is missing-version, not invalid', text: JSON.stringify({ Statement: [stmt] }) },
  ],
  invalid: [
    {
      name: 'the CloudHSM guide date',
      text: JSON.stringify({ Version: '2018-06-12', Statement: [stmt] }),
      ranges: ['"2018-06-12"'],
      message: ['"2012-10-17"'],
      fix: { title: 'Change Version to "2012-10-17"', output: JSON.stringify({ Version: '2012-10-17', Statement: [stmt] }) },
    },
    { name: 'a number', text: '{"Version": 2012, "Statement": []}', ranges: ['2012'], message: ['a number'] },
    { name: 'an empty string', text: '{"Version": "", "Statement": []}', ranges: ['""'] },
  ],
});

/**
 * ARNs with computed parts are checked around them (util/arnPattern.ts): a misspelt resource type or
 * service, a malformed account or Region next to `${var.region}` is reported; an interpolation that
 * may hold colons (`${local.region_and_account}`) or a whole unknown field never is. In the core on
 * projected text (UNKNOWN), and end to end in every host form: Terraform `jsonencode`, heredoc JSON,
 * `data "aws_iam_policy_document"`, a `.json.tpl` template, CloudFormation `!Sub`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HostAnalyzer, templateReader, type HostReader } from '../../../server/src/analysis/host';
import { readJsonTemplate } from '../../../server/src/analysis/host/jsonTemplate';
import { jsonWriter } from '../../../server/src/analysis/host/jsonWriter';
import { terraformHostReader } from '../../../server/src/analysis/host/terraform/reader';
import { UNKNOWN } from '../../../server/src/analysis/host/types';
import { readCloudFormation } from '../../cloudformation';
import { newAnalyzer, policy, run } from '../../helpers';
import { terraformParser } from '../../terraform';

const U = UNKNOWN;
const found = (text: string) => run(text).findings.map((f) => `${f.code}@${text.slice(f.offset, f.offset + f.length)}`);
const decrypt = (resource: string, actions: string[] = ['kms:Decrypt']) => policy({ Effect: 'Allow', Action: actions, Resource: resource });

describe('in the core: the known parts of an ARN with UNKNOWN parts are judged', () => {
  const reported: Array<[string, string, string[]]> = [
    ['a misspelt resource type beside an unknown Region', `arn:aws:kms:${U}:111122223333:kye/*`, ['resource-no-matching-action']],
    ['a misspelt service beside an unknown Region', `arn:aws:kmss:${U}:111122223333:key/*`, ['resource-no-matching-action']],
    ['a misspelt service before an unknown that may hold colons', `arn:aws:kmss:${U}:key/*`, ['resource-no-matching-action']],
    ['a malformed account beside an unknown Region', `arn:aws:kms:${U}:1111:key/*`, ['invalid-arn']],
    ['a malformed Region beside an unknown account', `arn:aws:kms:us-east-1x:${U}:key/*`, ['invalid-arn']],
    ['a misspelt partition', `arn:aws-cm:kms:${U}:key/*`, ['invalid-arn']],
    ['an empty resource part', `arn:aws:kms:${U}:${U}:`, ['invalid-arn']],
    ['no "arn:" before the unknown part', `ram:aws:kms:${U}`, ['invalid-arn']],
    ['an uppercase prefix', `ARN${U}`, ['invalid-arn']],
  ];
  for (const [name, resource, codes] of reported) {
    test(`reported: ${name} (${resource.split(U).join('${…}')})`, () => {
      const text = decrypt(resource);
      assert.deepEqual(found(text), codes.map((c) => `${c}@${JSON.stringify(resource)}`));
    });
  }

  const silent: Array<[string, string]> = [
    ['unknown Region and account', `arn:aws:kms:${U}:${U}:key/*`],
    ['an unknown key id', `arn:aws:kms:us-east-1:111122223333:key/${U}`],
    ['an unknown service field', `arn:aws:${U}:us-east-1:111122223333:key/*`],
    ['an unknown that may hold the Region and the account (five fields)', `arn:aws:kms:${U}:key/*`],
    ['an unknown that may hold everything after the service', `arn:aws:kms:${U}`],
    ['an unknown that may hold everything after "arn:"', `arn:${U}`],
    ['an unknown partition in an ARN of six fields', `arn:${U}:kms:us-east-1:111122223333:key/*`],
    ['a wholly unknown Resource', U],
    ['an unknown before "arn:"', `${U}:key/*`],
    ['an unknown part of the prefix', `ar${U}`],
    ['an unknown inside the Region', `arn:aws:kms:us-${U}-1:111122223333:key/*`],
  ];
  for (const [name, resource] of silent) {
    test(`silent: ${name} (${resource.split(U).join('${…}')})`, () => {
      assert.deepEqual(found(decrypt(resource)), []);
    });
  }

  test('a wholly unknown Resource may be "*": an action without resource types is not reported', () => {
    assert.deepEqual(found(decrypt(U, ['kms:ListAliases'])), []);
    assert.deepEqual(found(decrypt(`${U}:x`, ['kms:ListAliases'])), []);
  });
  test('an ARN around an unknown is no "*": actions without resource types are reported on it', () => {
    const arn = `arn:aws:kms:${U}:${U}:key/*`;
    assert.deepEqual(found(decrypt(arn, ['kms:ListAliases'])), [`resource-no-matching-action@${JSON.stringify(arn)}`]);
    assert.deepEqual(found(decrypt(arn, ['kms:Decrypt', 'kms:ListAliases'])), ['action-no-matching-resource@"kms:ListAliases"']);
    const connect = policy({ Effect: 'Allow', Action: ['kms:ConnectCustomKeyStore', 'kms:DescribeCustomKeyStores'], Resource: arn });
    assert.ok(found(connect).some((f) => f.startsWith('ineffective-key-store-resource@')), found(connect).join());
  });
  test('other checks still drop findings about values with unknown parts', () => {
    // invalid-sid reports a Sid with spaces; with an unknown part the Sid is not judged (the generic drop).
    assert.deepEqual(found(policy({ Sid: 'Use keys', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' })), ['invalid-sid@"Use keys"']);
    assert.deepEqual(found(policy({ Sid: `Use keys ${U}`, Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' })), []);
    assert.deepEqual(found(policy({ Effect: 'Allow', Action: [`kms:Decryp${U}t`], Resource: '*' })), []);
  });
});

// -- end to end, in every host form --------------------------------------------------------------------

const CASES: Array<{ name: string; arn: string; reported: boolean }> = [
  { name: 'a misspelt resource type beside ${var.region}', arn: 'arn:aws:kms:${var.region}:111122223333:kye/*', reported: true },
  { name: 'a misspelt service beside ${var.region}', arn: 'arn:aws:kmss:${var.region}:${data.aws_caller_identity.current.account_id}:key/*', reported: true },
  { name: 'unknown Region and account', arn: 'arn:aws:kms:${var.region}:${data.aws_caller_identity.current.account_id}:key/*', reported: false },
  { name: 'an interpolation that may hold colons', arn: 'arn:aws:kms:${local.region_and_account}:key/*', reported: false },
];

const tfJsonencode = (arn: string) => `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "${arn}" }]
  })
}
`;
const tfHeredoc = (arn: string) => `resource "aws_iam_policy" "p" {
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "${arn}" }]
    }
  EOT
}
`;
const tfDocument = (arn: string) => `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["${arn}"]
  }
}
`;
const template = (arn: string) => `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "${arn.replace(/\$\{(var|local|data\.aws_caller_identity\.current)\./g, '${')}" }]
}
`;
/** CloudFormation: the same ARN in a !Sub, with pseudo parameters and a parameter. */
const cfn = (arn: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource: !Sub "${arn.replace('${var.region}', '${AWS::Region}').replace('${data.aws_caller_identity.current.account_id}', '${AWS::AccountId}').replace('${local.region_and_account}', '${RegionAndAccount}')}"
`;

const cfnReader: HostReader = { format: 'cloudformation', accepts: (name) => name.endsWith('.yaml'), read: (text) => readCloudFormation(text) };

describe('end to end: reported on the host string, or nothing', () => {
  const forms: Array<[string, string, (arn: string) => string, (arn: string) => string]> = [
    ['jsonencode', 'a.tf', tfJsonencode, (arn) => `"${arn}"`],
    ['heredoc', 'b.tf', tfHeredoc, (arn) => `"${arn}"`],
    ['aws_iam_policy_document', 'c.tf', tfDocument, (arn) => `"${arn}"`],
    ['.json.tpl template', 'd.json.tpl', template, (arn) => `"${template(arn).match(/"Resource": ("[^"]*")/)![1].slice(1, -1)}"`],
    ['CloudFormation !Sub', 'e.yaml', cfn, (arn) => `"${cfn(arn).match(/!Sub "([^"]*)"/)![1]}"`],
  ];
  for (const [form, file, write, shown] of forms) {
    for (const c of CASES) {
      test(`${form}: ${c.name}: ${c.reported ? 'reported' : 'nothing'}`, async () => {
        const reader = terraformHostReader(await terraformParser(), { jsonTemplate: readJsonTemplate, jsonWriter: (v) => jsonWriter(v, { template: true }) });
        const host = new HostAnalyzer(newAnalyzer(), [reader, templateReader, cfnReader]);
        const text = write(c.arn);
        const r = host.analyze(text, file, { role: null })!;
        assert.equal(r.policies.length, 1, form);
        const got = r.findings.map((f) => `${f.code}@${text.slice(f.offset, f.offset + f.length)}`);
        assert.deepEqual(got, c.reported ? [`resource-no-matching-action@${shown(c.arn)}`] : []);
        if (c.reported) {
          const f = r.findings[0];
          assert.ok(!f.message.includes(UNKNOWN), 'computed parts are shown as "…"');
          assert.match(f.message, /…/);
        }
      });
    }
  }
});

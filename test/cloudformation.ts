/**
 * Test support for the CloudFormation reader: reads a template as the edges' reader does, with the
 * SAM policy templates of schemas/sam-policy-templates.json (server/src/policyData.ts) passed in.
 */
import { readCloudFormation as read } from '../server/src/analysis/host/cloudformation';
import type { HostReadResult, HostWriter } from '../server/src/analysis/host/types';
import { SAM_TEMPLATES } from '../server/src/policyData';

export { MAX_TEMPLATE_LENGTH, MAX_VARIANTS, mayBeTemplate, yamlWriter } from '../server/src/analysis/host/cloudformation';

/** The template's policies, SAM policy templates expanded. */
export function readCloudFormation(text: string, writer?: HostWriter): HostReadResult {
  return read(text, writer, SAM_TEMPLATES);
}

/** The names of the SAM policy templates the data holds. */
export function samTemplateNames(): string[] {
  return Object.keys(SAM_TEMPLATES.templates);
}

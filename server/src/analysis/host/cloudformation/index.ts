/** CloudFormation and SAM templates (YAML and JSON) as host documents: see read.ts. */
export { readCloudFormation, mayBeTemplate, MAX_VARIANTS, MAX_TEMPLATE_LENGTH, FORMAT } from './read';
export type { SamTemplates } from './sam';
export { yamlWriter } from './yamlWriter';
export { CloudFormationDocument, type ReadMode } from './document';

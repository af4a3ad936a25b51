/**
 * The policy data, loaded at the edge and passed to the core (`createAnalyzer(catalog, POLICY_DATA)`,
 * and the SAM templates to the CloudFormation reader): the JSON of schemas/ and snippets/, bundled by
 * esbuild into dist/ (no file is read at run time), read by tsx from source in the tests and scripts.
 */
import unsupported from '../../schemas/unsupported-in-key-store.json';
import classScope from '../../schemas/class-scope.json';
import dangerousActions from '../../schemas/dangerous-actions.json';
import samTemplates from '../../schemas/sam-policy-templates.json';
import policies from '../../snippets/policies.json';
import terraformSnippets from '../../snippets/terraform.json';
import type { DangerousData, PolicyData, ScopeData, SnippetEntry, UnsupportedData } from './analysis';
import type { SamTemplates } from './analysis/host/cloudformation';
import { CLASS_DATA } from './classData';

export const POLICY_DATA: PolicyData = {
  classes: CLASS_DATA,
  unsupported: unsupported as UnsupportedData,
  scope: classScope as ScopeData,
  dangerous: dangerousActions as DangerousData,
  // The policy snippets (snippets/cloudformation.json holds YAML snippets VS Code offers in yaml
  // files itself), and the Terraform snippets the host layer offers at the top level of .tf files.
  snippets: { 'policies.json': policies as Record<string, SnippetEntry> },
  hostSnippets: { 'terraform.json': terraformSnippets as Record<string, SnippetEntry> },
};

/** The SAM policy templates the CloudFormation reader expands. */
export const SAM_TEMPLATES = samTemplates as unknown as SamTemplates;

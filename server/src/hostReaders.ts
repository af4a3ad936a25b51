/**
 * The built-in host readers, registered at the edge: the JSON template reader is always there; the
 * CloudFormation reader takes YAML and JSON templates by content; the Terraform reader needs
 * web-tree-sitter and its grammar (WASM bytes given by the caller).
 */
import { Language, Parser } from 'web-tree-sitter';
import { registerHostReader } from './analysis/host';
import type { HostValue } from './analysis/host';
import { CloudFormationDocument, mayBeTemplate, readCloudFormation } from './analysis/host/cloudformation';
import { TerraformDocument } from './analysis/host/terraform/reader';
import { jsonWriter } from './analysis/host/jsonWriter';

let parser: Parser | undefined;

/** A parser with the Terraform grammar, once initialised by registerBuiltInReaders. */
export function terraformParser(): Parser | undefined { return parser; }

/** The readers that need no set-up: CloudFormation/SAM templates (the JSON template reader is always registered). */
export function registerCloudFormationReader(): void {
  // A JSON template's policies are JSON: written back by the JSON writer in the template's indentation.
  const writerOf = (text: string) => (/^\s*(\uFEFF)?\s*\{/.test(text) ? jsonWriter() : undefined);
  // One document per file name (a YAML template re-parses only the resource an edit touched); the least recently read is dropped first.
  const documents = new Map<string, CloudFormationDocument>();
  registerHostReader({
    format: 'cloudformation',
    // Recognised by content (AWSTemplateFormatVersion, AWS:: resource types), never by the name alone.
    accepts: (name, text) => /\.(ya?ml|json|template)$/i.test(name) && mayBeTemplate(text),
    read(text, name) {
      if (!name) return readCloudFormation(text, writerOf(text));
      let d = documents.get(name);
      if (d) documents.delete(name);
      else {
        if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string);
        d = new CloudFormationDocument(writerOf);
      }
      documents.set(name, d);
      return d.update(text);
    },
    close(name) { documents.delete(name); },
  });
}

/** The Terraform reader: web-tree-sitter initialised with the bundled WASM bytes (once). */
export async function registerTerraformReader(
  bytes: { runtime: Uint8Array; terraform: Uint8Array },
  jsonTemplate: (text: string, start: number, end: number) => HostValue | undefined,
): Promise<void> {
  if (!parser) {
    await Parser.init({ wasmBinary: bytes.runtime } as never);
    const language = await Language.load(bytes.terraform);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  }
  const tf = parser;
  // One incrementally re-parsed document per file name; the least recently read is dropped first.
  const documents = new Map<string, TerraformDocument>();
  const options = { jsonTemplate, jsonWriter: (root: HostValue) => jsonWriter(root, { template: true }) };
  registerHostReader({
    format: 'terraform',
    accepts: (name) => /\.tf$/i.test(name),
    read(text, name) {
      let d = documents.get(name);
      if (d) documents.delete(name);
      else {
        if (documents.size >= MAX_TERRAFORM_DOCUMENTS) {
          const [oldest, doc] = documents.entries().next().value as [string, TerraformDocument];
          doc.dispose();
          documents.delete(oldest);
        }
        d = new TerraformDocument(tf, options);
      }
      documents.set(name, d);
      return d.update(text);
    },
    close(name) {
      documents.get(name)?.dispose();
      documents.delete(name);
    },
  });
}

/** Open Terraform files whose syntax trees are kept (a CLI run reads each file once: one at a time is kept). */
const MAX_TERRAFORM_DOCUMENTS = 64;
/** Open templates whose trees are kept. */
const MAX_DOCUMENTS = 64;

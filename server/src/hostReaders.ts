/**
 * The built-in host readers, made at the edge and handed to each HostAnalyzer: the JSON template
 * reader; the CloudFormation reader takes YAML and JSON templates by content and expands the SAM
 * policy templates it is given; the Terraform reader needs web-tree-sitter and its grammar (WASM
 * bytes given by the caller, initialised once per process).
 */
import { Language, Parser } from 'web-tree-sitter';
import type { HostReader, HostValue } from './analysis/host';
import { CloudFormationDocument, readCloudFormation, type SamTemplates } from './analysis/host/cloudformation';
import { acceptsTemplate, FORMAT } from './analysis/host/cloudformation/detect';
import { terraformHostReader } from './analysis/host/terraform/reader';
import { jsonWriter } from './analysis/host/jsonWriter';

let parser: Parser | undefined;
let parserReady: Promise<Parser> | undefined;

/** A parser with the Terraform grammar, once initialised by terraformReader. */
export function terraformParser(): Parser | undefined { return parser; }

/** A CloudFormation/SAM template reader (its own open documents), expanding the SAM policy templates `sam`. */
export function cloudFormationReader(sam: SamTemplates): HostReader {
  // A JSON template's policies are JSON: written back by the JSON writer in the template's indentation.
  const writerOf = (text: string) => (/^\s*(\uFEFF)?\s*\{/.test(text) ? jsonWriter() : undefined);
  // One document per file name (a YAML template re-parses only the resource an edit touched); the least recently read is dropped first.
  const documents = new Map<string, CloudFormationDocument>();
  return {
    format: FORMAT,
    accepts: acceptsTemplate,
    read(text, name) {
      if (!name) return readCloudFormation(text, writerOf(text), sam);
      let d = documents.get(name);
      if (d) documents.delete(name);
      else {
        if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string);
        d = new CloudFormationDocument(writerOf, sam);
      }
      documents.set(name, d);
      return d.update(text);
    },
    close(name) { documents.delete(name); },
  };
}

/**
 * A Terraform reader (its own open documents): web-tree-sitter initialised with the bundled WASM
 * bytes on the first call.
 */
export async function terraformReader(
  bytes: { runtime: Uint8Array; terraform: Uint8Array },
  jsonTemplate: (text: string, start: number, end: number) => HostValue | undefined,
): Promise<HostReader> {
  parserReady ??= (async () => {
    await Parser.init({ wasmBinary: bytes.runtime } as never);
    const language = await Language.load(bytes.terraform);
    const p = new Parser();
    p.setLanguage(language);
    return (parser = p);
  })();
  // A failed set-up is tried again by the next call.
  const tf = await parserReady.catch((e) => { parserReady = undefined; throw e; });
  return terraformHostReader(tf, { jsonTemplate, jsonWriter: (root: HostValue) => jsonWriter(root, { template: true }) });
}

/** Open templates whose trees are kept. */
const MAX_DOCUMENTS = 64;

/**
 * The edge's part of host documents: what readers need before the (synchronous) core runs. The WASM
 * of web-tree-sitter and of its Terraform grammar are bundled as bytes (esbuild's binary loader, see
 * scripts/build.js: no file is read at run time) and handed to web-tree-sitter once. The language
 * server and the CLI call `loadHostReaders()` to make the readers of a HostAnalyzer; a failure
 * leaves Terraform files unread (and says so), never stops the rest.
 */
import { templateReader, type HostReader } from './analysis/host';
import { readJsonTemplate } from './analysis/host/jsonTemplate';
import { cloudFormationReader, terraformReader } from './hostReaders';
import { SAM_TEMPLATES } from './policyData';

/**
 * The bundled WASM bytes (esbuild's binary loader: a module whose default export is the bytes).
 * Required on first use, so that code run from source (tests, scripts) that never reads a
 * Terraform file does not need the bundler.
 */
function wasmBytes(): { runtime: Uint8Array; terraform: Uint8Array } {
  const bytes = (m: Uint8Array | { default: Uint8Array }) => (m instanceof Uint8Array ? m : m.default);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const runtime = bytes(require('web-tree-sitter/web-tree-sitter.wasm'));
  const terraform = bytes(require('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  if (!(runtime instanceof Uint8Array) || !(terraform instanceof Uint8Array)) throw new Error('the bundled WASM of web-tree-sitter is missing');
  return { runtime, terraform };
}
/** The readers that need no set-up: JSON templates, CloudFormation/SAM templates. Cheap. */
export function basicHostReaders(): HostReader[] {
  return [templateReader, cloudFormationReader(SAM_TEMPLATES)];
}

/**
 * Every host reader (new ones: a HostAnalyzer's own), Terraform's after web-tree-sitter is set up
 * (once per process). `problem` says why a reader could not be set up.
 */
export async function loadHostReaders(): Promise<{ readers: HostReader[]; problem?: string }> {
  const readers = basicHostReaders();
  try {
    readers.push(await terraformReader(wasmBytes(), readJsonTemplate));
    return { readers };
  } catch (e) {
    return { readers, problem: `Terraform files are not checked: ${e instanceof Error ? e.message : String(e)}` };
  }
}

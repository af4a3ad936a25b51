/**
 * The edge's part of host documents: what readers need before the (synchronous) core runs. The WASM
 * of web-tree-sitter and of its Terraform grammar are bundled as bytes (esbuild's binary loader, see
 * scripts/build.js: no file is read at run time) and handed to web-tree-sitter once. The language
 * server and the CLI call `initHostReaders()` once at start; a failure leaves Terraform files unread
 * (and says so), never stops the rest.
 */
import { readJsonTemplate } from './analysis/host/jsonTemplate';
import { registerCloudFormationReader, registerTerraformReader } from './hostReaders';

let initialising: Promise<string | undefined> | undefined;

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
let registered = false;

/** Registers the readers that need no set-up (CloudFormation). Cheap; idempotent. */
export function registerHostReaders(): void {
  if (registered) return;
  registered = true;
  registerCloudFormationReader();
}

/**
 * Registers every host reader (once), Terraform's after web-tree-sitter is set up. Resolves to a
 * message when a reader could not be set up, else undefined.
 */
export function initHostReaders(): Promise<string | undefined> {
  registerHostReaders();
  initialising ??= Promise.resolve().then(() => registerTerraformReader(wasmBytes(), readJsonTemplate))
    .then(() => undefined, (e) => `Terraform files are not checked: ${e instanceof Error ? e.message : String(e)}`);
  return initialising;
}

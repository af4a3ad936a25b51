/**
 * The edge's part of host documents: the readers a HostAnalyzer is made with. The readers that parse
 * (CloudFormation with the `yaml` package, Terraform with web-tree-sitter and its grammar's WASM) are
 * a bundle of their own, dist/host-readers.js (server/src/hostReaders.ts), loaded the first time a
 * file needs one: a start that opens only JSON policies never compiles them. The WASM files sit next
 * to the bundles (copied by scripts/build.js) and are read once, when the first Terraform file is.
 * A failure leaves that format unread (and says so), never stops the rest.
 */
import * as fs from 'fs';
import * as path from 'path';
import { templateReader, type HostReader } from './analysis/host';
import { acceptsTemplate, FORMAT as CLOUDFORMATION } from './analysis/host/cloudformation/detect';
import { readJsonTemplate } from './analysis/host/jsonTemplate';
import type * as Readers from './hostReaders';
import { SAM_TEMPLATES } from './policyData';

/** The readers' bundle and the WASM files, next to the bundles in dist/. */
export const READERS_BUNDLE = 'host-readers.js';
export const WASM_FILES = {
  runtime: { file: 'web-tree-sitter.wasm', source: 'web-tree-sitter/web-tree-sitter.wasm' },
  terraform: { file: 'tree-sitter-terraform.wasm', source: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm' },
} as const;

let loaded: typeof Readers | undefined;

/**
 * The readers' module: the bundle next to this one, or, run from source (tests, scripts), the
 * module itself. The path is computed so that the bundler leaves the require alone.
 */
function readersModule(): typeof Readers {
  if (!loaded) {
    const bundled = path.join(__dirname, READERS_BUNDLE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(fs.existsSync(bundled) ? bundled : path.join(__dirname, 'hostReaders')) as typeof Readers;
  }
  return loaded;
}

/** The WASM bytes: next to the bundle, or (run from source) from the packages that ship them. */
function wasmBytes(): { runtime: Uint8Array; terraform: Uint8Array } {
  const read = (w: { file: string; source: string }) => {
    const bundled = path.join(__dirname, w.file);
    return new Uint8Array(fs.readFileSync(fs.existsSync(bundled) ? bundled : require.resolve(w.source)));
  };
  return { runtime: read(WASM_FILES.runtime), terraform: read(WASM_FILES.terraform) };
}

/**
 * The CloudFormation reader, loaded on the first template: whether a file is one is decided without
 * it (by name and a test on the text), so JSON policies never load the YAML parser.
 */
function cloudFormationReader(): HostReader {
  let reader: HostReader | undefined;
  const real = () => (reader ??= readersModule().cloudFormationReader(SAM_TEMPLATES));
  return {
    format: CLOUDFORMATION,
    accepts: acceptsTemplate,
    read: (text, fileName) => real().read(text, fileName),
    close: (fileName) => reader?.close?.(fileName),
  };
}

/** The readers that need no asynchronous set-up: JSON templates, CloudFormation/SAM templates. Cheap. */
export function basicHostReaders(): HostReader[] {
  return [templateReader, cloudFormationReader()];
}

/**
 * Every host reader (new ones: a HostAnalyzer's own), Terraform's after web-tree-sitter is set up
 * (once per process). `problem` says why a reader could not be set up.
 */
export async function loadHostReaders(): Promise<{ readers: HostReader[]; problem?: string }> {
  const readers = basicHostReaders();
  try {
    readers.push(await readersModule().terraformReader(wasmBytes(), readJsonTemplate));
    return { readers };
  } catch (e) {
    return { readers, problem: `Terraform files are not checked: ${e instanceof Error ? e.message : String(e)}` };
  }
}

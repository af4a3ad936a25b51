/**
 * The action catalog, read at the edge and handed to the core as data. Two files written by
 * scripts/gen-catalog.js: catalog.json (what the checks need, read at start) and
 * catalog-descriptions.json (the descriptions only hover and completion show, read on the first
 * hover or completion that needs one). The bundles (dist/server-main.js, dist/cli.js) read the copies
 * scripts/build.js puts next to them; under tsx (the unit tests) they come from server/generated/.
 * Reading them as files rather than bundling them as a string literal keeps the 1.9 MB of prose out
 * of the start-up path and the catalog out of the bundle that V8 compiles.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Catalog, CatalogData, CatalogDescriptions } from './analysis/catalog';

export const CATALOG_FILE = 'catalog.json';
export const DESCRIPTIONS_FILE = 'catalog-descriptions.json';

let catalog: Catalog | undefined;

/** The folder of the catalog files: next to the bundle, or server/generated/ when run from source. */
export function catalogDir(): string {
  return fs.existsSync(path.join(__dirname, CATALOG_FILE)) ? __dirname : path.join(__dirname, '..', 'generated');
}

/** The catalog of `dir`; its descriptions are read from the same folder when first needed. */
export function readCatalog(dir: string): Catalog {
  const data = JSON.parse(fs.readFileSync(path.join(dir, CATALOG_FILE), 'utf8')) as CatalogData;
  return new Catalog(data, () => JSON.parse(fs.readFileSync(path.join(dir, DESCRIPTIONS_FILE), 'utf8')) as CatalogDescriptions);
}

/** The process's catalog (read once). */
export function loadCatalog(): Catalog {
  catalog ??= readCatalog(catalogDir());
  return catalog;
}

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
import { Catalog, CatalogData, CatalogDescriptions, ServiceData } from './analysis/catalog';

export const CATALOG_FILE = 'catalog.json';
export const DESCRIPTIONS_FILE = 'catalog-descriptions.json';

let catalog: Catalog | undefined;

/** The folder of the catalog files: next to the bundle, or server/generated/ when run from source. */
export function catalogDir(): string {
  return fs.existsSync(path.join(__dirname, CATALOG_FILE)) ? __dirname : path.join(__dirname, '..', 'generated');
}

/** The catalog of `dir`; its services are parsed, and its descriptions read, when first needed. */
export function readCatalog(dir: string): Catalog {
  // ASCII by construction (scripts/gen-catalog.js escapes the rest): latin1 skips UTF-8 decoding.
  const data = catalogData(fs.readFileSync(path.join(dir, CATALOG_FILE), 'latin1'));
  return new Catalog(data, () => JSON.parse(fs.readFileSync(path.join(dir, DESCRIPTIONS_FILE), 'utf8')) as CatalogDescriptions);
}

/**
 * The catalog file as CatalogData whose services are parsed one at a time on first use. The file is
 * one JSON document laid out a service to a line (scripts/gen-catalog.js): a line of everything
 * before the services, ending `"services":{`, then `"prefix":{"n":"Name",...},` per service. A file
 * not laid out that way (edited by hand, another generator) is parsed whole.
 */
export function catalogData(text: string): CatalogData {
  const first = text.indexOf('\n');
  const OPEN = ',"services":{';
  if (first < 0 || !text.slice(0, first).endsWith(OPEN)) return JSON.parse(text) as CatalogData;
  const head = JSON.parse(text.slice(0, first - OPEN.length) + '}') as Omit<CatalogData, 'services'>;
  const services: CatalogData['services'] = {};
  const LINE = /^"((?:[^"\\]|\\.)*)":\{"n":("(?:[^"\\]|\\.)*")/;
  for (let start = first + 1; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const m = LINE.exec(line);
    if (!m) {
      if (line === '}}') break;
      return JSON.parse(text) as CatalogData;
    }
    const json = line.slice(m[1].length + 3, line.endsWith(',') ? -1 : line.length);
    services[JSON.parse(`"${m[1]}"`) as string] = { n: JSON.parse(m[2]) as string, load: () => JSON.parse(json) as ServiceData };
  }
  return { ...head, services };
}

/** The process's catalog (read once). */
export function loadCatalog(): Catalog {
  catalog ??= readCatalog(catalogDir());
  return catalog;
}

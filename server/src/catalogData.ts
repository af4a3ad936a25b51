/**
 * The bundled action catalog. scripts/build.js bundles server/generated/catalog.json as a string
 * (JSON.parse of a string starts faster than evaluating a 3.6 MB object literal); under tsx in the
 * unit tests the same require returns the parsed object.
 */
import { Catalog, CatalogData } from './analysis/catalog';

let catalog: Catalog | undefined;

export function loadCatalog(): Catalog {
  if (!catalog) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const raw: unknown = require('../generated/catalog.json');
    const data = (typeof raw === 'string' ? JSON.parse(raw) : raw) as CatalogData;
    catalog = new Catalog(data);
  }
  return catalog;
}

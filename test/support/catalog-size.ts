import { loadCatalog } from '../../src/core/catalog/catalog';

// How many layouts a fresh registry imports from the built-in catalog (catalog/index.json).
export const CATALOG_SIZE = loadCatalog().length;

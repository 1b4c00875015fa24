import { formatRevision } from '../layouts/layout';
import { layoutFromJson } from '../layouts/from-json';
import { fileText, invalidInput, type LayoutFormat } from './layout-format';

// The JSON form of API.md: {revision, size, fields}. A request carries the members at its top
// level; a file is the document itself.
export const JSON_FORMAT: LayoutFormat = {
  name: 'JSON',
  extensions: ['.json'],
  bodyFields: [{ name: 'fields', kind: 'fields', required: true, description: 'the fields, as GET /layouts/:name lists them' }],
  fromRequest(body, given) {
    if (given.revision === undefined || given.size === undefined) {
      throw invalidInput('a JSON layout needs revision and size', given.revision === undefined ? 'revision' : 'size');
    }
    if (!Array.isArray(body.fields)) {
      throw invalidInput('a JSON layout needs a fields array', 'fields');
    }
    const json = { revision: body.revision, size: given.size, fields: body.fields };
    return { layout: layoutFromJson(json), source: JSON.stringify(json) };
  },
  fromFile(file, given) {
    const source = fileText(file);
    const doc = readJson(source);
    const withRevision = given.revision !== undefined && typeof doc === 'object' && doc !== null ? { ...doc, revision: formatRevision(given.revision) } : doc;
    return { layout: layoutFromJson(withRevision), source };
  },
  // A layout file's own `lineage` is prose about where it came from (the catalog's files say
  // "mainline tree"); the registry's lineage is chosen at registration, not read from the file.
  requestBody(file) {
    const { lineage: _lineage, branchesFrom: _branchesFrom, ...doc } = readJson(fileText(file)) as Record<string, unknown>;
    return doc;
  },
};

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalidInput(`not valid JSON: ${(e as Error).message}`, undefined);
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogNames } from '../../../test/support/shared-layouts';
import { defaultCatalogDir, loadCatalog } from '../catalog/catalog';
import { CoreError } from '../errors';
import { fingerprint } from '../layouts/fingerprint';
import { parseRegisterRequest } from '../registry/register-request';
import type { LayoutFormat } from './layout-format';
import { LAYOUT_FORMATS, LAYOUT_FORMAT_IDS, fileFormat, formatIdList, requestFormat } from './layout-formats';

const CATALOG = loadCatalog();
const indexed = (JSON.parse(readFileSync(join(defaultCatalogDir(), 'index.json'), 'utf8')) as { layouts: { name: string; file: string }[] }).layouts;

describe('LAYOUT_FORMATS', () => {
  // Every built-in layout read as a file (the CLI's and the catalog's path) and submitted as
  // the request its row builds (the CLI's `register`, then the service) gives one layout.
  it.each(catalogNames())('%s: the file path and the request path of its format agree', (name) => {
    const entry = CATALOG.find((e) => e.name === name);
    const file = indexed.find((e) => e.name === name);
    if (!entry || !file) {
      throw new Error(`no catalog entry ${name}`);
    }
    const path = join(defaultCatalogDir(), file.file);
    const input = { path, bytes: readFileSync(path) };
    expect(fileFormat(input)).toBe(entry.format);
    const row: LayoutFormat = LAYOUT_FORMATS[entry.format];
    const fromFile = row.fromFile(input, {});
    const req = parseRegisterRequest({ ...row.requestBody(input), name, format: entry.format });
    expect(fingerprint(req.layout)).toBe(fingerprint(fromFile.layout));
    expect(fingerprint(fromFile.layout)).toBe(entry.fingerprint);
  });

  it('has a row for every format the catalog uses, and the formats are c and json', () => {
    expect(LAYOUT_FORMAT_IDS).toEqual(expect.arrayContaining(['c', 'json']));
    expect(new Set(CATALOG.map((e) => e.format))).toEqual(new Set(['c', 'json']));
  });

  it('picks a file format by name, else the first row (C)', () => {
    const bytes = new Uint8Array();
    expect(fileFormat({ path: 'layout.json', bytes })).toBe('json');
    expect(fileFormat({ path: 'arch/x86/kvm/vmx/vmcs12.h', bytes })).toBe('c');
    expect(fileFormat({ path: 'arch/x86/kvm/vmx/nested.c', bytes })).toBe('c');
    expect(fileFormat({ path: 'no-extension', bytes })).toBe('c');
  });

  it('refuses an unknown format naming every row, as the contract has it for c and json', () => {
    expect(formatIdList()).toBe('"c", "json" or "btf"');
    try {
      requestFormat({ format: 'yaml' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(CoreError);
      expect([(e as CoreError).message, (e as CoreError).details]).toEqual([`format must be ${formatIdList()}, not "yaml"`, { field: 'format' }]);
    }
  });

  it('a request without format is C when it has source, else JSON', () => {
    expect(requestFormat({ source: 'x' })).toBe('c');
    expect(requestFormat({ fields: [] })).toBe('json');
    expect(requestFormat({})).toBe('json');
  });

  it('reports bad JSON in a file as invalid input', () => {
    const err = (() => {
      try {
        LAYOUT_FORMATS.json.fromFile({ path: 'x.json', bytes: new TextEncoder().encode('{"revision":') }, {});
      } catch (e) {
        return e as CoreError;
      }
      throw new Error('expected a refusal');
    })();
    expect([err.code, err.message]).toEqual(['INVALID_INPUT', expect.stringMatching(/^not valid JSON: /)]);
  });
});

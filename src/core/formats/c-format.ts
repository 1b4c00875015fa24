import { checkSourceText } from '../input/input-text';
import { parseLayoutC } from '../layouts/c-parser';
import { fileText, invalidInput, type LayoutFormat } from './layout-format';

export const MAX_SOURCE_BYTES = 1024 * 1024;

// C text: the struct, a header or a whole source file; #define VMCS12_REVISION and
// VMCS12_SIZE in the text stand in for what the request leaves out.
export const C_FORMAT: LayoutFormat = {
  name: 'C text',
  extensions: ['.h', '.c'],
  impliedBy: 'source',
  bodyFields: [{ name: 'source', kind: 'text', required: true, description: 'C text: the struct, a header or a whole source file' }],
  fromRequest(body, given) {
    const source = body.source;
    if (typeof source !== 'string' || source.length === 0) {
      throw invalidInput('source is required and must be a non-empty string', 'source');
    }
    if (new TextEncoder().encode(source).length > MAX_SOURCE_BYTES) {
      throw invalidInput(`source is larger than ${MAX_SOURCE_BYTES} bytes`, 'source');
    }
    return { layout: parseLayoutC(checkSourceText(source), given).layout, source };
  },
  fromFile(file, given) {
    const source = fileText(file);
    return { layout: parseLayoutC(source, given).layout, source };
  },
  requestBody(file) {
    return { source: fileText(file) };
  },
};

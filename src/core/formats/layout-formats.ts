import { BTF_FORMAT } from './btf-format';
import { C_FORMAT } from './c-format';
import { JSON_FORMAT } from './json-format';
import { LAYOUT_FORMAT_IDS, type LayoutFormatId } from './format-ids';
import { invalidInput, type FormatFile, type LayoutFormat } from './layout-format';

// Every format a layout can be submitted in, by the id requests and events carry. The first
// row is what the CLI reads a file as when neither its name nor its bytes say otherwise.
export const LAYOUT_FORMATS = {
  c: C_FORMAT,
  json: JSON_FORMAT,
  btf: BTF_FORMAT,
} as const satisfies { readonly [id in LayoutFormatId]: LayoutFormat };

export { LAYOUT_FORMAT_IDS, type LayoutFormatId };

export function isLayoutFormatId(value: unknown): value is LayoutFormatId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LAYOUT_FORMATS, value);
}

// '"c" or "json"', '"c", "json" or "btf"'
export function formatIdList(): string {
  const quoted = LAYOUT_FORMAT_IDS.map((id) => JSON.stringify(id));
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1] as string}`;
}

// A request's format: `format` when given, else the format one of whose members is present,
// else the format that needs no marker.
export function requestFormat(body: Readonly<Record<string, unknown>>): LayoutFormatId {
  const format = body.format ?? implied(body);
  if (!isLayoutFormatId(format)) {
    throw invalidInput(`format must be ${formatIdList()}, not ${JSON.stringify(format)}`, 'format');
  }
  return format;
}

function implied(body: Readonly<Record<string, unknown>>): LayoutFormatId | undefined {
  const rows: [LayoutFormatId, LayoutFormat][] = Object.entries(LAYOUT_FORMATS) as [LayoutFormatId, LayoutFormat][];
  const marked = rows.find(([, f]) => f.impliedBy !== undefined && body[f.impliedBy] !== undefined);
  return (marked ?? rows.find(([, f]) => f.impliedBy === undefined))?.[0];
}

// A file's format: by its name, else by its bytes, else the first row's.
export function fileFormat(file: Pick<FormatFile, 'path' | 'bytes'>): LayoutFormatId {
  const rows: [LayoutFormatId, LayoutFormat][] = Object.entries(LAYOUT_FORMATS) as [LayoutFormatId, LayoutFormat][];
  const byName = rows.find(([, f]) => f.extensions.some((ext) => file.path.endsWith(ext)));
  const found = byName ?? rows.find(([, f]) => f.sniff?.(file.bytes) === true) ?? rows[0];
  return (found as [LayoutFormatId, LayoutFormat])[0];
}

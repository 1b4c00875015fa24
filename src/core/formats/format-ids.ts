// The ids of LAYOUT_FORMATS, in table order, on their own: events and the API's view types
// name a format without importing every parser (the dashboard type-checks them for the
// browser). layout-formats.ts must hold exactly one row per id, or it does not compile.
export const LAYOUT_FORMAT_IDS = ['c', 'json', 'btf'] as const;

export type LayoutFormatId = (typeof LAYOUT_FORMAT_IDS)[number];

import { CoreError } from '../errors';
import type { Provenance } from '../events/events';
import type { Layout } from '../layouts/layout';

// One way a layout reaches the registry (C text, JSON, ...). Each format is a parser file
// and one row of LAYOUT_FORMATS (layout-formats.ts); the service, the catalog and the CLI
// read the table, so adding a format touches nothing else.

// What the request or the command line fixed besides the format's own input; a format uses
// them where its input does not say (C's #define VMCS12_REVISION) or refuses without them.
export interface GivenFacts {
  revision?: number;
  size?: number;
}

// A file as the CLI and the catalog hand it over: its bytes, and for formats that read split
// data (BTF over vmlinux) the base it builds on.
export interface FormatFile {
  path: string;
  bytes: Uint8Array;
  base?: { path: string; bytes: Uint8Array };
}

export interface ParsedInput {
  layout: Layout;
  source: string; // what the LayoutRegistered event keeps as the submitted source
  notes?: string[]; // what the format had to assume (a default revision, ...)
  provenance?: Provenance; // what the input itself says about where it came from
}

// A member of a POST /layouts body that a format reads. `base64` members carry bytes.
export interface BodyField {
  name: string;
  kind: 'text' | 'base64' | 'fields';
  required: boolean;
  description: string;
}

export interface LayoutFormat {
  readonly name: string; // for people: help texts, error messages, docs
  readonly extensions: readonly string[]; // file names the CLI reads in this format
  readonly bodyFields: readonly BodyField[];
  // Without `format` in a request, the format whose member this is present in the body; the
  // format without one is the fallback.
  readonly impliedBy?: string;
  // A file in this format whatever its name (a magic number), for files the extensions miss.
  sniff?(bytes: Uint8Array): boolean;
  fromRequest(body: Readonly<Record<string, unknown>>, given: GivenFacts): ParsedInput;
  fromFile(file: FormatFile, given: GivenFacts): ParsedInput;
  // The POST /layouts members that submit this file (the CLI's `register`).
  requestBody(file: FormatFile): Record<string, unknown>;
}

export function invalidInput(message: string, field: string | undefined): CoreError {
  return new CoreError('INVALID_INPUT', message, field === undefined ? {} : { field });
}

export function fileText(file: FormatFile): string {
  return new TextDecoder('utf-8').decode(file.bytes);
}

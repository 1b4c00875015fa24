import type { SchemaObject } from '@nestjs/swagger';

// JSON Schema (OpenAPI 3.1 dialect) written against the view types of src/contract/views.ts:
// every builder carries the TypeScript type its schema describes, and `object<T>()` takes
// exactly T's keys, optional ones wrapped in `optional()`. A view that gains, loses or retypes
// a member no longer compiles until its schema says the same.

// SchemaObject is typed for OpenAPI 3.0; 3.1 is JSON Schema 2020-12 and has these too.
export type JsonSchema = Omit<SchemaObject, 'items' | 'oneOf' | 'properties'> & {
  const?: unknown;
  $ref?: string;
  contentEncoding?: string;
  contentMediaType?: string;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
};

declare const described: unique symbol;
declare const optionalMark: unique symbol;

// The phantom member is a function of T both ways, so S<'a'> is not an S<string> (invariant).
export type S<T> = JsonSchema & { readonly [described]?: (value: T) => T };
export type Optional<T> = S<T> & { readonly [optionalMark]: true };

const OPTIONAL = Symbol('optional');

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type Members<T> = { [K in keyof T]-?: K extends OptionalKeys<T> ? Optional<Exclude<T[K], undefined>> : S<T[K]> };

export const string: S<string> = { type: 'string' };
export const integer: S<number> = { type: 'integer' };
export const boolean: S<boolean> = { type: 'boolean' };

export function text<T extends string = string>(schema: JsonSchema): S<T> {
  return { type: 'string', ...schema };
}

export function int(schema: JsonSchema): S<number> {
  return { type: 'integer', ...schema };
}

export function oneOfValues<const V extends string>(...values: V[]): S<V> {
  return { type: 'string', enum: values };
}

export function constant<const V extends string | number>(value: V): S<V> {
  return { const: value };
}

export function array<T>(items: S<T>, schema: JsonSchema = {}): S<T[]> {
  return { type: 'array', items, ...schema };
}

export function nullable<T>(schema: S<T>): S<T | null> {
  return { oneOf: [schema, { type: 'null' }] };
}

export function optional<T>(schema: S<T>): Optional<T> {
  return Object.assign({ ...schema }, { [OPTIONAL]: true }) as unknown as Optional<T>;
}

export function object<T>(members: Members<T>, schema: JsonSchema = {}): S<T> {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(members) as [string, JsonSchema & { [OPTIONAL]?: true }][]) {
    const { [OPTIONAL]: isOptional, ...rest } = value;
    properties[key] = rest;
    if (isOptional !== true) {
      required.push(key);
    }
  }
  return { type: 'object', properties, required, additionalProperties: false, ...schema };
}

// A member of a union of objects (PlanOp, the event types): checked against that member only.
export function variant<U, T extends U>(schema: S<T>): S<U> {
  return schema as unknown as S<U>;
}

export function oneOf<T>(...schemas: S<T>[]): S<T> {
  return { oneOf: schemas };
}

// A schema registered under components/schemas: the reference carries the type along.
export function ref<T>(name: string, _schema: S<T>): S<T> {
  return { $ref: `#/components/schemas/${name}` };
}

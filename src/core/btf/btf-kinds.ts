// BTF kinds (include/uapi/linux/btf.h) and the size of the data each one carries after its
// 12-byte common header.
export const BTF_MAGIC = 0xeb9f;

export const Kind = {
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19,
} as const;

export const KIND_NAMES: readonly string[] = [
  'VOID', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST', 'RESTRICT',
  'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
];

// Bytes after the common header: fixed, or per vlen entry.
export function trailingBytes(kind: number, vlen: number): number | undefined {
  switch (kind) {
    case Kind.INT:
    case Kind.VAR:
    case Kind.DECL_TAG:
      return 4;
    case Kind.ARRAY:
      return 12;
    case Kind.STRUCT:
    case Kind.UNION:
    case Kind.DATASEC:
    case Kind.ENUM64:
      return 12 * vlen;
    case Kind.ENUM:
    case Kind.FUNC_PROTO:
      return 8 * vlen;
    case Kind.PTR:
    case Kind.FWD:
    case Kind.TYPEDEF:
    case Kind.VOLATILE:
    case Kind.CONST:
    case Kind.RESTRICT:
    case Kind.FUNC:
    case Kind.FLOAT:
    case Kind.TYPE_TAG:
      return 0;
    default:
      return undefined;
  }
}

// Kinds whose third word is a type id (the others hold a size, or nothing).
export function refersByType(kind: number): boolean {
  return (
    kind === Kind.PTR ||
    kind === Kind.TYPEDEF ||
    kind === Kind.VOLATILE ||
    kind === Kind.CONST ||
    kind === Kind.RESTRICT ||
    kind === Kind.FUNC ||
    kind === Kind.FUNC_PROTO ||
    kind === Kind.VAR ||
    kind === Kind.DECL_TAG ||
    kind === Kind.TYPE_TAG
  );
}

import { Field, InputType, Int } from '@nestjs/graphql';
import type { FieldType } from '../../../../core/layouts/field-types';
import type { FieldRole } from '../../../../core/layouts/layout';
import { FieldRoleEnum, FieldTypeEnum } from '../models/enums';

@InputType()
export class BitfieldInput {
  @Field(() => String) name!: string;
  @Field(() => Int) bits!: number;
}

@InputType({ description: 'A field of the JSON form; size and role may be left out' })
export class LayoutFieldInput {
  @Field(() => String) name!: string;
  @Field(() => FieldTypeEnum) type!: FieldType;
  @Field(() => Int, { nullable: true }) count?: number;
  @Field(() => Int) offset!: number;
  @Field(() => Int, { nullable: true }) size?: number;
  @Field(() => FieldRoleEnum, { nullable: true }) role?: FieldRole;
  @Field(() => [BitfieldInput], { nullable: true }) bitfields?: BitfieldInput[];
}

// POST /layouts, field for field: {format: "c", source} or {format: "json", revision, size, fields}.
// The same core validation refuses both transports' bad input with the same message.
@InputType()
export class RegisterLayoutInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: '"c" (default when source is given) or "json"' }) format?: string;
  @Field(() => String, { nullable: true, description: 'C text: the struct, a header or a whole source file' }) source?: string;
  @Field(() => String, { nullable: true, description: '"0x11e57ed0"; C text may #define VMCS12_REVISION instead' }) revision?: string;
  @Field(() => Int, { nullable: true, description: 'bytes; C text may #define VMCS12_SIZE instead' }) size?: number;
  @Field(() => String, { nullable: true }) kernel?: string;
  @Field(() => String, { nullable: true }) tree?: string;
  @Field(() => String, { nullable: true }) commit?: string;
  @Field(() => String, { nullable: true }) changes?: string;
  @Field(() => [LayoutFieldInput], { nullable: true }) fields?: LayoutFieldInput[];
}

// GraphQL hands omitted nullable members over as absent but explicit ones as null; the core's
// validation reads an absent member as "not given", so nulls are dropped at every level.
export function toRegisterBody(input: RegisterLayoutInput): Record<string, unknown> {
  return withoutNulls(input) as Record<string, unknown>;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

import { Field, InputType, Int, type GqlTypeReference } from '@nestjs/graphql';
import type { BodyField, LayoutFormat } from '../../../../core/formats/layout-format';
import { LAYOUT_FORMATS, formatIdList } from '../../../../core/formats/layout-formats';
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

// POST /layouts, field for field: the members every format shares are declared here, each
// format's own members (C's source, JSON's fields, ...) come from its row of LAYOUT_FORMATS
// below. The same core validation refuses both transports' bad input with the same message.
@InputType()
export class RegisterLayoutInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: `${formatIdList()}; without it, the format whose input is given` }) format?: string;
  @Field(() => String, { nullable: true, description: '"0x11e57ed0"; C text may #define VMCS12_REVISION instead' }) revision?: string;
  @Field(() => Int, { nullable: true, description: 'bytes; C text may #define VMCS12_SIZE instead' }) size?: number;
  @Field(() => String, { nullable: true }) kernel?: string;
  @Field(() => String, { nullable: true }) tree?: string;
  @Field(() => String, { nullable: true }) commit?: string;
  @Field(() => String, { nullable: true }) changes?: string;
  @Field(() => String, { nullable: true, description: 'default mainline; fixed at registration' }) lineage?: string;
  @Field(() => String, {
    nullable: true,
    description: 'first layout of a new lineage: the lineage it branches from (default mainline); set branchesFromNothing for none',
  })
  branchesFrom?: string;
  @Field(() => Boolean, { nullable: true, description: 'a new lineage that branches from nothing (REST: branchesFrom null)' })
  branchesFromNothing?: boolean;
}

const MEMBER_TYPES: Record<BodyField['kind'], () => GqlTypeReference> = {
  text: () => String,
  base64: () => String,
  fields: () => [LayoutFieldInput],
};

const declared = new Set<string>();
for (const format of Object.values(LAYOUT_FORMATS) as LayoutFormat[]) {
  for (const member of format.bodyFields.filter((m) => !declared.has(m.name))) {
    declared.add(member.name);
    Field(MEMBER_TYPES[member.kind], { nullable: true, description: member.description })(RegisterLayoutInput.prototype, member.name);
  }
}

// GraphQL hands omitted nullable members over as absent but explicit ones as null; the core's
// validation reads an absent member as "not given", so nulls are dropped at every level.
export function toRegisterBody(input: RegisterLayoutInput): Record<string, unknown> {
  const { branchesFromNothing, ...rest } = withoutNulls(input) as RegisterLayoutInput;
  return branchesFromNothing === true ? { ...rest, branchesFrom: null } : { ...rest };
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

import { Field, Int, ObjectType } from '@nestjs/graphql';
import { formatIdList } from '../../../../core/formats/layout-formats';
import type { FieldType } from '../../../../core/layouts/field-types';
import type { FieldRole } from '../../../../core/layouts/layout';
import { EXPECTED, listOf } from '../limits/complexity';
import { FieldRoleEnum, FieldTypeEnum } from './enums';

@ObjectType()
export class Bitfield {
  @Field(() => String) name!: string;
  @Field(() => Int) bits!: number;
}

@ObjectType({ description: 'One member of struct vmcs12, offsets as gcc lays it out on x86-64' })
export class LayoutField {
  @Field(() => String) name!: string;
  @Field(() => FieldTypeEnum) type!: FieldType;
  @Field(() => Int, { description: 'elements; 1 for a scalar' }) count!: number;
  @Field(() => Int, { description: 'bytes from the start of the blob' }) offset!: number;
  @Field(() => Int, { description: 'bytes' }) size!: number;
  @Field(() => FieldRoleEnum) role!: FieldRole;
  @Field(() => [Bitfield], { nullable: true }) bitfields?: Bitfield[];
  @Field(() => String, { nullable: true, description: 'architectural VMCS field encoding, "0x0000201a"' }) encoding?: string;
  @Field(() => Int, { nullable: true, description: 'where the field was declared in C source' }) line?: number;
  @Field(() => Int, { nullable: true }) column?: number;
}

@ObjectType()
export class Provenance {
  @Field(() => String, { nullable: true }) tree?: string;
  @Field(() => String, { nullable: true }) commit?: string;
  @Field(() => String, { nullable: true }) kernel?: string;
  @Field(() => String, { nullable: true }) path?: string;
  @Field(() => String, { nullable: true }) changes?: string;
  @Field(() => Boolean, { nullable: true }) mainline?: boolean;
}

@ObjectType()
export class Annotations {
  @Field(() => String, { nullable: true }) kernel?: string;
  @Field(() => String, { nullable: true }) commit?: string;
  @Field(() => String, { nullable: true }) notes?: string;
}

// `fields`, `fieldCount` and `compatibility` are resolved per layout (layout-fields.resolver.ts)
// through the request's loaders, so a list of layouts costs one read for all their fields.
@ObjectType({ description: 'One struct vmcs12 as some kernel (or patch) defined it' })
export class Layout {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'VMCS12_REVISION, "0x11e57ed0"' }) revision!: string;
  @Field(() => Int, { description: 'bytes of a saved blob' }) size!: number;
  @Field(() => String, { description: 'sha256:<hex> over revision, size and fields' }) fingerprint!: string;
  @Field(() => String, { description: formatIdList() }) format!: string;
  @Field(() => String, { nullable: true }) kernel!: string | null;
  @Field(() => Provenance, { nullable: true }) provenance!: Provenance | null;
  @Field(() => Annotations) annotations!: Annotations;
  @Field(() => Boolean, { description: 'imported from the built-in catalog' }) imported!: boolean;
  @Field(() => Boolean) deprecated!: boolean;
  @Field(() => String, { nullable: true }) deprecationReason!: string | null;
  @Field(() => String, { description: 'ISO 8601' }) registeredAt!: string;
  @Field(() => Int, { description: 'event position of the registration: registration order' }) position!: number;
  @Field(() => String, { description: 'the lineage it belongs to, fixed at registration' }) lineage!: string;
  fields?: LayoutField[]; // present when the layout was read with its fields
}

export const FIELDS_COMPLEXITY = listOf(EXPECTED.fields);

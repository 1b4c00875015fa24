import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { FindingRule, LostField as CoreLostField, Severity, Verdict } from '../../../../core/compat/compat-report';
import type { FieldType } from '../../../../core/layouts/field-types';
import { EXPECTED, listOf } from '../limits/complexity';
import { FieldTypeEnum, FindingRuleEnum, LostReasonEnum, SeverityEnum, VerdictEnum } from './enums';

// GET /compat/:from/:to, field for field. Names are B's for fields both layouts hold (`fromName`
// is A's when a declared rename matched them), A's for lost fields, B's for added ones.
@ObjectType({ description: 'A data field of one layout' })
export class FieldRef {
  @Field(() => String) name!: string;
  @Field(() => FieldTypeEnum) type!: FieldType;
  @Field(() => Int) count!: number;
  @Field(() => Int) offset!: number;
  @Field(() => String, { nullable: true }) encoding?: string;
}

@ObjectType()
export class LostField extends FieldRef {
  @Field(() => LostReasonEnum) reason!: CoreLostField['reason'];
}

@ObjectType()
export class MovedField {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) fromName?: string;
  @Field(() => Int) fromOffset!: number;
  @Field(() => Int) toOffset!: number;
  @Field(() => String, { nullable: true }) encoding?: string;
}

@ObjectType()
export class ResizedField {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) fromName?: string;
  @Field(() => FieldTypeEnum) fromType!: FieldType;
  @Field(() => FieldTypeEnum) toType!: FieldType;
  @Field(() => Int) fromCount!: number;
  @Field(() => Int) toCount!: number;
  @Field(() => String, { nullable: true }) encoding?: string;
}

@ObjectType()
export class Finding {
  @Field(() => FindingRuleEnum) rule!: FindingRule;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => String, { description: 'empty for SIZE_CHANGED, which is about the whole blob' }) field!: string;
  @Field(() => String) message!: string;
  @Field(() => Int, { nullable: true }) fromOffset?: number;
  @Field(() => Int, { nullable: true }) toOffset?: number;
  @Field(() => Int, { nullable: true, description: 'declaration in C source: B, or A for FIELD_REMOVED' }) line?: number;
  @Field(() => Int, { nullable: true }) column?: number;
  @Field(() => String, { nullable: true }) encoding?: string;
}

const items = { complexity: listOf(EXPECTED.reportItems) };

@ObjectType({ description: 'Compatibility from A to B, over data fields' })
export class CompatibilityReport {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => VerdictEnum) verdict!: Verdict;
  @Field(() => [LostField], items) lost!: LostField[];
  @Field(() => [FieldRef], { ...items, description: 'lost fields whose bytes are reserved in B (FIELD_RETIRED)' }) retired!: FieldRef[];
  @Field(() => [FieldRef], items) added!: FieldRef[];
  @Field(() => [MovedField], items) moved!: MovedField[];
  @Field(() => [ResizedField], items) resized!: ResizedField[];
  @Field(() => Boolean, { description: 'nothing moved or resized: a conversion is a copy and a new revision id' }) inPlace!: boolean;
  @Field(() => Boolean, { description: 'same revision id while the layouts differ: a reader cannot tell them apart' })
  revisionConflict!: boolean;
  @Field(() => [Finding], items) findings!: Finding[];
}

import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { PolicyMode } from '../../../../core/policy/registration-policy';
import { PolicyModeEnum } from './enums';

@ObjectType({ description: 'Field `from` was renamed `to`; later reports match them' })
export class Alias {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => Int) position!: number;
}

@ObjectType()
export class DeclaredAlias {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => Boolean, { description: 'false when this rename was already declared' }) created!: boolean;
}

@ObjectType({ description: 'The registration gate' })
export class Policy {
  @Field(() => PolicyModeEnum) mode!: PolicyMode;
  @Field(() => Boolean) transitive!: boolean;
  @Field(() => String, { description: '"in-place" or "any"' }) sameRevision!: string;
  @Field(() => Int, { description: 'event position of the last change; 0: the default' }) position!: number;
}

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
  @Field(() => String, { description: '"in-place", "in-place-all" or "any"' }) sameRevision!: string;
  @Field(() => Int, { description: 'event position of the last change; 0: the default' }) position!: number;
}

@ObjectType({ description: 'A registration policy (a lineage override)' })
export class LineagePolicy {
  @Field(() => PolicyModeEnum) mode!: PolicyMode;
  @Field(() => Boolean) transitive!: boolean;
  @Field(() => String, { description: '"in-place", "in-place-all" or "any"' }) sameRevision!: string;
}

@ObjectType({ description: 'A line of layouts that must stay migration-compatible; GET /lineages/:name' })
export class Lineage {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'the lineage it branches from; null: none' }) branchesFrom!: string | null;
  @Field(() => [String], { description: 'layout names in registration order' }) layouts!: string[];
  @Field(() => String, { nullable: true, description: 'its head: what its next layout is judged against' }) latest!: string | null;
  @Field(() => LineagePolicy, { nullable: true, description: 'the override; null: the global policy applies' }) policy!: LineagePolicy | null;
  @Field(() => LineagePolicy, { description: 'the policy that gates its next registration' }) effectivePolicy!: LineagePolicy;
  @Field(() => Int, { description: 'event position of its first layout' }) position!: number;
}

@ObjectType({ description: 'Fields of this name are reserved bytes from now on' })
export class ReservedName {
  @Field(() => String) name!: string;
  @Field(() => String) reason!: string;
  @Field(() => Int) position!: number;
}

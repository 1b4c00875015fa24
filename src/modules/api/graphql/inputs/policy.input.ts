import { Field, InputType } from '@nestjs/graphql';
import type { PolicyMode } from '../../../../core/policy/registration-policy';
import { PolicyModeEnum } from '../models/enums';

// PUT /policy: every member required, so a typo cannot silently keep an old value.
@InputType()
export class PolicyInput {
  @Field(() => PolicyModeEnum) mode!: PolicyMode;
  @Field(() => Boolean) transitive!: boolean;
  @Field(() => String, { description: '"in-place", "in-place-all" or "any"' }) sameRevision!: string;
}

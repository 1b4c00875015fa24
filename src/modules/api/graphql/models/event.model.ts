import { Field, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../scalars/json.scalar';

@ObjectType({ description: 'One event of the log, as GET /events returns it' })
export class RegistryEvent {
  @Field(() => Int, { description: 'gapless global position' }) position!: number;
  @Field(() => String) stream!: string;
  @Field(() => Int, { description: 'version within the stream' }) version!: number;
  @Field(() => String, { description: 'LayoutRegistered, LayoutDeprecated, LayoutAnnotated, FieldAliasDeclared, PolicyChanged, LineagePolicyChanged, ReservedNameDeclared' })
  type!: string;
  @Field(() => JsonScalar, { complexity: 50, description: 'the event\'s data; a registration carries the whole layout' }) data!: unknown;
  @Field(() => JsonScalar, { description: 'actor, requestId, idempotencyKey' }) metadata!: unknown;
  @Field(() => String, { description: 'ISO 8601' }) recordedAt!: string;
  @Field(() => String, { description: 'sha256 hex over the previous hash and this event' }) hash!: string;
}

@ObjectType()
export class ChainVerification {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) events!: number;
  @Field(() => String, { nullable: true }) head!: string | null;
  @Field(() => Int, { nullable: true, description: 'the first position whose hash does not check' }) firstBadPosition?: number;
}

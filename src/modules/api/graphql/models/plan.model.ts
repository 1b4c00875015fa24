import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { PlanOpKind } from '../../../../core/conversion/plan-types';
import { EXPECTED, listOf } from '../limits/complexity';
import { PlanOpKindEnum } from './enums';

// One flat type rather than a union of three: REST's ops are flat objects with an `op`
// discriminator, so `ops { op from to length field fromWidth toWidth count value }` returns the
// same JSON as GET /plans with no fragments, and a client switches on `op` as it does on REST.
// A union would force `... on CopyOp` spreads and, since `from`/`to` mean the same offsets in
// copy and resize, would buy no extra precision. Members an op does not have are null.
@ObjectType({ description: 'copy: from, to, length; resize: field, from, to, fromWidth, toWidth, count; revision: to, value' })
export class PlanOp {
  @Field(() => PlanOpKindEnum) op!: PlanOpKind;
  @Field(() => Int, { nullable: true, description: 'byte offset in A (copy, resize)' }) from?: number;
  @Field(() => Int, { description: 'byte offset in B' }) to!: number;
  @Field(() => Int, { nullable: true, description: 'bytes (copy)' }) length?: number;
  @Field(() => String, { nullable: true, description: 'A\'s field name (resize)' }) field?: string;
  @Field(() => Int, { nullable: true, description: 'bytes per element in A (resize)' }) fromWidth?: number;
  @Field(() => Int, { nullable: true, description: 'bytes per element in B (resize)' }) toWidth?: number;
  @Field(() => Int, { nullable: true, description: 'elements (resize)' }) count?: number;
  @Field(() => Int, { nullable: true, description: 'B\'s revision id (revision)' }) value?: number;
}

@ObjectType({ description: 'Elements of an A data field with no place in B: not copied, reported lost when non-zero' })
export class AbsentRange {
  @Field(() => String) field!: string;
  @Field(() => Int) from!: number;
  @Field(() => Int) width!: number;
  @Field(() => Int) count!: number;
  @Field(() => Int) firstIndex!: number;
  @Field(() => Boolean) array!: boolean;
}

@ObjectType()
export class Plan {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => String) id!: string;
  @Field(() => String) fromFingerprint!: string;
  @Field(() => String) toFingerprint!: string;
  @Field(() => Int) fromRevision!: number;
  @Field(() => Int) fromSize!: number;
  @Field(() => Int) toSize!: number;
  @Field(() => [PlanOp], { complexity: listOf(EXPECTED.fields) }) ops!: PlanOp[];
  @Field(() => [AbsentRange], { complexity: listOf(EXPECTED.fields) }) absent!: AbsentRange[];
  @Field(() => Int) copyRuns!: number;
  @Field(() => Int) bytesCopied!: number;
}

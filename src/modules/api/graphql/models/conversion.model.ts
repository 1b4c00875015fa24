import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { BlobLoss as CoreBlobLoss } from '../../../../core/conversion/blob-loss';
import type { NestedRegion } from '../../../../core/nested-state/convert-nested-state';
import { BlobLossReasonEnum, NestedRegionEnum } from './enums';

@ObjectType({ description: 'A non-zero value of the input with no place in B, or too wide for it' })
export class BlobLoss {
  @Field(() => String) field!: string;
  @Field(() => Int, { nullable: true, description: 'element, when A declares the field as an array' }) index?: number;
  @Field(() => BlobLossReasonEnum) reason!: CoreBlobLoss['reason'];
  @Field(() => NestedRegionEnum, { nullable: true, description: 'container conversions: the region the value was in' }) region?: NestedRegion;
}

@ObjectType()
export class ConversionResult {
  @Field(() => String, { description: 'B.size bytes, base64' }) blob!: string;
  @Field(() => [BlobLoss]) lost!: BlobLoss[];
  @Field(() => String) planId!: string;
  @Field(() => String) fromFingerprint!: string;
  @Field(() => String) toFingerprint!: string;
  @Field(() => String, { nullable: true, description: 'from: "auto": the source layout the conversion used' }) from?: string;
  @Field(() => [String], { nullable: true, description: 'from: "auto": every layout that could have written the blob (all convert it alike)' })
  sourceCandidates?: string[];
}

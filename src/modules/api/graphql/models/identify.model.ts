import { Field, Int, ObjectType } from '@nestjs/graphql';
import { EXPECTED, listOf } from '../limits/complexity';

@ObjectType({ description: 'One observation about the blob read through one candidate layout' })
export class IdentifyEvidence {
  @Field(() => String) check!: string;
  @Field(() => String, { description: 'the field read, or the reserved field ("" for bytes no field holds)' }) field!: string;
  @Field(() => Int) offset!: number;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) detail!: string;
  @Field(() => String, { description: '"fact" (fixed by the SDM or KVM) or "evidence" (what VMMs do)' }) weight!: string;
}

@ObjectType()
export class IdentifyChecks {
  @Field(() => Int, { description: 'checks passed on values the blob sets' }) passed!: number;
  @Field(() => Int) failed!: number;
}

@ObjectType({ description: 'A layout, with those no byte of this blob tells apart from it (sameAs)' })
export class IdentifyCandidate {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) lineage!: string | null;
  @Field(() => Int) score!: number;
  @Field(() => Boolean, { description: 'still in play: auto conversion must agree across these' }) plausible!: boolean;
  @Field(() => IdentifyChecks) checks!: IdentifyChecks;
  @Field(() => [IdentifyEvidence], { complexity: listOf(EXPECTED.fields) }) evidence!: IdentifyEvidence[];
  @Field(() => [String]) sameAs!: string[];
}

@ObjectType({ description: 'POST /identify' })
export class Identification {
  @Field(() => String) revision!: string;
  @Field(() => String, { description: 'identified, ambiguous or unknown' }) verdict!: string;
  @Field(() => String) reason!: string;
  @Field(() => [IdentifyCandidate], { complexity: listOf(EXPECTED.layouts) }) candidates!: IdentifyCandidate[];
}

@ObjectType()
export class KernelEvidence {
  @Field(() => String) release!: string;
  @Field(() => String) evidence!: string;
}

@ObjectType()
export class KernelLayout {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) lineage!: string | null;
  @Field(() => String) fingerprint!: string;
  @Field(() => String, { description: '"exact": the evidence names this release; "series": another release of its series' }) match!: string;
  @Field(() => [KernelEvidence]) evidence!: KernelEvidence[];
}

@ObjectType({ description: 'GET /kernels/:release' })
export class KernelLookup {
  @Field(() => String) release!: string;
  @Field(() => [KernelLayout], { complexity: listOf(EXPECTED.layouts) }) layouts!: KernelLayout[];
}

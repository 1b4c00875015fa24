import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Finding } from './compatibility.model';
import { Layout } from './layout.model';

@ObjectType({ description: 'A same-revision conflict with the latest layout of another lineage' })
export class LineageWarning extends Finding {
  @Field(() => String, { description: 'the other lineage' }) lineage!: string;
  @Field(() => String, { description: 'its latest layout' }) against!: string;
  @Field(() => String, { description: 'the field that layout has there' }) heldBy!: string;
}

@ObjectType()
export class DeclaredReserved {
  @Field(() => String) name!: string;
  @Field(() => String) reason!: string;
  @Field(() => Boolean, { description: 'false when this name was already declared with this reason' }) created!: boolean;
  @Field(() => Int, { nullable: true }) position?: number;
}

@ObjectType()
export class RegisterLayoutResult {
  @Field(() => Layout) layout!: Layout;
  @Field(() => Boolean, { description: 'false when this name already held exactly this content (REST: 200 rather than 201)' })
  created!: boolean;
  @Field(() => [String], { description: 'what the input format had to assume, e.g. the revision BTF does not record' })
  notes!: string[];
  @Field(() => [String], { description: 'registered layouts with the same fingerprint (always accepted)' }) sameAs!: string[];
  @Field(() => [LineageWarning], { description: 'REVISION_CONFLICT with the latest layouts of other lineages' }) warnings!: LineageWarning[];
}

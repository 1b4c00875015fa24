import { Field, ObjectType } from '@nestjs/graphql';
import { Layout } from './layout.model';

@ObjectType()
export class RegisterLayoutResult {
  @Field(() => Layout) layout!: Layout;
  @Field(() => Boolean, { description: 'false when this name already held exactly this content (REST: 200 rather than 201)' })
  created!: boolean;
  @Field(() => [String], { description: 'what the input format had to assume, e.g. the revision BTF does not record' })
  notes!: string[];
}

import { Field, ObjectType } from '@nestjs/graphql';
import type { Verdict } from '../../../../core/compat/compat-report';
import { EXPECTED, gridOf } from '../limits/complexity';
import { VerdictEnum } from './enums';

@ObjectType({ description: 'Every pair\'s verdict: row = from, column = to' })
export class CompatMatrix {
  @Field(() => [String], { description: 'registration order' }) layouts!: string[];
  @Field(() => [[VerdictEnum]], { complexity: gridOf(EXPECTED.layouts) }) verdicts!: Verdict[][];
  @Field(() => [[Boolean]], { complexity: gridOf(EXPECTED.layouts), description: 'revisionConflict of each pair' })
  conflicts!: boolean[][];
}

import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { FindingRule, Severity, Verdict } from '../../../../core/compat/compat-report';
import { FindingRuleEnum, SeverityEnum, VerdictEnum } from './enums';
import { Layout } from './layout.model';

@ObjectType()
export class FindingCount {
  @Field(() => FindingRuleEnum) rule!: FindingRule;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'What changed from one layout to a later one: the compatibility report, counted' })
export class HistoryStep {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => VerdictEnum) verdict!: Verdict;
  @Field(() => Boolean) inPlace!: boolean;
  @Field(() => Boolean) revisionConflict!: boolean;
  @Field(() => Int) lostCount!: number;
  @Field(() => Int) addedCount!: number;
  @Field(() => Int) movedCount!: number;
  @Field(() => Int) resizedCount!: number;
  @Field(() => [FindingCount]) findingCounts!: FindingCount[];
  @Field(() => String, { description: 'e.g. "lossy: 1 lost, 131 moved; revision conflict"' }) summary!: string;
}

@ObjectType({ description: 'One layout in registration order (the catalog\'s is kernel order)' })
export class HistoryEntry {
  @Field(() => Layout) layout!: Layout;
  @Field(() => HistoryStep, { nullable: true, description: 'against the layout registered just before it' })
  previous!: HistoryStep | null;
  @Field(() => HistoryStep, { nullable: true, description: 'against the last layout registered before it with the same revision id' })
  previousSameRevision!: HistoryStep | null;
}

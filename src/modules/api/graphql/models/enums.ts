import { registerEnumType } from '@nestjs/graphql';
import type { LostField, Verdict } from '../../../../core/compat/compat-report';
import { RULE_IDS, RULES, type FindingRule, type Severity } from '../../../../core/compat/rules';
import type { BlobLoss } from '../../../../core/conversion/blob-loss';
import type { NestedRegion } from '../../../../core/nested-state/convert-nested-state';
import type { PlanOpKind } from '../../../../core/conversion/plan-types';
import type { FieldType } from '../../../../core/layouts/field-types';
import type { FieldRole } from '../../../../core/layouts/layout';
import type { PolicyMode } from '../../../../core/policy/registration-policy';

// GraphQL enums whose values are exactly REST's strings (each is a valid GraphQL name), so a
// client reads the same "lossy" or "natural_width" over both transports. `satisfies` keeps each
// table in step with the core's union: a new core value does not compile until it is listed.
// sameRevision stays a String: REST's "in-place" is not a valid enum value name.
type Table<T extends string> = { readonly [K in T]: K };

export const VerdictEnum = { identical: 'identical', compatible: 'compatible', lossy: 'lossy' } as const satisfies Table<Verdict>;
export const FieldTypeEnum = { u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', natural_width: 'natural_width' } as const satisfies Table<FieldType>;
export const FieldRoleEnum = { header: 'header', data: 'data', padding: 'padding', view: 'view' } as const satisfies Table<FieldRole>;
export const SeverityEnum = { error: 'error', warning: 'warning', info: 'info' } as const satisfies Table<Severity>;
export const PlanOpKindEnum = { copy: 'copy', resize: 'resize', revision: 'revision' } as const satisfies Table<PlanOpKind>;
export const PolicyModeEnum = { none: 'none', backward: 'backward', forward: 'forward', full: 'full' } as const satisfies Table<PolicyMode>;
export const LostReasonEnum = { removed: 'removed', narrowed: 'narrowed' } as const satisfies Table<LostField['reason']>;
export const BlobLossReasonEnum = { absent: 'absent', truncated: 'truncated' } as const satisfies Table<BlobLoss['reason']>;
export const NestedRegionEnum = { vmcs12: 'vmcs12', shadow_vmcs12: 'shadow_vmcs12' } as const satisfies Table<NestedRegion>;
// From the core's RULES table, so a new rule is a GraphQL value without touching this file.
export const FindingRuleEnum = Object.fromEntries(RULE_IDS.map((rule) => [rule, rule])) as Table<FindingRule>;

registerEnumType(VerdictEnum, { name: 'Verdict', description: 'identical, else lossy when a data field is lost, else compatible' });
registerEnumType(FieldTypeEnum, { name: 'FieldType', description: 'natural_width is 8 bytes, like u64' });
registerEnumType(FieldRoleEnum, { name: 'FieldRole', description: 'only data fields are compared and converted' });
registerEnumType(SeverityEnum, { name: 'Severity' });
registerEnumType(PlanOpKindEnum, { name: 'PlanOpKind' });
registerEnumType(PolicyModeEnum, { name: 'PolicyMode' });
registerEnumType(LostReasonEnum, { name: 'LostReason' });
registerEnumType(BlobLossReasonEnum, { name: 'BlobLossReason' });
registerEnumType(NestedRegionEnum, { name: 'NestedRegion', description: 'the region of a struct kvm_nested_state a value was lost from' });
registerEnumType(FindingRuleEnum, {
  name: 'FindingRule',
  valuesMap: Object.fromEntries(RULE_IDS.map((rule) => [rule, { description: `${RULES[rule].severity}: ${RULES[rule].summary}` }])),
});

import type { FieldRule } from './evidence';
import { EXIT_INFO_RULES } from './exit-info';
import { FEATURE_RULES } from './feature-fields';
import { GUEST_RULES } from './guest-state';
import { SEGMENT_RULES } from './guest-segments';
import { HOST_RULES } from './host-state';
import { CONTROL_RULES } from './vmx-controls';

// Every per-field rule, by the vmcs12 member name it reads. A layout without the member simply
// has no such evidence; the Hyper-V enlightened VMCS uses the same names for the shared fields.
export const FIELD_RULES: readonly FieldRule[] = [...HOST_RULES, ...GUEST_RULES, ...SEGMENT_RULES, ...CONTROL_RULES, ...FEATURE_RULES, ...EXIT_INFO_RULES];

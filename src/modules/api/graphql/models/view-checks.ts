import type * as V from '../../../../contract/views';
import type { HistoryStep as HistoryStepView } from '../history/history-steps';
import type { FieldRef, Finding, LostField, MovedField, ResizedField, CompatibilityReport } from './compatibility.model';
import type { BlobLoss, ConversionResult } from './conversion.model';
import type { ChainVerification, RegistryEvent } from './event.model';
import type { Alias, Lineage, Policy } from './governance.model';
import type { HistoryStep } from './history.model';
import type { Identification, IdentifyCandidate, KernelLayout, KernelLookup } from './identify.model';
import type { Layout, LayoutField } from './layout.model';
import type { CompatMatrix } from './matrix.model';
import type { LineageWarning } from './registration.model';
import type { AbsentRange, Plan, PlanOp } from './plan.model';

// Compile-time proof that GraphQL and REST answer with the same shapes: every view the
// resolvers return (src/contract/views.ts) is assignable to its GraphQL model, and the model
// declares no member the view lacks (a GraphQL field REST does not have). A new member on
// either side that the other lacks fails `tsc`, not a client. Members resolved by a field
// resolver instead of read from the view are named in the third argument.
type Assignable<From, To> = [From] extends [To] ? true : false;
type KeysOf<T> = T extends unknown ? keyof T : never; // every member of every variant
type NoExtra<Model, View, Resolved extends PropertyKey = never> = [Exclude<keyof Model, KeysOf<View> | Resolved>] extends [never] ? true : false;
type Same<View, Model, Resolved extends PropertyKey = never> = Assignable<View, Model> extends true ? NoExtra<Model, View, Resolved> : false;
type Holds<T extends true> = T;

export type ViewChecks = [
  Holds<Same<V.LayoutSummaryView, Layout, 'fields' | 'fieldCount' | 'compatibility'>>,
  Holds<Same<V.LayoutView, Layout, 'compatibility'>>,
  Holds<Same<V.FieldView, LayoutField>>,
  Holds<Same<V.ReportView, CompatibilityReport>>,
  Holds<Same<V.Finding, Finding>>,
  Holds<Same<V.FieldRef, FieldRef>>,
  Holds<Same<V.LostField, LostField>>,
  Holds<Same<V.MovedField, MovedField>>,
  Holds<Same<V.ResizedField, ResizedField>>,
  Holds<Same<V.MatrixView, CompatMatrix>>,
  Holds<Same<V.PlanView, Plan>>,
  Holds<Assignable<V.PlanOp, PlanOp>>,
  Holds<Same<V.AbsentRange, AbsentRange>>,
  Holds<Same<V.ConversionView, ConversionResult>>,
  Holds<Same<V.BlobLossView, BlobLoss>>,
  Holds<Same<V.EventView, RegistryEvent>>,
  Holds<Same<V.ChainVerificationView, ChainVerification>>,
  Holds<Same<V.PolicyView, Policy>>,
  Holds<Same<V.AliasView, Alias>>,
  Holds<Same<V.LineageView, Lineage>>,
  Holds<Same<V.LineageWarning, LineageWarning>>,
  Holds<Same<HistoryStepView, HistoryStep>>,
  Holds<Same<V.IdentificationView, Identification>>,
  Holds<Same<V.IdentificationView['candidates'][number], IdentifyCandidate>>,
  Holds<Same<V.KernelLookupView, KernelLookup>>,
  Holds<Same<V.KernelLookupView['layouts'][number], KernelLayout>>,
];

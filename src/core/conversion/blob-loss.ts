// One lost value of one blob: `index` is set when A declares the field as an array. Its own file
// so that run-plan (which finds losses) and convert-blob (which runs run-plan) don't import each other.
export interface BlobLoss {
  field: string;
  index?: number;
  reason: 'absent' | 'truncated';
}

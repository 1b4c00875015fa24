import type { ConversionView } from '../../../contract/views';
import type { Conversion } from '../../compat/conversion.service';

// A conversion as JSON (REST with a JSON body, GraphQL): the output in base64, and from "auto"
// the source identification chose.
export function conversionView(c: Conversion): ConversionView {
  return {
    blob: Buffer.from(c.output).toString('base64'),
    lost: c.lost,
    planId: c.planId,
    fromFingerprint: c.fromFingerprint,
    toFingerprint: c.toFingerprint,
    ...c.auto,
  };
}

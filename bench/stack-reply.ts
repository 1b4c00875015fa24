// What the --stack reference servers answer: a fresh copy of the body (as the echo and the
// converter make) with the headers of a raw conversion, of the same lengths as the service's.
const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

export function copyWithConvertHeaders(body: Buffer, from: string, to: string, header: (name: string, value: string) => void): Buffer {
  header('content-type', 'application/octet-stream');
  header('x-request-id', '00000000-0000-4000-8000-000000000000');
  header('x-lost-fields', '');
  header('x-plan-id', FINGERPRINT);
  header('x-from-fingerprint', `${FINGERPRINT.slice(0, -from.length)}${from}`);
  header('x-to-fingerprint', `${FINGERPRINT.slice(0, -to.length)}${to}`);
  const out = Buffer.allocUnsafe(body.length);
  body.copy(out);
  return out;
}

import { NESTED_STATE_MAX_BYTES, base64Length, convertBodyLimit, jsonBlobLimit } from './body-limits';

describe('convert body limits', () => {
  it('takes a whole kvm_nested_state raw: header, vmcs12, shadow vmcs12', () => {
    expect(NESTED_STATE_MAX_BYTES).toBe(8320);
    expect(convertBodyLimit(4096, false)).toBe(8320);
    expect(convertBodyLimit(undefined, false)).toBe(8320);
  });

  it('grows with a layout larger than the container', () => {
    expect(convertBodyLimit(65536, false)).toBe(65536);
  });

  it('allows base64 of the same bytes plus a kilobyte of JSON around it', () => {
    expect(base64Length(8320)).toBe(11096);
    expect(jsonBlobLimit(8320)).toBe(12120);
    expect(convertBodyLimit(4096, true)).toBe(12120);
    expect(Buffer.alloc(8320).toString('base64')).toHaveLength(base64Length(8320));
  });
});

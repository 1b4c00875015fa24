import { canonical, finding, hex, type FieldRule, type Finding } from './evidence';

// Guest segment registers (SDM 26.3.1.2): access rights are either unusable (bit 16) or a
// present descriptor of the right kind with reserved bits 11:8 and 31:17 clear, and the limit
// agrees with the granularity bit. KVM writes an unusable segment as exactly 0x10000.
const UNUSABLE = 0x10000n;
const AR_RESERVED = 0xf00n | (0x7fffn << 17n);
const SEGMENTS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs', 'ldtr', 'tr'] as const;
type Segment = (typeof SEGMENTS)[number];

function arFinding(seg: Segment, ar: bigint): Finding {
  const field = `guest_${seg}_ar_bytes`;
  if (ar & UNUSABLE) {
    // TR is never unusable; an unusable CS is legal only in real mode (unrestricted guest).
    return finding(seg !== 'tr', () => `${field} ${hex(ar)} is unusable`);
  }
  const type = ar & 0xfn;
  const s = (ar >> 4n) & 1n;
  const p = (ar >> 7n) & 1n;
  const problems: string[] = [];
  if (ar & AR_RESERVED) {
    problems.push('reserved bits set');
  }
  if (p !== 1n) {
    problems.push('not present');
  }
  if (seg === 'tr') {
    if (s !== 0n || (type !== 3n && type !== 11n)) {
      problems.push('not a busy TSS');
    }
  } else if (seg === 'ldtr') {
    if (s !== 0n || type !== 2n) {
      problems.push('not an LDT');
    }
  } else if (s !== 1n) {
    problems.push('not a code or data segment');
  } else if (seg === 'cs') {
    if (!(type & 8n) && type !== 3n) {
      problems.push('not a code segment');
    }
  } else if (seg === 'ss') {
    if (type !== 3n && type !== 7n) {
      problems.push('not a writable data segment');
    }
  } else if ((type & 8n) !== 0n && (type & 2n) === 0n) {
    problems.push('an execute-only code segment');
  }
  return finding(problems.length === 0, () => `${field} ${hex(ar)}${problems.length === 0 ? ' is a valid descriptor' : ': ' + problems.join(', ')}`);
}

const arRule = (seg: Segment): FieldRule => ({
  check: 'segment-access-rights',
  field: `guest_${seg}_ar_bytes`,
  weight: 'fact',
  test: (v) => arFinding(seg, v),
});

// SDM 26.3.1.2: a limit with any of bits 11:0 clear needs G = 0; any of bits 31:20 set needs G = 1.
const limitRule = (seg: Segment): FieldRule => ({
  check: 'segment-limit-granularity',
  field: `guest_${seg}_limit`,
  weight: 'fact',
  test: (limit, read) => {
    const ar = read(`guest_${seg}_ar_bytes`) ?? 0n;
    if (ar === 0n || ar & UNUSABLE) {
      return undefined;
    }
    const g = (ar >> 15n) & 1n;
    const ok = ((limit & 0xfffn) === 0xfffn || g === 0n) && (limit >> 20n === 0n || g === 1n);
    return finding(ok, () => `guest_${seg}_limit ${hex(limit)} ${ok ? 'agrees' : 'disagrees'} with G=${g}`);
  },
});

const baseRule = (seg: Segment): FieldRule => {
  const wide = seg === 'fs' || seg === 'gs' || seg === 'ldtr' || seg === 'tr';
  return {
    check: wide ? 'canonical' : 'segment-base-32-bit',
    field: `guest_${seg}_base`,
    weight: 'fact',
    // FS, GS, LDTR, TR bases are canonical; CS, SS, DS, ES bases fit 32 bits.
    test: (v) => {
      const ok = wide ? canonical(v) : v >> 32n === 0n;
      return finding(ok, () => `guest_${seg}_base ${hex(v)} ${ok ? 'is' : 'is not'} ${wide ? 'canonical' : 'a 32-bit base'}`);
    },
  };
};

const tableRules = (table: 'gdtr' | 'idtr'): FieldRule[] => [
  {
    check: 'descriptor-table-limit',
    field: `guest_${table}_limit`,
    weight: 'fact',
    test: (v) => finding(v >> 16n === 0n, () => `guest_${table}_limit ${hex(v)}${v >> 16n === 0n ? ' fits 16 bits' : ' sets bits 31:16'}`),
  },
  {
    check: 'canonical',
    field: `guest_${table}_base`,
    weight: 'fact',
    test: (v) => finding(canonical(v), () => `guest_${table}_base ${hex(v)} is ${canonical(v) ? '' : 'not '}canonical`),
  },
];

const selectorTiRule = (seg: 'tr' | 'ldtr'): FieldRule => ({
  check: 'segment-selector',
  field: `guest_${seg}_selector`,
  weight: 'fact',
  // SDM 26.3.1.2: TR's TI flag is 0, and LDTR's when usable.
  test: (v, read) => {
    if (seg === 'ldtr' && (read('guest_ldtr_ar_bytes') ?? 0n) & UNUSABLE) {
      return undefined;
    }
    return finding((v & 4n) === 0n, () => `guest_${seg}_selector ${hex(v)}: TI ${(v >> 2n) & 1n}`);
  },
});

export const SEGMENT_RULES: FieldRule[] = [
  ...SEGMENTS.map(arRule),
  ...SEGMENTS.map(limitRule),
  ...SEGMENTS.map(baseRule),
  ...tableRules('gdtr'),
  ...tableRules('idtr'),
  selectorTiRule('tr'),
  selectorTiRule('ldtr'),
];

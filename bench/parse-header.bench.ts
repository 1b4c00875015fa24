import { loadCatalog } from '../src/core/catalog/catalog';
import { lexC } from '../src/core/layouts/c-lexer';
import { parseLayoutC } from '../src/core/layouts/c-parser';

// parseLayoutC on a whole header of about 4,000 lines: unrelated kernel-style code (includes,
// macros with continuations, inline functions, enums, other structs, comments) around the
// real 2017 RFC struct from the catalog, which sits two thirds of the way down, so the
// lexer sees everything and the struct search passes most of the file.
//   npx tsc -p tsconfig.build.json && node dist/bench/parse-header.bench.js
// Env: BENCH_ITERATIONS (timed parses, default 300), BENCH_WARMUP (default 50).

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);

function unrelated(i: number): string {
  return `
/*
 * Block ${i}: unrelated helpers, as a real vmx.c carries them around struct vmcs12.
 * A comment mentioning struct vmcs12 { u32 fake; } must not be mistaken for it.
 */
#include <linux/kvm_host_${i}.h>
#define VMX_HELPER_${i}(vcpu, field)					\\
	do {								\\
		if (unlikely(!(vcpu)->arch.field)) {			\\
			pr_warn_ratelimited("missing " #field "\\n");	\\
			return -EINVAL;					\\
		}							\\
	} while (0)
#define VMX_CONSTANT_${i} 0x${(i * 4099).toString(16)}

enum vmx_helper_state_${i} {
	HELPER_${i}_IDLE = 0,
	HELPER_${i}_RUNNING = 1 << 3,
	HELPER_${i}_DONE,
};

struct vmx_helper_${i} {
	u64 cookie;
	u32 flags;
	union {
		u16 selector;
		struct { u8 lo, hi; };
	};
	struct vmcs12 *cached;		/* a use, not the definition */
	const char *name;
};

static inline bool helper_${i}_ready(struct kvm_vcpu *vcpu, struct vmcs12 *vmcs12)
{
	const char *s = "{ struct vmcs12 { u8 nope; }; }";
	char open = '{';
	int n;

	for (n = 0; n < ${i % 7 + 3}; n++) {
		if (s[n] == open) {
			vmcs12->guest_rip += n;
			continue;
		}
		switch (n) {
		case 0: { break; }
		default: vmcs12->guest_rflags |= BIT(n);
		}
	}
	return vmcs12->launch_state && (vmcs12->revision_id & 0x7fffffff) == VMCS12_REVISION;
}

static int helper_${i}_apply(struct kvm_vcpu *vcpu, u64 data)
{
	struct vmx_helper_${i} h = { .cookie = data, .flags = HELPER_${i}_RUNNING };

	VMX_HELPER_${i}(vcpu, cr3);
	if (h.cookie >> 63)
		return -ERANGE;
	return helper_${i}_ready(vcpu, h.cached) ? 0 : -EAGAIN; // line comment { with a brace
}
`;
}

function buildHeader(): { text: string; lines: number } {
  const reorder = loadCatalog().find((e) => e.name === 'rfc-2017-evmcs-reorder');
  if (!reorder) {
    throw new Error('catalog has no rfc-2017-evmcs-reorder');
  }
  const before: string[] = [];
  const after: string[] = [];
  let lines = reorder.source.split('\n').length + 2;
  for (let i = 0; lines < 4000; i++) {
    const block = unrelated(i);
    lines += block.split('\n').length - 1;
    (i % 3 === 2 ? after : before).push(block);
  }
  const text = `/* SPDX-License-Identifier: GPL-2.0 */\n${before.join('')}\n${reorder.source}\n${after.join('')}`;
  return { text, lines: text.split('\n').length };
}

// A plain tokenization pass with one regular expression: what any lexer costs at least.
const TOKEN_RE = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[A-Za-z_]\w*|\d\w*|\S/g;
function regexTokens(text: string): number {
  return text.match(TOKEN_RE)?.length ?? 0;
}

function time(label: string, run: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) {
    run();
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) {
    run();
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / ITERATIONS;
  console.log(`${label.padEnd(30)} ${ms.toFixed(3).padStart(8)} ms/op  ${Math.round(1000 / ms).toString().padStart(7)} ops/s`);
  return ms;
}

function main(): void {
  const { text, lines } = buildHeader();
  const check = parseLayoutC(text);
  console.log(`header: ${lines} lines, ${text.length} chars, ${lexC(text).tokens.length} tokens; struct vmcs12 has ${check.layout.fields.length} fields, revision 0x${check.revision.toString(16)}`);
  console.log(`${WARMUP} warm-up and ${ITERATIONS} timed runs each, node ${process.version}`);
  const baseline = time('baseline: regex tokenization', () => regexTokens(text));
  const lex = time('lexC (tokens + #defines)', () => lexC(text));
  const parse = time('parseLayoutC (whole header)', () => parseLayoutC(text));
  console.log(`parseLayoutC / baseline = ${(parse / baseline).toFixed(2)}x; lexing is ${((lex / parse) * 100).toFixed(0)}% of the parse`);
}

main();

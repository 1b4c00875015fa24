// --help texts. Exit codes are part of each command's contract (exit-codes.ts).

export const MAIN_HELP = `vmcs12-registry: check, show and convert KVM struct vmcs12 layouts

Usage: vmcs12-registry <command> [options]

Commands:
  check <file>        judge a struct vmcs12 change against a reference layout (CI gate)
  show <name|file>    layout table with offsets, sizes, holes and free bytes (like pahole)
  list                layouts of the built-in catalog (or of --server), oldest first
  convert             convert one blob from stdin to stdout (--from A|auto --to B [--strict])
  identify            which registered layout wrote the blob on stdin, with the evidence
  kernel <release>    the layouts a kernel release is known to use (e.g. 6.12, 4.14.336)
  converter           print a self-contained C converter (--from A --to B)
  register <file>     register a layout on a running service (--name N --server URL)

Offline by default: layouts come from the built-in catalog. With --server URL, layout
names are looked up on that service instead (GET /layouts/:name); the checks themselves
run locally with the same core code either way.

A layout argument is "latest", an existing file (a header or .c holding struct vmcs12, a
JSON layout, or a compiled kernel: kvm-intel.ko or /sys/kernel/btf/kvm_intel, read from its
BTF), or a layout name. A file wins over a name.

Exit codes: 0 accepted, 1 refused, 2 error (usage, file, parse, blob, server unreachable).
Run 'vmcs12-registry <command> --help' for a command's options.
`;

export const CHECK_HELP = `Usage: vmcs12-registry check <file.h|file.c|kvm-intel.ko|/sys/kernel/btf/kvm_intel> [options]

Judges struct vmcs12 in <file> as \`register\` would in its lineage: every difference from the
head of the lineage, one line per finding (rule, field, offsets, file:line:col), warnings where
another lineage already uses bytes <file> newly claims, whether a converter each way loses
data, and the registration policy's verdict.

Options:
  --lineage <l>       the lineage <file> belongs to (default mainline)
  --branches-from <l> for a lineage the registry does not hold yet: the lineage it branches
                        from (default mainline; none for an unrelated format)
  --against <ref>     judge against this layout (a name or a file) instead of the head
  --revision <0x..>   VMCS12_REVISION of <file> when it has no #define (or to override it);
                        BTF records none: 0x11e57ed0 unless given
  --btf-base <file>   the BTF a module's BTF is split over: the kernel's vmlinux BTF (default
                        /sys/kernel/btf/vmlinux for a file under /sys/kernel/btf/; a .ko needs it)
  --mode <m>          none | backward | forward | full: try the lineage's policy with this mode
  --format <f>        text (default) | json | github (workflow-command annotations)
  --server <url>      judge on a running service's registry (its event log) instead of the
                        built-in catalog
  --token <t>         bearer token for --server (default: $VMCS12_TOKEN)

Under the default policy a layout that keeps the head's revision id must follow the kernel's
rule: the head's fields keep offset and width (or retire into reserved bytes), new fields go
into reserved bytes or past the used bytes. A layout already registered is always accepted.

Exit codes: 0 the policy accepts the change, 1 it refuses it, 2 usage, file or parse error
(printed as file:line:col).
`;

export const SHOW_HELP = `Usage: vmcs12-registry show <name|latest|file> [options]

Prints the layout as pahole prints a struct: offset, size, type, name and role of every field
in declaration order, /* XXX N bytes hole */ where no field covers bytes, the used bytes by
role and the bytes free up to the blob size.

Options:
  --revision <0x..>   VMCS12_REVISION of a file that has no #define (BTF: 0x11e57ed0 unless given)
  --btf-base <file>   the BTF a module's BTF is split over: the kernel's vmlinux BTF (default
                        /sys/kernel/btf/vmlinux for a file under /sys/kernel/btf/; a .ko needs it)
  --format <f>        text (default) | json
  --server <url>      look names up on a running service
  --token <t>         bearer token for --server (default: $VMCS12_TOKEN)

Exit codes: 0 shown, 2 unknown name, file or parse error.
`;

export const LIST_HELP = `Usage: vmcs12-registry list [--json] [--server <url>] [--token <t>]

Lists the layouts of the built-in catalog in history order (or a service's, in registration
order) with revision, size and fingerprint; * marks the one "latest" means.

Exit codes: 0 listed, 2 error.
`;

export const CONVERT_HELP = `Usage: vmcs12-registry convert --from <A> --to <B> [--strict] < in.bin > out.bin

Converts one blob of layout A (exactly A's size, header revision = A's) read from stdin into
a blob of layout B on stdout, as POST /convert does. Values that have no place in B, or do not
fit a narrower field, are listed on stderr. A and B are layout names, "latest" or files.
--from auto identifies A from the blob (as POST /convert/auto/:to): it converts only when every
layout that could have written the blob converts it alike, and names them on stderr.

Options:
  --strict            any loss refuses the conversion: nothing is written to stdout
  --server <url>      look names up on a running service; also uses its renames
  --token <t>         bearer token for --server (default: $VMCS12_TOKEN)

Exit codes: 0 converted (losses, if any, on stderr), 1 --strict and a value would be lost,
2 bad input (wrong size or revision, with the byte offset), usage or file error, or --from auto
and the blob's source cannot be told (ambiguous_source: the candidates convert it differently;
unknown_source: no registered layout explains it).
`;

export const IDENTIFY_HELP = `Usage: vmcs12-registry identify [--container nested-state] [--format text|json] < blob

Reads a saved vmcs12 (or a whole struct kvm_nested_state with --container nested-state) from
stdin and ranks every registered layout that could have written it, from the bytes alone, as
POST /identify does: a table of candidates (* the first, ? others still in play, = layouts no
byte of this blob tells apart), then the evidence, one check per line with its offset.

Options:
  --container nested-state   stdin is a kvm_nested_state; its vmcs12 region is identified
  --format json       the identification as one JSON document (as POST /identify answers)
  --server <url>      identify against the layouts registered on a running service
  --token <t>         bearer token for --server (default: $VMCS12_TOKEN)

Exit codes: 0 identified, 1 ambiguous or unknown (the table says why), 2 usage or blob error.
`;

export const KERNEL_HELP = `Usage: vmcs12-registry kernel <release> [--format text|json]

The layouts a kernel release is known to use, from the built-in catalog's evidence (a tree and
commit, a distro package), as GET /kernels/:release answers. 6.12 matches evidence for 6.12.117
(a "series" match); only evidence naming the very release is "exact".

Exit codes: 0 found, 2 no layout known for the release (the nearest known releases are named),
or a release that is not like 6.12, 4.14.336 or 6.17-rc3.
`;

export const CONVERTER_HELP = `Usage: vmcs12-registry converter --from <A> --to <B> > convert.c

Prints C99 defining int vmcs12_convert(void *dst, const void *src) with
VMCS12_CONVERT_SRC_SIZE and VMCS12_CONVERT_DST_SIZE, the same source GET /converters/:from/:to.c
serves. It compiles on its own with cc -std=c99 -Wall -Werror -c.

Options:
  --server <url>      look names up on a running service; also uses its renames
  --token <t>         bearer token for --server (default: $VMCS12_TOKEN)

Exit codes: 0 printed, 2 usage, file or parse error.
`;

export const REGISTER_HELP = `Usage: vmcs12-registry register <file> [--name <name>] --server <url> [options]

Registers the layout in <file> (C header/source, a JSON layout, or a compiled kernel's BTF:
kvm-intel.ko, or /sys/kernel/btf/kvm_intel for the running host's) on the service with
POST /layouts. The file is validated locally first, so syntax errors come back as
file:line:col without a request.

Options:
  --name <name>       the new layout's name ([a-z0-9][a-z0-9._-]{0,63}); for a compiled kernel
                        it defaults to kvm-intel-<release> (vermagic, or the running kernel's
                        for /sys/kernel/btf/kvm_intel, which is also sent as kernel)
  --server <url>      the service, e.g. http://localhost:3000
  --token <t>         bearer token with the writer role (default: $VMCS12_TOKEN)
  --revision <0x..>   VMCS12_REVISION when the file has no #define (BTF: 0x11e57ed0 unless given)
  --btf-base <file>   the BTF a module's BTF is split over: the kernel's vmlinux BTF (default
                        /sys/kernel/btf/vmlinux for a file under /sys/kernel/btf/; a .ko needs it)
  --lineage <l>       the lineage to register in (default mainline)
  --branches-from <l> the first layout of a new lineage: the lineage it branches from
                        (default mainline; none for an unrelated format)
  --format <f>        text (default) | json (the service's answer as it is)

Exit codes: 0 registered (or already registered with the same content), 1 the service
refused it (4xx: name taken, policy violation, token missing), printed with its message;
2 usage, file or parse error, service unreachable or failing (5xx).
`;

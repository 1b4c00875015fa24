#!/bin/sh
# Rebuilds test/fixtures/btf/catalog: every catalog layout compiled with gcc -g and encoded as
# BTF by pahole (standalone in an ELF object, and split over a separately encoded base).
# pahole: Debian's `pahole` package (bookworm: 1.24-4.1). Without installing it:
#   apt-get download pahole && dpkg -x pahole_*.deb /tmp/pahole && PAHOLE=/tmp/pahole/usr/bin/pahole scripts/build-btf-catalog-fixtures.sh
set -eu
cd "$(dirname "$0")/.."
exec node -r ./test/support/swc-register.js test/support/btf-catalog-fixtures.ts

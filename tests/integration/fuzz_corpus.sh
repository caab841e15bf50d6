#!/usr/bin/env bash
# make check runs every fuzz target over its corpus once (fresh seeds, the
# regression inputs, what `make fuzz` kept): no input crashes the packet
# decoder, the snapshot loader, the filter translator or the netlink
# parsers (tests/fuzz/; `make fuzz` mutates for longer).
cd "$(dirname "$0")/../.." || exit 1
if [ ! -x "${OUT:-build}/fuzz/fuzz_decode" ]; then
	if [ "${CI:-}" = true ]; then
		echo "not ok - fuzz targets not built (make fuzz-build: clang and libclang-rt)"
	else
		echo "ok - fuzz corpus # SKIP fuzz targets not built"
	fi
	exit 0
fi
exec tests/fuzz/run 0

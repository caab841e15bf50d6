#!/usr/bin/env bash
# The kernel verifier accepts the cBPF interpreter (src/bpf/cbpf.h) at
# CBPF_MAX_INSNS: load tests/bpf/cbpf_verify.bpf.c (program in an array map,
# unknown to the verifier) with bpftool, report the verifier's processed
# instruction counts, unpin.
. "$(dirname "$0")/../lib.sh"
OBJ=$(dirname "$DROPDOC")/bpftest/cbpf_verify.bpf.o
PIN=/sys/fs/bpf/$T-cbpf

if [ "$(id -u)" -ne 0 ]; then
	skip_or_fail "cbpf interpreter passes the verifier" "needs root"
	exit 0
fi
if [ ! -f "$OBJ" ]; then
	not_ok "cbpf interpreter passes the verifier ($OBJ missing: run make)"
	exit 0
fi
at_exit "rm -rf '$PIN'"

max=$(sed -n 's/^#define CBPF_MAX_INSNS \([0-9]*\).*/\1/p' "$(dirname "$0")/../../src/bpf/cbpf.h")
check "CBPF_MAX_INSNS is 256 (got $max)" test "$max" = 256

if bpftool -d prog loadall "$OBJ" "$PIN" >"$TMP/log" 2>&1; then
	ok "cbpf interpreter passes the verifier ($(grep -c '^processed' "$TMP/log") programs)"
else
	not_ok "cbpf interpreter passes the verifier"
	grep -vE '^(libbpf|mark_precise)' "$TMP/log" | tail -n 20 | sed 's/^/# /'
	exit 0
fi
grep '^processed' "$TMP/log" | sed 's/^/# verifier: /'
pinned() { bpftool prog show pinned "$1" >/dev/null 2>&1; }
for p in cbpf_kfree_skb cbpf_test_run cbpf_test_run_ro; do
	check "program $p is loaded" pinned "$PIN/$p"
done

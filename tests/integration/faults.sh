#!/usr/bin/env bash
# Faults a busy host brings, each ending in a clear line and a clean exit:
# /run/netns unreadable, a namespace deleted while its drops are still
# being explained, a full disk under -w (the file stays valid up to the
# last whole block). (Also: the 4 KiB ring under a flood in drops_counts,
# a closed pipe in live_pipe, notifications lost to ENOBUFS in
# netcfg_model's cache test.) Only this test's namespaces and private mount
# namespaces are touched.
T=ddf$$
. "$(dirname "$0")/../lib.sh"
require_root "faults"
pair || { not_ok "set up namespaces"; exit 1; }

# 1. /run/netns unreadable: in a private mount namespace, an empty tmpfs
# with mode 000 over it, and dropdoc without the capabilities that pass
# file permissions. Drops are still printed and explained, by inode.
ino=$(stat -L -c %i "/run/netns/$T-b")
unshare -m --propagation private sh -c "
	mount -t tmpfs -o mode=000 none /run/netns &&
	exec setpriv --bounding-set -dac_override,-dac_read_search --inh-caps -dac_override,-dac_read_search \
		'$DROPDOC' drops --json -c 2 'udp and dst host 192.0.2.2 and dst port 9'" >"$TMP/ro" 2>"$TMP/ro.err" &
pid=$!
at_exit "kill $pid"
wait_attached $pid "drops with /run/netns unreadable"
udp_send a 192.0.2.2 9 2 40001
wait $pid
rc=$?
check "/run/netns unreadable: exit 0, two drops (rc $rc)" \
	test "$rc" = 0 -a "$(jq_count "$TMP/ro" '.type=="drop" and .reason=="NO_SOCKET"')" = 2
check "/run/netns unreadable: named by inode, no name, still a finding" \
	test "$(jq_count "$TMP/ro" ".type==\"drop\" and .netns==$ino and (.netns_name==null) and .finding!=null")" = 2

# 2. a namespace deleted while its drops are still being explained: a
# flood fills a large ring, the namespaces go at once; every drop is
# printed or counted lost, named as it was, and the run ends cleanly.
ns_add c && ns_add d && veth c vc d vd &&
	ip -n "$T-c" addr add 198.51.100.1/24 dev vc && ip -n "$T-d" addr add 198.51.100.2/24 dev vd ||
	not_ok "set up c/d"
bg_dropdoc "$TMP/del" drops --json -B 65536 -t 6 'udp and dst port 9 and net 198.51.100.0/24'
nsx c "$TOOLS/udpflood" -s 40002 198.51.100.2 9 20000 >/dev/null
ip netns del "$T-c"
ip netns del "$T-d"
wait "$BG_PID"
rc=$?
st=$(jq -c 'select(.type=="stats")' "$TMP/del")
printed=$(jq_count "$TMP/del" '.type=="drop"')
check "deleted mid-run: exit 0 (rc $rc), stats at the end" test "$rc" = 0 -a -n "$st"
check "deleted mid-run: printed + lost = matched ($printed + $(jq .lost <<<"$st") = $(jq .matched <<<"$st"))" \
	test $((printed + $(jq .lost <<<"$st"))) = "$(jq .matched <<<"$st")"
check "deleted mid-run: every drop named by the deleted namespace or not at all" \
	test "$(jq_count "$TMP/del" ".type==\"drop\" and .netns_name!=\"$T-d\" and .netns_name!=null")" = 0

# 3. a full disk under -w: a 64 KiB tmpfs in a private mount namespace;
# dropdoc says so in one line and exits 1; the file reads back.
mkdir -p "$TMP/small"
unshare -m --propagation private sh -c "
	mount -t tmpfs -o size=64k none '$TMP/small' || exit 9
	'$DROPDOC' drops -n '$T-b' -w '$TMP/small/full.pcapng' -s 256 udp >'$TMP/full.out' 2>'$TMP/full.err' &
	p=\$!
	for i in \$(seq 100); do grep -qs '^link_type:' /proc/\$p/fdinfo/* && break; sleep 0.05; done
	ip netns exec '$T-a' '$TOOLS/udpflood' -s 40003 -l 200 192.0.2.2 9 3000 >/dev/null
	wait \$p; echo \$? >'$TMP/full.rc'
	tshark -r '$TMP/small/full.pcapng' 2>&1 >/dev/null | grep -v 'Running as user' >'$TMP/full.tshark.err'
	tshark -r '$TMP/small/full.pcapng' 2>/dev/null | wc -l >'$TMP/full.n'
	cp '$TMP/small/full.pcapng' '$TMP/full.pcapng'
	stat -c %s '$TMP/small/full.pcapng' >'$TMP/full.size'
" 2>"$TMP/full.sh.err"
check "disk full: exit 1 with one line naming the cause ($(cat "$TMP/full.err" 2>/dev/null))" \
	bash -c "[ \"\$(cat '$TMP/full.rc')\" = 1 ] && [ \$(wc -l <'$TMP/full.err') = 1 ] && grep -q 'No space left' '$TMP/full.err'"
check "disk full: the file reads back whole ($(cat "$TMP/full.n" 2>/dev/null) packets, $(cat "$TMP/full.size" 2>/dev/null) bytes, tshark silent)" \
	bash -c "[ \"\$(cat '$TMP/full.n')\" -gt 10 ] && [ ! -s '$TMP/full.tshark.err' ]"
[ -s "$TMP/full.tshark.err" ] && sed 's/^/# tshark: /' "$TMP/full.tshark.err"
check "nothing stays attached" no_orphan_progs

#!/usr/bin/env bash
# dropdoc drops: pcap filters, -i, -n, -x select exactly the drops asked for.
T=ddf$$
. "$(dirname "$0")/../lib.sh"
require_root "drops filters"
pair || { not_ok "set up namespaces"; exit 1; }
ns_add c

# run_filter NAME ARGS...: 5 datagrams to port 9 from sport 41000, 5 to
# port 10 from 41001; prints the number of drop objects seen.
run_filter() {
	local name=$1
	shift
	bg_dropdoc "$TMP/$name" drops --json -t 1.5 "$@"
	udp_send a 192.0.2.2 9 5 41000
	udp_send a 192.0.2.2 10 5 41001
	wait $BG_PID
	jq_count "$TMP/$name" '.type=="drop" and .proto=="udp" and .src=="192.0.2.1"'
}

n=$(run_filter match -n "$T-b" 'udp and dst port 9 and src host 192.0.2.1')
check "matching pcap filter selects its 5 drops (got $n)" test "$n" -eq 5
check "only port 9 passed the filter" test "$(jq_count "$TMP/match" '.type=="drop" and .dport!=9')" -eq 0
check "stats: matched equals printed" test "$(jq -r 'select(.type=="stats") | (.matched==.printed)' "$TMP/match")" = true
n=$(run_filter nomatch -n "$T-b" 'udp port 53')
check "non-matching filter prints no drop (got $n)" test "$n" -eq 0
check "non-matching filter still ends with stats" test "$(jq_count "$TMP/nomatch" '.type=="stats" and .printed==0 and .seen>=10')" -eq 1
n=$(run_filter iface -n "$T-b" -i vb udp)
check "-i vb -n b selects all 10 (got $n)" test "$n" -eq 10
check "-i: every drop is on vb" test "$(jq_count "$TMP/iface" '.type=="drop" and .dev!="vb"')" -eq 0
n=$(run_filter iface_lo -n "$T-b" -i lo udp)
check "-i lo selects none of them (got $n)" test "$n" -eq 0
n=$(run_filter otherns -n "$T-c" udp)
check "-n of another namespace selects none (got $n)" test "$n" -eq 0
n=$(run_filter netns_path -n "/run/netns/$T-b" 'udp port 10')
check "-n as a path works (got $n)" test "$n" -eq 5
ino=$(stat -L -c %i "/run/netns/$T-b")
n=$(run_filter netns_inode -n "$ino" 'udp port 10')
check "-n as an inode works (got $n)" test "$n" -eq 5
n=$(run_filter excl -n "$T-b" -x NO_SOCKET udp)
check "-x NO_SOCKET excludes them (got $n)" test "$n" -eq 0
n=$(run_filter allns udp and host 192.0.2.2)
check "no -n: every namespace, finds all 10 (got $n)" test "$n" -ge 10

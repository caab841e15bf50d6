#!/usr/bin/env bash
# The no-socket row on real namespaces: drops to a port whose only listener
# is bound to 127.0.0.1, IPv6-only, IPv4-only or in another namespace get a
# finding that names that listener (its real pid) and the fix; sock_diag
# finds listeners across namespaces; the counters that moved are nstat's.
T=dk$$
. "$(dirname "$0")/../lib.sh"
require_root "explain socket"
pair || { not_ok "set up namespaces"; exit 1; }
ns_add c || { not_ok "set up namespace c"; exit 1; }

# hold NS ARGS...: a socket held by sockhold in $T-NS; sets HELD to its pid
hold() {
	local ns=$1 out
	shift
	out=$(mktemp -p "$TMP")
	nsx "$ns" "$TOOLS/sockhold" "$@" >"$out" 2>&1 &
	at_exit "kill $!"
	wait_for "sockhold $* to hold its socket" 5 grep -q '^ready' "$out" || return 1
	HELD=$(awk '/^ready/ {print $2}' "$out")
	at_exit "kill $HELD"
}
# ev FILE STRING: some drop's finding has an evidence line containing STRING
ev() { jq -se --arg s "$2" 'any(.[] | select(.type=="drop") | .finding.evidence[]; contains($s))' "$1" >/dev/null; }
fx() { jq -se --arg s "$2" 'any(.[] | select(.type=="drop") | .finding.fix[]; contains($s))' "$1" >/dev/null; }
ids() { jq -r 'select(.type=="drop") | .finding.id' "$1" | sort -u | tr '\n' ' '; }

hold b -u 127.0.0.1 53 && lo_pid=$HELD
hold b -u -V :: 53 && v6_pid=$HELD
hold c -u 0.0.0.0 53 && c_pid=$HELD
hold c -t 0.0.0.0 8080 && web_pid=$HELD
hold b -u 0.0.0.0 5353 && mdns_pid=$HELD

# direct module calls: sock_diag in b, then the same port elsewhere
"$TOOLS/factsprobe" sockets "$T-b" udp 53 >"$TMP/socks"
check "sockets: b's own listeners first (127.0.0.1:53, [::]:53 v6only)" \
	test "$(head -n2 "$TMP/socks" | tr '\n' '|')" = \
	"$T-b 127.0.0.1:53 $lo_pid/sockhold v6only=0 dev=-|$T-b [::]:53 $v6_pid/sockhold v6only=1 dev=-|"
check "sockets: the listener in namespace c is found too" \
	grep -qx "$T-c 0.0.0.0:53 $c_pid/sockhold v6only=0 dev=-" "$TMP/socks"
check "sockets: TCP listeners only for tcp" \
	test "$("$TOOLS/factsprobe" sockets "$T-b" tcp 53 | grep -c "$T-b")" -eq 0
check "sockets: a TCP listener in c" \
	grep -qx "$T-c 0.0.0.0:8080 $web_pid/sockhold v6only=0 dev=-" \
	<("$TOOLS/factsprobe" sockets "$T-b" tcp 8080)
check "mibs: UdpNoPorts moved by exactly what was sent" \
	grep -qx "UdpNoPorts 4" <("$TOOLS/factsprobe" mibs "$T-b" -- \
		ip netns exec "$T-a" "$TOOLS/udpflood" -s 40000 192.0.2.2 9 4)

# 1. UDP to 192.0.2.2:53 while the only listeners are 127.0.0.1:53 and
#    an IPv6-only [::]:53 (and 0.0.0.0:53 in another namespace)
bg_dropdoc "$TMP/lo" drops -n "$T-b" --json -c 2 udp and port 53
udp_send a 192.0.2.2 53 2 40001
wait "$BG_PID"
check "loopback-only listener: finding socket_bound_elsewhere" test "$(ids "$TMP/lo")" = "socket_bound_elsewhere "
check "evidence names the 127.0.0.1 listener and its process" \
	ev "$TMP/lo" "127.0.0.1:53 ($lo_pid/sockhold) is bound to 127.0.0.1 (loopback) only, not to 192.0.2.2"
check "evidence: the IPv6-only listener takes no IPv4" \
	ev "$TMP/lo" "[::]:53 ($v6_pid/sockhold) is IPv6-only (IPV6_V6ONLY=1): it takes no IPv4"
check "evidence: the listener in the other namespace" ev "$TMP/lo" "in namespace $T-c: 0.0.0.0:53 ($c_pid/sockhold)"
check "evidence: 192.0.2.2 is vb's address" ev "$TMP/lo" "192.0.2.2 is the address of vb here"
check "evidence: counter UdpNoPorts moved" ev "$TMP/lo" "counter UdpNoPorts +"
check "fix: bind the service to 192.0.2.2:53 or 0.0.0.0:53" \
	fx "$TMP/lo" "make $lo_pid/sockhold listen on 192.0.2.2:53 (or on all addresses, 0.0.0.0:53) instead of 127.0.0.1:53"
check "fix: the ss command in b" fx "$TMP/lo" "ip netns exec $T-b ss -ulnp 'sport = :53'"

# 2. TCP SYN to 8080: only namespace c listens
bg_dropdoc "$TMP/other" drops -n "$T-b" --json -c 1 tcp and port 8080
nsx a timeout 2 bash -c 'exec 3<>/dev/tcp/192.0.2.2/8080' 2>/dev/null
wait "$BG_PID"
check "listener in another namespace: socket_in_other_netns" test "$(ids "$TMP/other")" = "socket_in_other_netns "
check "summary names namespace c and the listener" test "$(jq -r 'select(.type=="drop") | .finding.summary' "$TMP/other")" = \
	"nothing in $T-b listens on TCP port 8080; 0.0.0.0:8080 ($web_pid/sockhold) in namespace $T-c does, but the packets for 192.0.2.2:8080 arrive in $T-b"
check "evidence: TCP answers with RST" ev "$TMP/other" "TCP RST"

# 3. TCP to a port nobody listens on anywhere
bg_dropdoc "$TMP/none" drops -n "$T-b" --json -c 1 tcp and port 7
nsx a timeout 2 bash -c 'exec 3<>/dev/tcp/192.0.2.2/7' 2>/dev/null
wait "$BG_PID"
check "nobody listens: no_socket" test "$(ids "$TMP/none")" = "no_socket "
check "evidence: no TCP socket on port 7 in b" ev "$TMP/none" "TCP sockets on port 7 in $T-b: none"
check "fix: start the service, in b" fx "$TMP/none" "start the service that should listen on TCP 192.0.2.2:7 in $T-b (ip netns exec $T-b <service>)"

# 4. IPv6 to a port held by an IPv4-only socket
bg_dropdoc "$TMP/v6" drops -n "$T-b" --json -c 1 ip6 and udp and port 5353
nsx a "$TOOLS/udpflood" -6 -s 40002 2001:db8::2 5353 1 >/dev/null
wait "$BG_PID"
check "IPv4-only listener, IPv6 packet: socket_bound_elsewhere" test "$(ids "$TMP/v6")" = "socket_bound_elsewhere "
check "evidence: 0.0.0.0:5353 takes no IPv6" ev "$TMP/v6" "0.0.0.0:5353 ($mdns_pid/sockhold) is an IPv4 socket: it takes no IPv6"
check "fix: listen on IPv6 too" fx "$TMP/v6" "listen on IPv6 too: [2001:db8::2]:5353 or [::]:5353"

check "nothing stays attached" no_orphan_progs

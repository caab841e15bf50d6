#!/usr/bin/env bash
# dropdoc trace: journeys through a router namespace — a clean forwarded path
# (every hop in order, no asymmetry), a packet that dies mid-path (the last
# hop is the drop, with its reason), a filter that matches nothing, and a
# busy host where the route hook is detached until something matches.
T=dt$$
. "$(dirname "$0")/../lib.sh"
require_root "trace paths"
command -v ping >/dev/null || { skip_or_fail "trace paths" "no ping (iputils-ping)"; exit 0; }

# c (10.1.0.2) -- ce|ri -- r (router) -- ro|de -- d (10.2.0.2)
{ ns_add c && ns_add r && ns_add d && veth c ce r ri && veth r ro d de &&
	ip -n "$T-c" addr add 10.1.0.2/24 dev ce && ip -n "$T-r" addr add 10.1.0.1/24 dev ri &&
	ip -n "$T-r" addr add 10.2.0.1/24 dev ro && ip -n "$T-d" addr add 10.2.0.2/24 dev de &&
	ip -n "$T-c" route add default via 10.1.0.1 && ip -n "$T-d" route add default via 10.2.0.1 &&
	ip -n "$T-r" route add blackhole 10.9.9.0/24 &&
	nsx r sysctl -qw net.ipv4.ip_forward=1; } || { not_ok "set up namespaces"; exit 1; }
nsx c ping -c1 -W1 10.2.0.2 >/dev/null 2>&1 # neighbours resolved before tracing

# bg_trace OUT ARGS...: dropdoc trace in the background, returns once attached
bg_trace() {
	local out=$1
	shift
	"$DROPDOC" trace "$@" >"$out" 2>"$out.err" &
	BG_PID=$!
	at_exit "kill $BG_PID"
	wait_attached "$BG_PID" "trace $*"
}
# hops OUT PACKET: "kind:dev ..." of one packet, in hop order
hops() { jq -r --argjson p "$2" 'select(.type=="hop" and .packet==$p) | "\(.kind):\(.dev // "-")"' "$1" | tr '\n' ' '; }

# 1. a clean forwarded path: request and reply
bg_trace "$TMP/fwd" --json -c 2 icmp and host 10.1.0.2
nsx c ping -c1 -W1 10.2.0.2 >/dev/null
wait $BG_PID
check "forwarded: exits 0 after -c 2" test $? -eq 0
req=$(jq -s 'map(select(.type=="hop" and .src=="10.1.0.2" and .kind=="tx"))[0].packet' "$TMP/fwd")
rep=$(jq -s 'map(select(.type=="hop" and .src=="10.2.0.2" and .kind=="tx"))[0].packet' "$TMP/fwd")
path=$(hops "$TMP/fwd" "$req")
echo "# request: $path"
check "request: every hop in order (tx ce, rx ri, route via ro, tx ro, rx de, route local, delivered)" \
	grep -qE '^route:ce tx:ce rx:ri route:ro tx:ro rx:de route:de deliver:de $' <<<"$path"
check "request: the router's lookup is table main, unicast out of ro, in netns r" test "$(jq_count "$TMP/fwd" \
	".packet==$req and .kind==\"route\" and .dev==\"ro\" and .table==\"main\" and .route_type==\"unicast\" and .in_dev==\"ri\" and .netns_name==\"$T-r\"")" -eq 1
check "request: rx hops name their namespaces" test "$(jq_count "$TMP/fwd" \
	".packet==$req and .kind==\"rx\" and ((.dev==\"ri\" and .netns_name==\"$T-r\") or (.dev==\"de\" and .netns_name==\"$T-d\"))")" -eq 2
check "request: ends delivered" test "$(jq_count "$TMP/fwd" ".packet==$req and .end==\"delivered\"")" -eq 1
path=$(hops "$TMP/fwd" "$rep")
echo "# reply: $path"
# (ping's raw socket gets a clone; the original ends in icmp_rcv, freed as
# a drop when no ping socket wants it)
check "reply: comes back through the router to c" \
	grep -qE '^route:de tx:de rx:ro route:ri tx:ri rx:ce route:ce (deliver|drop):ce $' <<<"$path"
check "hop objects carry the contract's fields" test "$(jq_count "$TMP/fwd" \
	'.type=="hop" and has("hop") and has("ifindex") and has("netns") and has("family") and has("proto") and has("sport") and has("dport") and has("table") and has("gateway") and has("err") and has("reason") and has("location")')" -eq "$(jq_count "$TMP/fwd" '.type=="hop"')"
check "symmetric: no asymmetry finding" test "$(jq_count "$TMP/fwd" '.type=="finding" and .id=="asymmetric_route"')" -eq 0
check "stats: 2 printed" test "$(jq -r 'select(.type=="stats") | .printed' "$TMP/fwd")" = 2

# 1b. the same path over IPv6: route hops from fib6_table_lookup
ip -n "$T-c" addr add 2001:db8:1::2/64 dev ce nodad && ip -n "$T-r" addr add 2001:db8:1::1/64 dev ri nodad &&
	ip -n "$T-r" addr add 2001:db8:2::1/64 dev ro nodad && ip -n "$T-d" addr add 2001:db8:2::2/64 dev de nodad &&
	ip -n "$T-c" -6 route add default via 2001:db8:1::1 && ip -n "$T-d" -6 route add default via 2001:db8:2::1 &&
	nsx r sysctl -qw net.ipv6.conf.all.forwarding=1 || not_ok "IPv6 set-up"
nsx c ping -6 -c1 -W2 2001:db8:2::2 >/dev/null 2>&1 # neighbours resolved before tracing
bg_trace "$TMP/fwd6" --json -c 1 icmp6 and src host 2001:db8:1::2
nsx c ping -6 -c1 -W1 2001:db8:2::2 >/dev/null
wait $BG_PID
path=$(hops "$TMP/fwd6" 1)
echo "# IPv6 request: $path"
check "IPv6: every hop in order (the router's local table has no match, main routes it out of ro)" \
	grep -qE '^tx:ce rx:ri route:- route:ro tx:ro rx:de route:de deliver:de $' <<<"$path"
check "IPv6: the router's lookup is table main, unicast out of ro, from ri, ipv6 addresses" test "$(jq_count "$TMP/fwd6" \
	'.kind=="route" and .family=="ipv6" and .table=="main" and .route_type=="unicast" and .dev=="ro" and .in_dev=="ri" and .src=="2001:db8:1::2" and .dst=="2001:db8:2::2"')" -eq 1
check "IPv6: the local table's miss says so" test "$(jq_count "$TMP/fwd6" \
	'.kind=="route" and .table=="local" and .route_type=="no_match" and .in_dev=="ri"')" -eq 1

# 2. dies mid-path: the router has a blackhole route for 10.9.9.0/24
bg_trace "$TMP/mid" --json -c 1 udp and host 10.9.9.9
udp_send c 10.9.9.9 9 1 40005
wait $BG_PID
last=$(jq -c 'select(.type=="hop")' "$TMP/mid" | tail -n1)
echo "# last hop: $last"
check "mid-path: the last hop is the drop, in the router, on ri, with a reason" \
	jq -e --arg ns "$T-r" '.kind=="drop" and .end=="dropped" and .dev=="ri" and .netns_name==$ns and (.reason|type=="string") and (.location|type=="string")' <<<"$last"
check "mid-path: the router's lookup said blackhole" test "$(jq_count "$TMP/mid" '.kind=="route" and .route_type=="blackhole"')" -eq 1
check "mid-path: never reached d" test "$(jq_count "$TMP/mid" ".netns_name==\"$T-d\"")" -eq 0

# 2b. dies waiting on its next hop: the router routes 10.8.8.0/24 via
# 10.2.0.99, which nobody answers ARP for (one probe, 100 ms)
ip -n "$T-r" route add 10.8.8.0/24 via 10.2.0.99 dev ro
nsx r sysctl -qw net.ipv4.neigh.ro.mcast_solicit=1 net.ipv4.neigh.ro.retrans_time_ms=100
bg_trace "$TMP/neigh" --json -c 1 udp and host 10.8.8.8
udp_send c 10.8.8.8 9 1 40009
wait $BG_PID
echo "# unresolved next hop: $(hops "$TMP/neigh" 1)"
check "unresolved next hop: routed via ro, queued on the neighbour, dropped there" \
	grep -qE '^route:ce tx:ce rx:ri route:ro neigh:ro (icmp:ro )?drop:ro $' <<<"$(hops "$TMP/neigh" 1)"
check "unresolved next hop: the neigh hop names 10.2.0.99, INCOMPLETE, in netns r" test "$(jq_count "$TMP/neigh" \
	".kind==\"neigh\" and .gateway==\"10.2.0.99\" and .neigh_state==\"INCOMPLETE\" and .netns_name==\"$T-r\"")" -eq 1
check "unresolved next hop: the drop is NEIGH_FAILED, explained as neigh_failed" bash -c \
	"[ $(jq_count "$TMP/neigh" '.kind=="drop" and .reason=="NEIGH_FAILED" and .end=="dropped"') -eq 1 ] && [ $(jq_count "$TMP/neigh" '.type=="finding" and .id=="neigh_failed"') -ge 1 ]"

# 3. a filter that matches nothing: no hops, stats printed
bg_trace "$TMP/none" --json -t 2 host 203.0.113.99
nsx c ping -c2 -i0.2 -W1 10.2.0.2 >/dev/null
udp_send c 10.2.0.2 9 20 40006
wait $BG_PID
check "no match: exits 0" test $? -eq 0
check "no match: no hop lines" test "$(jq_count "$TMP/none" '.type=="hop"')" -eq 0
check "no match: one stats object, 0 printed, first hops were looked at" \
	jq -e -s 'map(select(.type=="stats")) | length==1 and .[0].printed==0 and .[0].selected==0 and .[0].candidates>0' "$TMP/none"
check "no match (text): nothing on stdout, stats on stderr" bash -c \
	"'$DROPDOC' trace -t 1 host 203.0.113.99 >'$TMP/none.txt' 2>'$TMP/none.err'; [ ! -s '$TMP/none.txt' ] && grep -q '0 packets printed' '$TMP/none.err'"

# 4. a busy host where nothing matches: the route hook (fib_table_lookup)
# is detached after a second; a packet that then matches is followed to its
# end without route hops (partial), and brings the hook back for the next.
links() { grep -ls '^link_type:' /proc/"$1"/fdinfo/* 2>/dev/null | wc -l; }
# has_links PID N: PID holds N BPF links
has_links() { [ "$(links "$1")" -eq "$2" ]; }
# wait_links PID N: until PID holds N BPF links (8 s at most)
wait_links() { wait_for "trace to hold $2 BPF links" 8 has_links "$1" "$2"; }
flood_start() { # a bounded flood to a closed port of d, through the router
	nsx c "$TOOLS/udpflood" -b 64 -s 40100 10.2.0.2 7 5000000 >/dev/null &
	FLOOD_PID=$!
	at_exit "kill $FLOOD_PID"
}
bg_trace "$TMP/busy" --json udp port 9
tp=$BG_PID
all=$(links "$tp")
flood_start
wait_links "$tp" $((all - 2)) # fib and fib6
check "busy, nothing matched: the route hook detached (links $all -> $(links "$tp"))" test "$(links "$tp")" -eq $((all - 2))
udp_send c 10.2.0.2 9 1 40007
wait_links "$tp" "$all"
check "a matching packet brings the route hook back" test "$(links "$tp")" -eq "$all"
udp_send c 10.2.0.2 9 1 40008
wait_for "the packet from port 40008 to be traced" 5 grep -q '"sport":40008' "$TMP/busy"
kill "$FLOOD_PID" 2>/dev/null
wait "$FLOOD_PID" 2>/dev/null
kill -INT "$tp"
wait "$tp"
check "busy: exit 0" test $? -eq 0
p1=$(jq -s 'map(select(.type=="hop" and .sport==40007))[0].packet' "$TMP/busy")
p2=$(jq -s 'map(select(.type=="hop" and .sport==40008))[0].packet' "$TMP/busy")
echo "# selected while detached: $(hops "$TMP/busy" "$p1")"
echo "# after: $(hops "$TMP/busy" "$p2")"
check "selected while detached: followed to the drop on de, marked partial, no route hops" bash -c \
	"[[ '$(hops "$TMP/busy" "$p1")' =~ ^tx:ce\ rx:ri\ tx:ro\ rx:de\ drop:de\ \$ ]] && [ $(jq_count "$TMP/busy" ".packet==$p1 and .partial==true") -eq 5 ]"
check "the next packet: whole, route hops included, not partial" bash -c \
	"[[ '$(hops "$TMP/busy" "$p2")' =~ ^route:ce\ tx:ce\ rx:ri\ route:ro\ tx:ro\ rx:de\ route:de\ drop:de\ \$ ]] && [ $(jq_count "$TMP/busy" ".packet==$p2 and .partial==false") -eq 8 ]"
check "stats: partial and detaches counted" \
	jq -e -s 'map(select(.type=="stats"))[0] | .partial==1 and .route_hook_detaches>=1' "$TMP/busy"

bg_trace "$TMP/keep" --json --keep-hooks udp port 9
tp=$BG_PID
all=$(links "$tp")
flood_start
fewest=$all
for _ in $(seq 30); do # the subject: 3 s of flood, the links counted throughout
	n=$(links "$tp")
	[ "$n" -lt "$fewest" ] && fewest=$n
	sleep 0.1
done
kill "$FLOOD_PID" 2>/dev/null
wait "$FLOOD_PID" 2>/dev/null
kill -INT "$tp"
wait "$tp"
check "--keep-hooks: every hook stays attached through 3 s of flood" test "$fewest" -eq "$all"
check "--keep-hooks: stats say no detach" \
	jq -e -s 'map(select(.type=="stats"))[0] | .partial==0 and .route_hook_detaches==0' "$TMP/keep"

# bad input
"$DROPDOC" trace --json 'host and' >"$TMP/bad" 2>/dev/null
check "bad filter: exit 3 and a JSON error" bash -c "[ $? -eq 3 ] && jq -e '.type==\"error\"' '$TMP/bad' >/dev/null"
"$DROPDOC" trace -n "$T-nope" icmp >/dev/null 2>&1
check "unknown netns: exit 4" test $? -eq 4
check "nothing stays attached" no_orphan_progs

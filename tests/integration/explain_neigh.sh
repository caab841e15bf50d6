#!/usr/bin/env bash
# The neighbour-failure row on real namespaces: the lab's neigh-failed
# scenario (an on-link address nobody owns), and a gateway nobody answers
# for — the finding names the route, the next hop, its FAILED entry and the
# fix with the real device and addresses. ARP is made to give up fast
# (one request, 100 ms) so the drops come at once.
T=dn$$
. "$(dirname "$0")/../lib.sh"
require_root "explain neigh"

ev() { jq -se --arg s "$2" 'any(.[] | select(.type=="drop") | .finding.evidence[]; contains($s))' "$1" >/dev/null; }
fx() { jq -se --arg s "$2" 'any(.[] | select(.type=="drop") | .finding.fix[]; contains($s))' "$1" >/dev/null; }

# the lab scenario, under our own prefix
at_exit "$DROPDOC lab neigh-failed --down --prefix $T"
start=$(date +%s%N)
"$DROPDOC" lab neigh-failed --json --prefix "$T" >"$TMP/lab" 2>"$TMP/lab.err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "lab neigh-failed passes" test "$rc" -eq 0
check "lab verdict: NEIGH_FAILED seen with finding neigh_failed" \
	jq -se '[.[] | select(.type=="lab")][0] | .ok and .found == 1' "$TMP/lab"
check "lab stays fast (${ms} ms < 3000)" test "$ms" -lt 3000
check "lab drops: reason NEIGH_FAILED at neigh_invalidate on eth0, finding neigh_failed" \
	test "$(jq_count "$TMP/lab" '.type=="drop" and .reason=="NEIGH_FAILED" and .location=="neigh_invalidate" and .dev=="eth0" and .finding.id=="neigh_failed"')" -ge 1
check "lab evidence: the on-link route" ev "$TMP/lab" "route to 192.0.2.99: 192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1"
check "lab evidence: the FAILED entry" ev "$TMP/lab" "neighbour 192.0.2.99 dev eth0: FAILED"
check "lab fix: pin the MAC, in the lab's namespace" \
	fx "$TMP/lab" "ip netns exec $T-neigh-failed-host ip neigh replace 192.0.2.99 lladdr <its MAC> dev eth0 nud permanent"

# a gateway nobody answers for
pair || { not_ok "set up namespaces"; exit 1; }
ip netns exec "$T-a" sysctl -qw net.ipv4.neigh.va.mcast_solicit=1 net.ipv4.neigh.va.retrans_time_ms=100
ip -n "$T-a" link set va up && ip -n "$T-b" link set vb up
ip -n "$T-a" route add 203.0.113.0/24 via 192.0.2.254 dev va
bg_dropdoc "$TMP/gw" drops -n "$T-a" --json -c 1 udp and host 203.0.113.5
nsx a "$TOOLS/udpflood" -s 40003 203.0.113.5 9 1 >/dev/null
wait "$BG_PID"
check "gateway: NEIGH_FAILED with finding neigh_failed" \
	test "$(jq_count "$TMP/gw" '.reason=="NEIGH_FAILED" and .finding.id=="neigh_failed" and .dev=="va"')" -eq 1
check "gateway: summary names the gateway" \
	test "$(jq -r 'select(.type=="drop") | .finding.summary' "$TMP/gw")" = \
	"the gateway 192.0.2.254 did not answer ARP on va: the packet to 203.0.113.5 was dropped"
check "gateway: the route it took" ev "$TMP/gw" "route to 203.0.113.5: 203.0.113.0/24 via 192.0.2.254 dev va"
check "gateway: the next hop" ev "$TMP/gw" "next hop: the gateway 192.0.2.254 on va"
check "gateway: its entry" ev "$TMP/gw" "neighbour 192.0.2.254 dev va: FAILED"
check "gateway: fix the route, with the real prefix and device" \
	fx "$TMP/gw" "ip netns exec $T-a ip route replace 203.0.113.0/24 via <gateway> dev va"
check "gateway: check it, from the namespace" fx "$TMP/gw" "ip netns exec $T-a ping -c1 -I va 192.0.2.254"

check "nothing stays attached" no_orphan_progs

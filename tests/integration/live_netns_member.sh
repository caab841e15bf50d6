#!/usr/bin/env bash
# dropdoc reads other namespaces (models, sockets, counters, devices, nft
# rules) from threads of its own: the process never becomes a member of a
# namespace it explains drops in. `ip netns pids NS` — which CNI cleanups
# and test suites feed to kill -9 — must never list it.
T=ddm$$
. "$(dirname "$0")/../lib.sh"
require_root "netns membership"
pair || { not_ok "set up namespaces"; exit 1; }
# a firewall rule too, so the nftables reader runs in the namespace
ip netns exec "$T-b" nft add table inet ddm && \
	ip netns exec "$T-b" nft add chain inet ddm in '{ type filter hook input priority 0; }' && \
	ip netns exec "$T-b" nft add rule inet ddm in udp dport 7 drop || not_ok "nft rule"

# poll_pids OUT PID...: until killed, every ~10 ms, the dropdoc pids that
# `ip netns pids` shows in either namespace; polls counted in OUT.polls
poll_pids() {
	local out=$1 n=0
	shift
	: >"$out"
	while :; do
		for ns in "$T-a" "$T-b"; do
			ip netns pids "$ns" 2>/dev/null | grep -xF -f <(printf '%s\n' "$@") >>"$out"
		done
		n=$((n + 1))
		echo $n >"$out.polls.tmp" && mv "$out.polls.tmp" "$out.polls" # whole, even if killed
		sleep 0.01
	done
}

# watch_member OUT PID: while PID runs, look as fast as bash can (no fork)
# whether its /proc/PID/ns/net — what `ip netns pids` compares — is either
# namespace; writes "looks hits" to OUT
watch_member() {
	local out=$1 pid=$2 n=0 hits=0
	while kill -0 "$pid" 2>/dev/null; do
		for _ in {1..500}; do
			[[ /proc/$pid/ns/net -ef /run/netns/$T-b || /proc/$pid/ns/net -ef /run/netns/$T-a ]] &&
				hits=$((hits + 1))
		done
		n=$((n + 500))
	done
	echo "$n $hits" >"$out"
}

for cmd in "drops --json" "trace --json"; do
	name=${cmd%% *}
	bg_dropdoc "$TMP/$name" $cmd -n "$T-b" udp
	pid=$BG_PID
	poll_pids "$TMP/$name.pids" "$pid" &
	poller=$!
	at_exit "kill $poller"
	watch_member "$TMP/$name.member" "$pid" &
	watcher=$!
	at_exit "kill $watcher"
	# drops to explain over 3 s: closed ports, 4,000 of them (a socket
	# lookup here and in the other namespace for each new one), and the nft
	# rule
	for i in $(seq 15); do
		nsx a "$TOOLS/udpflood" -s 41000 -r 4000 192.0.2.2 10000 400 >/dev/null
		udp_send a 192.0.2.2 7 1 $((42000 + i))
		sleep 0.2
	done
	kill -INT "$pid"
	wait "$pid"
	wait "$watcher"
	kill "$poller" 2>/dev/null
	wait "$poller" 2>/dev/null
	polls=$(cat "$TMP/$name.pids.polls" 2>/dev/null || echo 0)
	read -r looks hits <"$TMP/$name.member" || looks=0
	check "$name: never a member of either namespace ($looks looks at /proc/PID/ns/net, $hits in one)" \
		test "${looks:-0}" -ge 10000 -a "${hits:-1}" = 0
	# drops: a finding in each drop; trace: finding objects after the journeys
	check "$name explained drops in $T-b (findings present)" \
		test "$(jq_count "$TMP/$name" "(.finding.summary // (select(.type==\"finding\") | .summary)) != null")" -ge 2
	check "$name: ip netns pids never listed dropdoc ($polls polls of both namespaces)" \
		test "$polls" -ge 50 -a ! -s "$TMP/$name.pids"
done
check "nothing stays attached" no_orphan_progs

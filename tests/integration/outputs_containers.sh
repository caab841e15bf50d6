#!/usr/bin/env bash
# Containers: an unnamed namespace is named by the process in it (pid/comm)
# and, when that process's cgroup looks like a container's
# (docker-<64 hex>.scope), by the short container id — in text, JSON,
# pcapng and the exporter's labels. The "container" is a sleep in a cgroup
# v2 directory named the way docker's systemd driver names them.
T=ddc$$
. "$(dirname "$0")/../lib.sh"
require_root "containers"
CG=$(findmnt -rn -t cgroup2 -o TARGET | head -n1)
ID=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
DIR=$CG/docker-$ID.scope
if [ -z "$CG" ] || ! mkdir "$DIR" 2>/dev/null; then
	skip_or_fail "containers" "no writable cgroup v2 hierarchy (the parser is unit-tested: test_netns)"
	exit 0
fi
unshare -n sleep 300 &
P=$!
at_exit "kill $P; wait $P; rmdir $DIR"
echo "$P" >"$DIR/cgroup.procs" || { not_ok "move the sleep into $DIR"; exit 1; }
# in its own namespace once unshare has exec'd the sleep
own_ns() { [ "$(cat /proc/$P/comm 2>/dev/null)" = sleep ] && ! [ /proc/$P/ns/net -ef /proc/self/ns/net ]; }
wait_for "the container's sleep in its own namespace" 5 own_ns || exit 1
ns_add a && ip link add vx netns "$T-a" type veth peer name vy netns "$P" &&
	ip -n "$T-a" addr add 203.0.113.1/24 dev vx && ip -n "$T-a" link set vx up &&
	nsenter -t "$P" -n ip addr add 203.0.113.2/24 dev vy && nsenter -t "$P" -n ip link set vy up ||
	{ not_ok "set up the container's namespace"; exit 1; }
SHORT=${ID:0:12}
NAME=$P/sleep

bg_dropdoc "$TMP/j" drops -n "$P" --json -c 1 udp
udp_send a 203.0.113.2 9 1
wait "$BG_PID"
check "JSON: netns_name is pid/comm, container the short id" test \
	"$(jq_count "$TMP/j" ".type==\"drop\" and .netns_name==\"$NAME\" and .container==\"$SHORT\" and .dev==\"vy\"")" -eq 1

bg_dropdoc "$TMP/t" drops -n "$P" -c 1 udp
udp_send a 203.0.113.2 9 1
wait "$BG_PID"
check "text: netns pid/comm (container ID)" grep -qF "dev vy netns $NAME (container $SHORT): IP 203.0.113.1." "$TMP/t"

if command -v tshark >/dev/null; then
	bg_dropdoc "$TMP/w" drops -n "$P" -w "$TMP/c.pcapng" -c 1 udp
	udp_send a 203.0.113.2 9 1
	wait "$BG_PID"
	check "pcapng: interface vy@pid/comm, the container in the comment" test \
		"$(tshark -r "$TMP/c.pcapng" -T fields -e frame.interface_name -e frame.comment 2>/dev/null | grep -cF "vy@$NAME	NO_SOCKET at __udp4_lib_rcv")$(tshark -r "$TMP/c.pcapng" -T fields -e frame.comment 2>/dev/null | grep -cE "container $SHORT(;|$)")" = 11
fi

PORT=$(free_port)
"$DROPDOC" exporter --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP exporter
wait_for "the exporter to answer" 5 curl -sf -o /dev/null "http://127.0.0.1:$PORT/metrics"
udp_send a 203.0.113.2 9 2
check "exporter: netns and container labels" grep -qxF \
	"dropdoc_drops_total{reason=\"NO_SOCKET\",location=\"__udp4_lib_rcv\",device=\"vy\",netns=\"$NAME\",container=\"$SHORT\"} 2" \
	<(curl -sf "http://127.0.0.1:$PORT/metrics")

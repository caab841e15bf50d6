# shellcheck shell=bash
# Shared helpers for integration tests. Each test script sources this file,
# prints TAP lines ("ok - ...", "not ok - ..."), and cleans up on EXIT.
#
# Namespaces created here are named "$T-<name>", with T unique per run, and
# are deleted on exit even when the test fails.
set -uo pipefail
DROPDOC=${DROPDOC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/dropdoc}
TOOLS=${TOOLS:-$(dirname "$DROPDOC")/tools}
T=${T:-ddt$$}
_ns=()
_cleanup_cmds=()
TMP=$(mktemp -d)

_cleanup() {
	local c
	for c in "${_cleanup_cmds[@]}"; do eval "$c" >/dev/null 2>&1; done
	for c in "${_ns[@]}"; do ip netns del "$c" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
# check DESC CMD...: ok when CMD succeeds
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		not_ok "$1 (cannot run: $2)"
	else
		echo "ok - $1 # SKIP $2"
	fi
}
# require_root DESC: exit the script (skipping, or failing under CI) without root
require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		skip_or_fail "$1" "needs root"
		exit 0
	fi
	if ! ip netns add "$T-probe" 2>/dev/null; then
		skip_or_fail "$1" "cannot create network namespaces"
		exit 0
	fi
	ip netns del "$T-probe"
}
at_exit() { _cleanup_cmds+=("$*"); }
# ns_add NAME: create namespace $T-NAME with lo up
ns_add() {
	ip netns add "$T-$1" && _ns+=("$T-$1") && ip -n "$T-$1" link set lo up
}
# veth NS1 IF1 NS2 IF2: a veth pair between two of our namespaces
veth() {
	ip link add "$2" netns "$T-$1" type veth peer name "$4" netns "$T-$3" &&
		ip -n "$T-$1" link set "$2" up && ip -n "$T-$3" link set "$4" up
}
nsx() {
	local n=$1
	shift
	ip netns exec "$T-$n" "$@"
}
# jq_count FILE FILTER: number of JSON lines in FILE matching jq FILTER
jq_count() { jq -c "select($2)" "$1" 2>/dev/null | wc -l | tr -d ' '; }
# pair NAME_A NAME_B: two namespaces $T-a/$T-b joined by veth va/vb with
# 192.0.2.1/24 and 2001:db8::1/64 on a, .2 and ::2 on b.
pair() {
	ns_add a && ns_add b && veth a va b vb &&
		ip -n "$T-a" addr add 192.0.2.1/24 dev va &&
		ip -n "$T-b" addr add 192.0.2.2/24 dev vb &&
		ip -n "$T-a" addr add 2001:db8::1/64 dev va nodad &&
		ip -n "$T-b" addr add 2001:db8::2/64 dev vb nodad
}
# wait_for DESC SECONDS CMD...: until CMD succeeds, polled every 50 ms. On
# timeout the test fails: a "not ok" line saying what never came, status 1.
wait_for() {
	local desc=$1 secs=$2 n=$(($2 * 20))
	shift 2
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	not_ok "waited for $desc: not within ${secs}s"
	return 1
}
# attached_or_gone PID: PID holds a BPF link (its collector is attached), or
# it has exited (its exit status is the test's to judge)
attached_or_gone() { attached "$1" || ! kill -0 "$1" 2>/dev/null; }
# bg OUTFILE CMD...: run CMD in the background, stdout to OUTFILE, and wait
# until it has attached (10 s at most: then the test fails and it is
# stopped).
bg_dropdoc() {
	local out=$1
	shift
	"$DROPDOC" "$@" >"$out" 2>"$out.err" &
	BG_PID=$!
	at_exit "kill $BG_PID"
	wait_for "dropdoc $* to attach" 10 attached_or_gone "$BG_PID" && return 0
	kill "$BG_PID" 2>/dev/null # not attached: a wait on it must not hang
	return 1
}
# wait_attached PID [WHAT]: until PID (started some other way) holds its
# BPF links (10 s at most: then the test fails)
wait_attached() {
	wait_for "${2:-process $1} to attach" 10 attached_or_gone "$1"
}
# free_port: a TCP port nobody listens on now, on loopback
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
udp_send() { # NS DST PORT COUNT [SPORT]
	nsx "$1" "$TOOLS/udpflood" -s "${5:-40000}" "$2" "$3" "$4" >/dev/null
}
# no_orphan_progs: no dropdoc BPF program is loaded without a live process
# holding it (a pinned or leaked attachment). Programs that other dropdoc
# runs going on at the same time hold do not count. The kernel frees the
# programs of a process that just exited a moment later (RCU, a work
# queue): a leak is one still there after 3 s.
no_orphan_progs() {
	for _ in $(seq 30); do
		_no_orphan_progs_now && return 0
		sleep 0.1
	done
	return 1
}
_no_orphan_progs_now() {
	local held ids id
	held=$(cat /proc/[0-9]*/fdinfo/* 2>/dev/null | awk '/^prog_id:/ {print $2}' | sort -u)
	ids=$(bpftool prog show -j 2>/dev/null |
		jq -r '.[] | select(.name=="on_kfree_skb" or (.name // "" | test("^(dd_|trace_|on_xdp|on_icmp)"))) | .id')
	for id in $ids; do
		grep -qx "$id" <<<"$held" || return 1
	done
	return 0
}
# attached PID: the process holds a BPF link for every BPF program it has
# loaded (its collector is attached: all its hooks, not only the first;
# trace's kfree_skb link comes eighth). Debian's bpftool shows no pids, so
# this reads the process's own fds: a program's fdinfo has prog_type and
# prog_id, a link's link_type and the prog_id it runs. (trace may later
# detach its route hook on a busy host: wait right after starting it.)
attached() {
	cat /proc/"$1"/fdinfo/* 2>/dev/null | awk '
		/^pos:/ { k = "" }
		/^link_type:/ { k = "link" }
		/^prog_type:/ { k = "prog" }
		/^prog_id:/ { if (k == "link") linked[$2] = 1; else if (k == "prog") loaded[$2] = 1 }
		END {
			for (p in linked) n++
			if (!n) exit 1
			for (p in loaded) if (!(p in linked)) exit 1
		}'
}

#!/usr/bin/env bash
# A closed output pipe ends a live run at once and cleanly, as tcpdump
# does: `dropdoc drops | head -2` while drops keep coming exits 0 within a
# second or two, and nothing stays attached.
T=ddp$$
. "$(dirname "$0")/../lib.sh"
require_root "live pipe"
pair || { not_ok "set up namespaces"; exit 1; }

# steady drops (UDP to a closed port), bounded: 20 rounds a second for 30 s
# at most, stopped at exit
nsx a bash -c "for i in \$(seq 600); do $TOOLS/udpflood -s 40001 192.0.2.2 9 5 >/dev/null; sleep 0.05; done" &
at_exit "kill $!"

# piped MODE ARGS...: dropdoc ARGS | head -2; prints "rc seconds lines"
piped() {
	local t0 t1 rc lines
	t0=$(date +%s%N)
	lines=$("$DROPDOC" "$@" 2>"$TMP/err" | head -2 | wc -l)
	rc=${PIPESTATUS[0]}
	t1=$(date +%s%N)
	echo "$rc $(((t1 - t0) / 1000000)) $lines"
}

for args in "drops -n $T-b udp" "drops -n $T-b --json udp" "drops -n $T-b --no-explain udp" \
	"trace -n $T-b udp" "drops -n $T-b --summary --interval 0.3"; do
	read -r rc ms lines <<<"$(timeout 20 bash -c "$(declare -f piped); DROPDOC=$DROPDOC TMP=$TMP piped $args")"
	check "$args | head -2: two lines, exit 0 (was: ran on until killed)" \
		test "$lines" = 2 -a "$rc" = 0
	check "$args | head -2: ended within 3 s ($ms ms)" test "${ms:-99999}" -lt 3000
done
# lab: the first line, then nobody reads: no more scenarios, exit 0,
# nothing of the lab's left
t0=$(date +%s%N)
"$DROPDOC" lab all --prefix "$T-lab" 2>/dev/null | head -1 >/dev/null
rc=${PIPESTATUS[0]}
ms=$((($(date +%s%N) - t0) / 1000000))
check "lab all | head -1: exit 0 within 10 s (rc $rc, $ms ms)" test "$rc" = 0 -a "$ms" -lt 10000
check "lab all | head -1: no namespace of the lab left" test "$(ip netns list | grep -c "^$T-lab")" = 0
check "nothing stays attached" no_orphan_progs

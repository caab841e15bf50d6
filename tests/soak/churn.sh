#!/usr/bin/env bash
# Namespace churn under the live runs: CHURN_N namespace pairs (default
# 120) are created, given drops (UDP to a closed port), and deleted, one
# after another (CHURN_LIVE of them alive at a time), while `drops --json`,
# `drops` (text), `trace --json` and the exporter run. Checks: the drop
# lines name the namespace that had the drop's address (names are checked
# against what this script created: no stale or reused name); RSS and open
# fds of every run level off (bounds below); the exporter answers
# throughout; no run crashes; nothing stays attached after they end.
# Prints RSS/fds every CHURN_REPORT rounds. Used by `make check` (short,
# tests/integration/live_churn.sh) and `make soak` (CHURN_N=10000).
T=${T:-ddc$$}
. "$(dirname "$0")/../lib.sh"
require_root "namespace churn"
N=${CHURN_N:-120}
LIVE=${CHURN_LIVE:-8}
REPORT=${CHURN_REPORT:-40}
FD_SLACK=${CHURN_FD_SLACK:-160}    # fds a run may hold above its start: 64 models x 2, + slack
RSS_SLACK_KB=${CHURN_RSS_KB:-16384} # RSS growth allowed after the first report

port=$(free_port)
bg_dropdoc "$TMP/drops.json" drops --json 'udp and dst port 9'
p_json=$BG_PID
bg_dropdoc "$TMP/drops.txt" drops 'udp and dst port 9'
p_txt=$BG_PID
bg_dropdoc "$TMP/trace.json" trace --json 'udp and dst port 9'
p_trace=$BG_PID
"$DROPDOC" exporter --listen "127.0.0.1:$port" 2>"$TMP/exp.err" &
p_exp=$!
at_exit "kill $p_exp"
wait_attached "$p_exp"
pids="$p_json $p_txt $p_trace $p_exp"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
declare -A rss0 fds0 rssmax fdsmax
for p in $pids; do fds0[$p]=$(fds "$p") rssmax[$p]=0 fdsmax[$p]=0; done

# round i: namespaces $T-i-a / $T-i-b, 198.18.X.Y/30 between them
addr() { echo "198.18.$(($1 / 64 % 256)).$((($1 % 64) * 4 + $2))"; }
mk() {
	local i=$1
	ip netns add "$T-$i-a" && ip netns add "$T-$i-b" &&
		ip link add va netns "$T-$i-a" type veth peer name vb netns "$T-$i-b" &&
		ip -n "$T-$i-a" addr add "$(addr "$i" 1)/30" dev va &&
		ip -n "$T-$i-b" addr add "$(addr "$i" 2)/30" dev vb &&
		ip -n "$T-$i-a" link set va up && ip -n "$T-$i-b" link set vb up
}
rm_ns() { ip netns del "$T-$1-a" 2>/dev/null; ip netns del "$T-$1-b" 2>/dev/null; }
at_exit "for i in \$(seq 0 $N); do ip netns del $T-\$i-a; ip netns del $T-\$i-b; done 2>/dev/null"

scrapes=0 scrape_fail=0 made=0
for i in $(seq 1 "$N"); do
	if mk "$i"; then
		made=$((made + 1))
		ip netns exec "$T-$i-a" "$TOOLS/udpflood" -s 40000 "$(addr "$i" 2)" 9 2 >/dev/null
	fi
	[ "$i" -gt "$LIVE" ] && rm_ns $((i - LIVE))
	if [ $((i % 10)) = 0 ]; then
		scrapes=$((scrapes + 1))
		curl -sf --max-time 2 "http://127.0.0.1:$port/metrics" >/dev/null || scrape_fail=$((scrape_fail + 1))
	fi
	if [ $((i % REPORT)) = 0 ] || [ "$i" = "$N" ]; then
		line="round $i:"
		for p in $pids; do
			r=$(rss "$p") f=$(fds "$p")
			[ "$i" = "$REPORT" ] && rss0[$p]=$r
			[ "$r" -gt "${rssmax[$p]}" ] && rssmax[$p]=$r
			[ "$f" -gt "${fdsmax[$p]}" ] && fdsmax[$p]=$f
			line+=" $p rss ${r}kB fds $f;"
		done
		echo "# $line"
	fi
done
# the last pairs go only once the readers have named their drops (a drop
# read after its namespace is gone cannot be named: that is not the test)
last=$(addr "$N" 2)
wait_for "the readers saw the last pair's drops" 10 bash -c \
	"grep -q '\"dst\":\"$last\"' '$TMP/drops.json' && grep -q '$last' '$TMP/trace.json' &&
	 grep -q '> $last.9:' '$TMP/drops.txt'"
for i in $(seq $((N - LIVE + 1)) "$N"); do rm_ns "$i"; done
sleep 1 # the teardown's own drops reach the readers
alive=0
for p in $pids; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
check "all four runs alive after $N namespace pairs came and went ($made made)" test "$alive" = 4
for p in $pids; do kill -INT "$p" 2>/dev/null; done
for p in $pids; do wait "$p" 2>/dev/null; done

# names: the drop to 198.18.X.Y/30's .2 is in $T-i-b, nothing else
bad=$(jq -r 'select(.type=="drop") | "\(.dst) \(.netns_name)"' "$TMP/drops.json" | while read -r dst name; do
	IFS=. read -r _ _ x y <<<"$dst"
	i=$((x * 64 + (y - 2) / 4))
	[ "$name" = "$T-$i-b" ] || echo "$dst $name"
done | head -5)
n_drops=$(jq_count "$TMP/drops.json" '.type=="drop"')
check "drops --json: $n_drops drops, each named by the namespace that had its address${bad:+ (wrong: $bad)}" \
	test "$n_drops" -ge $((made * 3 / 2)) -a -z "$bad"
bad=$(grep -E 'NO_SOCKET' "$TMP/drops.txt" | sed -nE 's/.* netns ([^ :]+).* > (198\.18\.[0-9.]+)\.9: .*/\2 \1/p' | while read -r dst name; do
	IFS=. read -r _ _ x y <<<"$dst"
	i=$((x * 64 + (y - 2) / 4))
	[ "$name" = "$T-$i-b" ] || echo "$dst $name"
done | head -5)
check "drops (text): names right${bad:+ (wrong: $bad)}" test -z "$bad" -a "$(grep -c NO_SOCKET "$TMP/drops.txt")" -ge "$made"
bad=$(jq -r 'select(.type=="hop" and .kind=="drop") | "\(.dst) \(.netns_name)"' "$TMP/trace.json" | while read -r dst name; do
	IFS=. read -r _ _ x y <<<"$dst"
	i=$((x * 64 + (y - 2) / 4))
	[ "$name" = "$T-$i-b" ] || echo "$dst $name"
done | head -5)
check "trace: drop hops named right${bad:+ (wrong: $bad)}" test -z "$bad"
check "exporter answered every scrape ($scrapes, $scrape_fail failed)" test "$scrape_fail" = 0
for p in $pids; do
	fgrow=$((fdsmax[$p] - fds0[$p])) rgrow=$((rssmax[$p] - ${rss0[$p]:-${rssmax[$p]}}))
	check "pid $p: fds at most $fgrow above its start (bound $FD_SLACK), RSS grew ${rgrow} kB after round $REPORT (bound $RSS_SLACK_KB)" \
		test "$fgrow" -le "$FD_SLACK" -a "$rgrow" -le "$RSS_SLACK_KB"
done
check "nothing stays attached" no_orphan_progs

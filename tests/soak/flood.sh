#!/usr/bin/env bash
# A long drop flood (SOAK_SECONDS, default 1800) between two namespaces of
# this script's, while `drops --json`, `trace --json` (both to /dev/null)
# and the exporter run, the exporter scraped every second. Reports RSS and
# open fds of each run every minute (SOAK_EVERY seconds); checks that they
# level off (the second half's peak at most SOAK_RSS_KB / a few fds above
# the first half's), that every scrape answered, that no run died, and that
# nothing stays attached. Part of `make soak`.
T=${T:-dds$$}
. "$(dirname "$0")/../lib.sh"
require_root "drop flood soak"
SECS=${SOAK_SECONDS:-1800}
EVERY=${SOAK_EVERY:-60}
RSS_SLACK_KB=${SOAK_RSS_KB:-8192}
pair || { not_ok "set up namespaces"; exit 1; }
port=$(free_port)
bg_dropdoc /dev/null drops --json udp
p1=$BG_PID
bg_dropdoc /dev/null trace --json 'udp and dst port 9'
p2=$BG_PID
"$DROPDOC" exporter --listen "127.0.0.1:$port" 2>/dev/null &
p3=$!
at_exit "kill $p3"
wait_attached "$p3"
pids="$p1 $p2 $p3"
# the flood: bounded by time, sources spread over 64 ports
(
	end=$((SECONDS + SECS))
	while [ $SECONDS -lt $end ]; do
		nsx a "$TOOLS/udpflood" -s 40000 -r 64 192.0.2.2 9 200000 >/dev/null
	done
) &
flood=$!
at_exit "kill $flood"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
declare -A r1 r2 f1 f2
for p in $pids; do r1[$p]=0 r2[$p]=0 f1[$p]=0 f2[$p]=0; done
scrapes=0 failed=0
start=$SECONDS
while [ $((SECONDS - start)) -lt "$SECS" ]; do
	curl -sf --max-time 1 "http://127.0.0.1:$port/metrics" >/dev/null || failed=$((failed + 1))
	scrapes=$((scrapes + 1))
	t=$((SECONDS - start))
	if [ $((t % EVERY)) = 0 ] && [ "${last:-}" != "$t" ]; then
		last=$t line="t=${t}s:"
		for p in $pids; do
			r=$(rss "$p") f=$(fds "$p")
			line+=" $p rss ${r}kB fds $f;"
			if [ "$t" -lt $((SECS / 2)) ]; then
				[ "$r" -gt "${r1[$p]}" ] && r1[$p]=$r
				[ "$f" -gt "${f1[$p]}" ] && f1[$p]=$f
			else
				[ "$r" -gt "${r2[$p]}" ] && r2[$p]=$r
				[ "$f" -gt "${f2[$p]}" ] && f2[$p]=$f
			fi
		done
		echo "# $line"
	fi
	sleep 1 # the scrape interval under test
done
kill "$flood" 2>/dev/null
alive=0
for p in $pids; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
check "all three runs alive after ${SECS}s of flood" test "$alive" = 3
check "every scrape answered within 1 s ($scrapes, $failed failed)" test "$failed" = 0
for p in $pids; do
	check "pid $p levels off: RSS peak ${r1[$p]} kB then ${r2[$p]} kB (slack $RSS_SLACK_KB), fds ${f1[$p]} then ${f2[$p]}" \
		test "${r2[$p]}" -le $((r1[$p] + RSS_SLACK_KB)) -a "${f2[$p]}" -le $((f1[$p] + 4))
	kill -INT "$p" 2>/dev/null
done
for p in $pids; do wait "$p" 2>/dev/null; done
check "nothing stays attached" no_orphan_progs

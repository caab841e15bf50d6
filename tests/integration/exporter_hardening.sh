#!/usr/bin/env bash
# The exporter cannot be starved (it may be reachable from a pod network):
# 100 idle connections held open, a slowloris client dribbling its headers,
# 100 concurrent scrapes — scrapes are answered within a second throughout.
# Only GET and HEAD (405), no bodies (413), unknown paths 404, loopback by
# default, nothing attached after SIGTERM.
T=ddh$$
. "$(dirname "$0")/../lib.sh"
require_root "exporter hardening"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT/metrics"
"$DROPDOC" exporter --listen "127.0.0.1:$PORT" >"$TMP/out" 2>"$TMP/err" &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP exporter
wait_for "the exporter to answer" 5 curl -sf -o /dev/null "$URL"

# scrapes N: N scrapes 100 ms apart; prints "answered slowest_ms"
scrapes() {
	local ok=0 worst=0 t0 t1 ms
	for _ in $(seq "$1"); do
		t0=$(date +%s%N)
		curl -sf --max-time 1 -o /dev/null "$URL" && ok=$((ok + 1))
		t1=$(date +%s%N) ms=$(((t1 - t0) / 1000000))
		[ $ms -gt $worst ] && worst=$ms
		sleep 0.1 # the scrape interval under test
	done
	echo "$ok $worst"
}

# (a) 100 idle connections held open for the whole test
python3 - "$PORT" 100 >"$TMP/idle" 2>&1 <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    socks.append(s)
print("held", len(socks), flush=True)
time.sleep(30)
PY
idle=$!
at_exit "kill $idle"
wait_for "100 idle connections" 5 grep -q '^held 100' "$TMP/idle"
read -r ok worst <<<"$(scrapes 30)"
check "100 idle connections held: 30 of 30 scrapes answered within 1 s (got $ok, slowest ${worst} ms)" \
	test "$ok" = 30

# (b) slowloris: headers one byte a second, while scrapes go on
python3 - "$PORT" >"$TMP/slow" 2>&1 <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print("connected", flush=True)
for b in b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40:
    try:
        s.send(bytes([b]))
    except OSError:
        print("closed by the server", flush=True)
        break
    time.sleep(1)
PY
slow=$!
at_exit "kill $slow"
wait_for "the slowloris client" 5 grep -q connected "$TMP/slow"
read -r ok worst <<<"$(scrapes 30)"
check "slowloris dribbling: 30 of 30 scrapes answered within 1 s (got $ok, slowest ${worst} ms)" \
	test "$ok" = 30

# (c) methods, bodies, paths
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@"; }
for m in POST PUT DELETE PATCH; do
	check "$m: 405" test "$(code -X "$m" "$URL")" = 405
done
check "GET with a body: 413" test "$(code -X GET --data-binary 'x=1' "$URL")" = 413
check "HEAD: 200" test "$(code -I "$URL")" = 200
check "unknown path: 404" test "$(code "http://127.0.0.1:$PORT/nope")" = 404

# (d) 100 concurrent scrapes
seq 100 | xargs -P 100 -I{} curl -s -o /dev/null --max-time 2 -w '%{http_code} %{time_total}\n' "$URL" >"$TMP/conc"
n200=$(grep -c '^200 ' "$TMP/conc")
slowest=$(awk '{print $2}' "$TMP/conc" | sort -n | tail -1)
check "100 concurrent scrapes: all 200 (got $n200), slowest ${slowest}s < 1 s" \
	awk -v n="$n200" -v s="$slowest" 'BEGIN { exit !(n == 100 && s < 1) }'

# (e) loopback by default
PORT2=9796
if ! ss -ltnH "sport = :$PORT2" | grep -q .; then
	"$DROPDOC" exporter >/dev/null 2>&1 &
	def=$!
	at_exit "kill $def"
	wait_attached $def "exporter on the default address"
	wait_for "the default exporter" 5 curl -sf -o /dev/null "http://127.0.0.1:$PORT2/metrics"
	check "default: bound to 127.0.0.1:9796 only" bash -c "ss -ltnH 'sport = :$PORT2' | grep -q '127.0.0.1:$PORT2' && ! ss -ltnH 'sport = :$PORT2' | grep -qv 127.0.0.1"
	kill -TERM $def
	wait $def
fi

# (f) SIGTERM: exit 0, nothing attached
kill -TERM $EXP
wait $EXP
check "SIGTERM: exit 0" test $? -eq 0
check "nothing stays attached" no_orphan_progs

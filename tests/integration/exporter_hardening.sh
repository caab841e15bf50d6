#!/usr/bin/env bash
# The exporter cannot be starved (it may be reachable from a pod network,
# issue 12): scrapes every 100 ms are each answered within 1 s while 100
# idle connections are held (opened again as soon as the server drops one),
# while 100 connections dribble request headers a byte a second (slowloris:
# each is cut at the 5 s header deadline), while 1,100 such connections from
# 11 addresses flood it; 100 concurrent scrapes are answered. One address
# keeps at most 16 connections to a listener that is not loopback. Only GET
# and HEAD (405 with Allow), no bodies (413), unknown paths 404, a scrape's
# connection stays open for the next one, loopback by default; SIGTERM with
# connections open exits 0 with nothing attached. Figures (latencies, when
# the server closed connections) are in the test names.
T=ddh$$
. "$(dirname "$0")/../lib.sh"
require_root "exporter hardening"
for t in curl python3 ss xargs; do
	command -v $t >/dev/null || { skip_or_fail "exporter hardening" "no $t"; exit 0; }
done

# hold.py HOST PORT N MODE SECONDS [SRC,...]: N TCP connections to
# HOST:PORT (from the SRC addresses in turn), kept SECONDS. MODE idle: they
# send nothing; dribble: each sends a request's headers one byte a second,
# never ending them; with "+reopen", one the server closes is opened again.
# Prints "ready N" once connected, and at the end "held H closed C first F
# last L reopened R": C closed by the server, the first and last F, L
# seconds after the start (-1 when none).
cat >"$TMP/hold.py" <<'PY'
import resource, socket, sys, time
host, port, n, mode, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
srcs = sys.argv[6].split(",") if len(sys.argv) > 6 else [None]
dribble, reopen = mode.startswith("dribble"), mode.endswith("+reopen")
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 64)), hard))
def connect(i):
    s = socket.socket()
    try:
        if srcs[i % len(srcs)]:
            s.bind((srcs[i % len(srcs)], 0))
        s.settimeout(2)
        s.connect((host, port))
        s.setblocking(False)
        return s
    except OSError:
        s.close()
        return None
def gone(s):
    try:
        return s.recv(65536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
t0 = time.monotonic()
socks = [connect(i) for i in range(n)]
print("ready", sum(s is not None for s in socks), flush=True)
hdr = b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "
sent, closed, reopened = [0] * n, [], 0
while time.monotonic() - t0 < secs:
    for i, s in enumerate(socks):
        if s is not None and not gone(s):
            if not dribble:
                continue
            try:
                s.send(hdr[sent[i]:sent[i] + 1] or b"a")
                sent[i] += 1
                continue
            except OSError:
                pass
        if s is not None:
            closed.append(time.monotonic() - t0)
            s.close()
            socks[i], sent[i] = None, 0
        if reopen:
            socks[i] = connect(i)
            reopened += socks[i] is not None
    time.sleep(1 if dribble else 0.1)
held = sum(s is not None for s in socks)
first, last = (min(closed), max(closed)) if closed else (-1, -1)
print("held %d closed %d first %.1f last %.1f reopened %d" % (held, len(closed), first, last, reopened))
PY

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
URL=$BASE/metrics
CL=()  # how clients run: CL=(ip netns exec NS) in namespace NS
SRC=() # curl's source address (--interface), when set
code() { "${CL[@]}" curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$@"; }
answers() { test "$(code "${SRC[@]}" "$URL")" = 200; }
# scrapes N FILE: N scrapes of URL 100 ms apart, "CODE SECONDS" a line
scrapes() {
	local i
	for ((i = 0; i < $1; i++)); do
		"${CL[@]}" curl -s -o /dev/null --max-time 1 -w '%{http_code} %{time_total}\n' \
			"${SRC[@]}" "$URL" >>"$2"
		sleep 0.1 # the scrape interval under test
	done
}
# all_fast FILE N: N answers in FILE, every one a 200 within 1 s
all_fast() { awk -v n="$2" '$1 == 200 && $2 < 1 {k++} END {exit !(NR == n && k == n)}' "$1"; }
# tally FILE: "K/N answered 200, max S s"
tally() { awk '$1 == 200 {k++} $2 > m {m = $2} END {printf "%d/%d answered 200, max %.3f s", k, NR, m}' "$1"; }
# held FILE FIELD: a field of hold.py's last line
held() { awk -v f="$2" '$1 == "held" {for (i = 1; i < NF; i++) if ($i == f) print $(i + 1)}' "$1"; }
# hold OUT ARGS...: hold.py ARGS in the background (H its pid), until it is ready
hold() {
	local out=$1
	shift
	"${CL[@]}" python3 "$TMP/hold.py" "$@" >"$out" 2>"$out.err" &
	H=$!
	at_exit "kill $H"
	wait_for "hold.py $* to connect" 10 grep -q '^ready' "$out"
}

"$DROPDOC" exporter --listen "127.0.0.1:$PORT" >"$TMP/out" 2>"$TMP/err" &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP exporter || exit 1
wait_for "the exporter to answer" 5 answers || exit 1
check "--listen 127.0.0.1:PORT binds that address only" \
	test "$(ss -ltnH "sport = :$PORT" | awk '{print $4}')" = "127.0.0.1:$PORT"

# 100 idle connections, each opened again as soon as the server drops it
hold "$TMP/idle" 127.0.0.1 "$PORT" 100 idle+reopen 7
scrapes 50 "$TMP/a"
wait $H
check "100 idle connections held: scrapes every 100 ms $(tally "$TMP/a")" all_fast "$TMP/a" 50
check "the 100 idle connections were held until the idle timeout ($(tail -n1 "$TMP/idle"))" \
	awk -v f="$(held "$TMP/idle" first)" 'BEGIN {exit !(f == -1 || f >= 4)}'

# slowloris: 100 connections sending headers one byte a second
hold "$TMP/slow" 127.0.0.1 "$PORT" 100 dribble 10
scrapes 60 "$TMP/b"
wait $H
check "100 slowloris connections: scrapes every 100 ms $(tally "$TMP/b")" all_fast "$TMP/b" 60
check "each slowloris connection cut at the 5 s header deadline ($(tail -n1 "$TMP/slow"))" \
	awk -v c="$(held "$TMP/slow" closed)" -v f="$(held "$TMP/slow" first)" \
	-v l="$(held "$TMP/slow" last)" 'BEGIN {exit !(c == 100 && f >= 4 && l <= 8)}'

# a flood: 1,100 connections dribbling headers from 11 addresses (more
# than there are slots, 100 an address), each opened again when closed
hold "$TMP/flood" 127.0.0.1 "$PORT" 1100 dribble+reopen 9 "$(seq -f '127.0.0.%g' -s, 2 12)"
scrapes 50 "$TMP/f"
wait $H
check "1,100 dribbling connections: scrapes every 100 ms $(tally "$TMP/f")" all_fast "$TMP/f" 50
check "the oldest were closed for newer ones ($(tail -n1 "$TMP/flood"))" \
	awk -v c="$(held "$TMP/flood" closed)" 'BEGIN {exit !(c >= 100)}'

# methods, paths, bodies
for m in POST PUT DELETE PATCH OPTIONS; do
	check "$m: 405" test "$(code -X $m "$URL")" = 405
done
check "a 405 says Allow: GET, HEAD" bash -c \
	"curl -s --max-time 2 -o /dev/null -D - -X POST '$URL' | grep -qi '^Allow: GET, HEAD'"
check "unknown path: 404" test "$(code "$BASE/nope")" = 404
check "GET with a body: 413" test "$(code -X GET --data-binary x "$URL")" = 413
check "GET with a chunked body: 413" \
	test "$(code -X GET -H 'Transfer-Encoding: chunked' --data-binary x "$URL")" = 413
head -c 1048576 /dev/zero >"$TMP/1m"
check "GET with a 1 MiB body: 413 before the body is sent" \
	test "$(code -X GET --data-binary @"$TMP/1m" "$URL")" = 413
check "POST with a body: 405" test "$(code --data-binary x "$URL")" = 405
check "HEAD /metrics: 200" test "$(code -I "$URL")" = 200
check "GET /: 200" test "$(code "$BASE/")" = 200
check "a scrape's connection stays open for the next scrape" test \
	"$(curl -s --max-time 2 -o /dev/null -o /dev/null -w '%{http_code}:%{num_connects} ' "$URL" "$URL")" \
	= "200:1 200:0 "

# 100 scrapes at once
seq 100 | xargs -P 100 -I{} curl -s -o /dev/null --max-time 5 \
	-w '%{http_code} %{time_total}\n' "$URL" >"$TMP/d"
check "100 concurrent scrapes: $(tally "$TMP/d")" \
	awk '$1 == 200 && $2 < 2 {k++} END {exit !(NR == 100 && k == 100)}' "$TMP/d"

# SIGTERM with 100 connections open: exits 0 at once, nothing attached
hold "$TMP/term" 127.0.0.1 "$PORT" 100 idle 5
kill -TERM $EXP
wait_for "the exporter to exit after SIGTERM" 3 bash -c "! kill -0 $EXP 2>/dev/null"
wait $EXP
check "SIGTERM with 100 connections open: exits 0" test $? -eq 0
wait $H
check "nothing stays attached after SIGTERM" no_orphan_progs

# the default address, and one address's share of a listener that is not
# loopback: in namespaces of our own (port 9796 there is ours)
pair || { not_ok "set up namespaces"; exit 1; }
ip netns exec "$T-a" "$DROPDOC" exporter >"$TMP/ns.out" 2>"$TMP/ns.err" &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP "exporter in $T-a" || exit 1
CL=(ip netns exec "$T-a") URL=http://127.0.0.1:9796/metrics
wait_for "the default exporter to answer" 5 answers || exit 1
check "default: listens on 127.0.0.1:9796 only" \
	test "$(nsx a ss -ltnH | awk '{print $4}')" = "127.0.0.1:9796"
kill -TERM $EXP
wait $EXP
check "default exporter: SIGTERM exits 0" test $? -eq 0

ip -n "$T-b" addr add 192.0.2.3/24 dev vb
ip netns exec "$T-a" "$DROPDOC" exporter --listen 192.0.2.1:9796 >"$TMP/ns.out" 2>"$TMP/ns.err" &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP "exporter in $T-a" || exit 1
CL=(ip netns exec "$T-b") URL=http://192.0.2.1:9796/metrics SRC=(--interface 192.0.2.3)
wait_for "the exporter on 192.0.2.1 to answer" 5 answers || exit 1
hold "$TMP/perip" 192.0.2.1 9796 100 idle 4 192.0.2.2
scrapes 20 "$TMP/g"
full=$(code --interface 192.0.2.2 "$URL")
wait $H
check "one address keeps 16 connections, the rest closed at once ($(tail -n1 "$TMP/perip"))" \
	awk -v h="$(held "$TMP/perip" held)" -v l="$(held "$TMP/perip" last)" \
	'BEGIN {exit !(h == 16 && l <= 1)}'
check "meanwhile another address scrapes: $(tally "$TMP/g")" all_fast "$TMP/g" 20
check "and the address at its limit is refused (curl: '$full')" test "$full" != 200
kill -TERM $EXP
wait $EXP
check "SIGTERM: exits 0" test $? -eq 0
check "nothing stays attached at the end" no_orphan_progs

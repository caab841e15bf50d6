#!/usr/bin/env bash
# dropdoc exporter: real drops in namespaces counted in the kernel, scraped
# with curl, validated with promtool; series of namespaces and devices that
# are gone age out; bad --listen is a usage error.
T=dde$$
. "$(dirname "$0")/../lib.sh"
require_root "exporter"
for t in curl promtool; do
	command -v $t >/dev/null || { skip_or_fail "exporter" "no $t (scripts/install-deps)"; exit 0; }
done
pair || { not_ok "set up namespaces"; exit 1; }
PORT=$(free_port)
URL=http://127.0.0.1:$PORT/metrics
scrape() { curl -sf "$URL"; }
# value SERIES: the value of one exact series line, or "none"
value() { scrape | awk -v k="$1" '$1==k {v=$2} END {print v==""?"none":v}'; }
series() { # REASON LOCATION DEVICE NETNS
	printf 'dropdoc_drops_total{reason="%s",location="%s",device="%s",netns="%s"}' "$@"
}

"$DROPDOC" exporter --listen "127.0.0.1:$PORT" --expire 2 >"$TMP/out" 2>"$TMP/err" &
EXP=$!
at_exit "kill $EXP"
wait_attached $EXP exporter
wait_for "the exporter to answer" 5 scrape >/dev/null
check "the exporter answers on loopback" bash -c "curl -sf '$URL' >/dev/null"
check "it binds loopback only by default" bash -c "! ss -ltnH 'sport = :$PORT' | grep -qv 127.0.0.1"

B=$(series NO_SOCKET __udp4_lib_rcv vb "$T-b")
A=$(series NO_SOCKET __udp4_lib_rcv va "$T-a")
udp_send a 192.0.2.2 9 5
check "5 drops in $T-b: its counter is 5" test "$(value "$B")" = 5
udp_send a 192.0.2.2 9 3
udp_send b 192.0.2.1 9 4
check "3 more: 8, a counter, not a gauge" test "$(value "$B")" = 8
check "4 drops in $T-a: a series of its own" test "$(value "$A")" = 4
scrape >"$TMP/page"
check "promtool check metrics passes" promtool check metrics <"$TMP/page"
timeout 10 "$DROPDOC" exporter --listen "127.0.0.1:$PORT" 2>"$TMP/busy.err"
check "a second exporter on the same port: runtime failure (exit 1) saying so" \
	test "$?:$(grep -c 'Address already in use' "$TMP/busy.err")" = "1:1"
check "HELP and TYPE for every family" test "$(grep -c '^# TYPE ' "$TMP/page")" -eq "$(grep -c '^# HELP ' "$TMP/page")" -a "$(grep -c '^# TYPE ' "$TMP/page")" -eq 7
for m in 'dropdoc_drops_total counter' 'dropdoc_events_lost_total counter' 'dropdoc_table_full_total counter' \
	'dropdoc_up gauge' 'dropdoc_scrape_duration_seconds gauge'; do
	check "# TYPE $m" grep -qx "# TYPE $m" "$TMP/page"
done
check "dropdoc_up 1" grep -qx 'dropdoc_up 1' "$TMP/page"
check "Content-Type is the text format 0.0.4" bash -c \
	"curl -sfI '$URL' | grep -qi '^Content-Type: text/plain; version=0.0.4; charset=utf-8'"
check "no location label carries an offset" bash -c "! grep -q 'location=\"[^\"]*+0x' '$TMP/page'"
check "other paths: 404" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/nope")" = 404

# a namespace goes (and with it the veth pair: va in $T-a goes too)
ip netns del "$T-b"
# the kernel tears the namespace down a moment later: va goes with it
va_gone() { ! ip -n "$T-a" link show va >/dev/null 2>&1; }
wait_for "va to go with $T-b" 10 va_gone
check "right after: the gone namespace's series is still served" test "$(value "$B")" = 8
sleep 2.5 # the subject: --expire 2 passes
scrape >"$TMP/after"
check "after --expire: its series has aged out" bash -c "! grep -qF '$B' '$TMP/after'"
check "a device gone from a living namespace ages out too" bash -c "! grep -qF '$A' '$TMP/after'"
check "dropdoc_series_expired_total counts them" grep -qE '^dropdoc_series_expired_total [1-9]' "$TMP/after"
check "still valid for promtool" promtool check metrics <"$TMP/after"
# and a new one comes
ns_add c && veth a vc c vd && ip -n "$T-a" addr add 198.51.100.1/24 dev vc &&
	ip -n "$T-c" addr add 198.51.100.2/24 dev vd
udp_send a 198.51.100.2 9 2
check "a namespace that comes later gets its series" test "$(value "$(series NO_SOCKET __udp4_lib_rcv vd "$T-c")")" = 2

kill -TERM $EXP
wait $EXP
check "SIGTERM: exits 0" test $? -eq 0

# bad input: one line on stderr, usage exit code
for l in 127.0.0.1 '1.2.3.4:99999' 'localhost:80' '[::1]9796' ''; do
	"$DROPDOC" exporter --listen "$l" >/dev/null 2>"$TMP/bad.err"
	rc=$?
	check "bad --listen '$l': exit 2, one line" test "$rc:$(wc -l <"$TMP/bad.err")" = "2:1"
done
"$DROPDOC" exporter --max-series 0 >/dev/null 2>"$TMP/bad.err"
check "bad --max-series: exit 2" test $? -eq 2

#!/usr/bin/env bash
# dropdoc trace -w FILE.pcapng: every hop that carried the packet's bytes,
# one interface per device@netns, the hop (and how the journey ended) in
# the packet's comment; read back with tshark.
T=dtw$$
. "$(dirname "$0")/../lib.sh"
require_root "trace pcapng"
command -v tshark >/dev/null || { skip_or_fail "trace pcapng" "no tshark"; exit 0; }
P=dtw$$
at_exit "$DROPDOC lab asymmetric --down --prefix $P"
"$DROPDOC" lab asymmetric --up --prefix "$P" >/dev/null 2>&1 || { not_ok "lab up"; exit 1; }

"$DROPDOC" trace -n "$P-asymmetric-host" -w "$TMP/t.pcapng" -t 3 icmp >"$TMP/out" 2>"$TMP/err" &
pid=$!
at_exit "kill $pid"
wait_attached $pid "trace -w"
"$DROPDOC" lab asymmetric --fire 2 --prefix "$P" >/dev/null 2>&1
wait $pid
check "trace -w exits 0" test $? -eq 0
check "no journey lines on stdout without --print" test ! -s "$TMP/out"
check "stats on stderr" grep -q "packets printed" "$TMP/err"
tshark -r "$TMP/t.pcapng" -T fields -E separator='|' -e frame.interface_name -e ip.src -e ip.dst \
	-e frame.comment >"$TMP/rows" 2>"$TMP/tshark.err"
check "tshark reads the file" test -s "$TMP/rows"
check "request received on up1 in the host" \
	grep -q "^up1@$P-asymmetric-host|198.51.100.2|10.0.1.2|packet [0-9]* hop 0: rx up1" "$TMP/rows"
check "reply sent by up0 (the asymmetry)" \
	grep -q "^up0@$P-asymmetric-host|10.0.1.2|198.51.100.2|packet [0-9]* hop [0-9]*: tx up0" "$TMP/rows"
check "reply dropped in gw0, the journey's end in the comment" \
	grep -q "^eth0@$P-asymmetric-gw0|10.0.1.2|198.51.100.2|.*drop eth0 IP_INADDRERRORS at ip_error.*journey ends: dropped" "$TMP/rows"
check "one interface per device@netns" test "$(tshark -r "$TMP/t.pcapng" -T fields -e frame.interface_name 2>/dev/null | sort -u | wc -l)" -ge 3

"$DROPDOC" trace -w - --print icmp >/dev/null 2>"$TMP/e2"
check "-w - with --print: usage error" test $? -eq 2

# -s: bytes kept per hop (the frames are 42 bytes of headers + 56 of ICMP)
"$DROPDOC" trace -n "$P-asymmetric-host" -s 40 -w "$TMP/s.pcapng" -t 3 icmp >/dev/null 2>"$TMP/err" &
pid=$!
at_exit "kill $pid"
wait_attached $pid "trace -w"
"$DROPDOC" lab asymmetric --fire 1 --prefix "$P" >/dev/null 2>&1
wait $pid
tshark -r "$TMP/s.pcapng" -T fields -E separator='|' -e frame.cap_len -e frame.len >"$TMP/srows" 2>/dev/null
check "-s 40: frames captured, none longer than 40 bytes, the wire length kept" bash -c \
	"[ -s '$TMP/srows' ] && awk -F'|' '\$1 > 40 || \$2 <= 40 { bad = 1 } END { exit bad }' '$TMP/srows'"
for bad in 129 -1 x; do
	"$DROPDOC" trace -s "$bad" icmp >/dev/null 2>"$TMP/e3"
	check "-s $bad: usage error, one line" bash -c "[ $? -eq 2 ] && [ \$(wc -l <'$TMP/e3') -eq 1 ]"
done

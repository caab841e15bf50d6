#!/usr/bin/env bash
# dropdoc drops -w FILE.pcapng: real drops written as pcapng and read back
# with tshark — frame count, interface per device and namespace, comments,
# and packets that decode.
T=ddp$$
. "$(dirname "$0")/../lib.sh"
require_root "drops -w"
command -v tshark >/dev/null || { skip_or_fail "drops -w" "no tshark (scripts/install-deps)"; exit 0; }
pair || { not_ok "set up namespaces"; exit 1; }
SP=$((20000 + $$ % 20000)) # our flows' source port: other runs on the machine use others
# fields FILE FIELD...: tshark's fields, one packet a line, tab-separated
fields() {
	local f=$1 args=()
	shift
	for x in "$@"; do args+=(-e "$x"); done
	tshark -r "$f" -T fields "${args[@]}" 2>/dev/null
}

bg_dropdoc "$TMP/out" drops -n "$T-b" -w "$TMP/a.pcapng" -c 3 udp
udp_send a 192.0.2.2 9 3 "$SP"
wait "$BG_PID"
check "drops -w exits 0 after -c 3" test $? -eq 0
check "no drop lines on stdout with -w (like tcpdump)" test ! -s "$TMP/out"
check "the stats line still ends the run" grep -q '3 printed' "$TMP/out.err"
check "tshark reads three frames" test "$(fields "$TMP/a.pcapng" frame.number | wc -l)" -eq 3
check "one interface, named dev@netns" test "$(fields "$TMP/a.pcapng" frame.interface_name | sort -u)" = "vb@$T-b"
check "the interface description names device and namespace" bash -c \
	"capinfos '$TMP/a.pcapng' | grep -q 'Description = dev vb (ifindex [0-9]*) in netns $T-b (inode [0-9]*)'"
check "every comment names reason, location, device and netns" test "$(fields "$TMP/a.pcapng" frame.comment |
	grep -cE "^NO_SOCKET at __udp4_lib_rcv\+0x[0-9a-f]+, dev vb \(ifindex [0-9]+\), netns $T-b \(inode [0-9]+\)(; why: .+ \[[a-z0-9_]+\])?$")" -eq 3
check "the packets decode: ip.src, ip.dst, udp ports, whole frames" test \
	"$(fields "$TMP/a.pcapng" ip.src ip.dst udp.srcport udp.dstport frame.cap_len frame.len | sort -u)" = \
	"$(printf '192.0.2.1\t192.0.2.2\t%s\t9\t58\t58' "$SP")"
check "nanosecond timestamps" bash -c "capinfos '$TMP/a.pcapng' | grep -q 'precision:  nanoseconds'"

# -s: fewer bytes kept, the wire length stays
bg_dropdoc "$TMP/s" drops -n "$T-b" -w "$TMP/s.pcapng" -s 34 -c 1 udp
udp_send a 192.0.2.2 9 1 "$SP"
wait "$BG_PID"
check "-s 34 keeps 34 bytes of a 58-byte frame (Ethernet + IP headers)" test \
	"$(fields "$TMP/s.pcapng" frame.cap_len frame.len ip.src)" = "$(printf '34\t58\t192.0.2.1')"

# two namespaces: one interface each, every packet on its own
bg_dropdoc "$TMP/two" drops -w "$TMP/two.pcapng" -c 2 "udp and src port $SP"
udp_send a 192.0.2.2 9 1 "$SP"
udp_send b 192.0.2.1 9 1 "$SP"
wait "$BG_PID"
check "two namespaces, two interfaces" test "$(fields "$TMP/two.pcapng" frame.interface_name | sort | tr '\n' ' ')" = "va@$T-a vb@$T-b "
check "each packet on the interface of the namespace that dropped it" test "$(fields "$TMP/two.pcapng" frame.interface_name ip.dst | sort | tr '\t\n' ': ')" = \
	"va@$T-a:192.0.2.1 vb@$T-b:192.0.2.2 "

# a drop on the way out has no MAC header: a made-up one, said so
if nsx a nft -f - <<<"table inet ddp { chain o { type filter hook output priority 0; udp dport 7 drop; }; }"; then
	bg_dropdoc "$TMP/l2" drops -n "$T-a" -w "$TMP/l2.pcapng" -c 1 "udp and port 7"
	udp_send a 192.0.2.2 7 1 "$SP" 2>/dev/null # the sender sees EPERM
	wait "$BG_PID"
	check "output drop: NETFILTER_DROP, the comment says the Ethernet header is made up" \
		bash -c "tshark -r '$TMP/l2.pcapng' -T fields -e frame.comment 2>/dev/null | grep -q '^NETFILTER_DROP at .*; Ethernet header made up by dropdoc (the kernel had none)$'"
	check "output drop: zero MACs, and the packet behind them decodes" test \
		"$(fields "$TMP/l2.pcapng" eth.src eth.dst ip.dst udp.dstport)" = "$(printf '00:00:00:00:00:00\t00:00:00:00:00:00\t192.0.2.2\t7')"
else
	skip_or_fail "output drop with a made-up Ethernet header" "nft cannot add a rule"
fi

# --print: lines too; -w -: pcapng on stdout
bg_dropdoc "$TMP/p" drops -n "$T-b" -w "$TMP/p.pcapng" --print --json -c 1 udp
udp_send a 192.0.2.2 9 1 "$SP"
wait "$BG_PID"
check "--print: the JSON drop line as well as the file" test \
	"$(jq_count "$TMP/p" '.type=="drop" and .reason=="NO_SOCKET" and .container==null')$(fields "$TMP/p.pcapng" frame.number)" = 11
check "the comment carries the finding the JSON line has" test \
	"$(fields "$TMP/p.pcapng" frame.comment | sed -n 's/.*; why: //p')" = \
	"$(jq -r 'select(.type=="drop") | .finding | "\(.summary) [\(.id)]"' "$TMP/p")"
bg_dropdoc "$TMP/stdout.pcapng" drops -n "$T-b" -w - -c 1 udp
udp_send a 192.0.2.2 9 1 "$SP"
wait "$BG_PID"
check "-w - writes pcapng to stdout, the stats line to stderr" test \
	"$(fields "$TMP/stdout.pcapng" udp.dstport):$(grep -c printed "$TMP/stdout.pcapng.err")" = "9:1"

# bad input: one line on stderr, distinct exit codes
bad() { # DESC CODE ARGS...
	local d=$1 code=$2
	shift 2
	"$DROPDOC" drops "$@" >"$TMP/bad" 2>"$TMP/bad.err"
	local rc=$?
	check "$d: exit $code, one line" test "$rc:$(wc -l <"$TMP/bad.err")" = "$code:1"
}
bad "-s larger than an event carries" 2 -s 1000 -c 1
bad "-s not a number" 2 -s abc -c 1
bad "-w with --summary" 2 -w "$TMP/x.pcapng" --summary -t 1
bad "-w - with --print" 2 -w - --print -c 1
bad "-w into a missing directory" 1 -w /nonexistent/dir/x.pcapng -c 1

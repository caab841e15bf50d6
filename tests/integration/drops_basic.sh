#!/usr/bin/env bash
# dropdoc drops: a real drop (UDP to a closed port) named, located, decoded.
T=ddb$$
. "$(dirname "$0")/../lib.sh"
require_root "drops basic"
pair || { not_ok "set up namespaces"; exit 1; }

bg_dropdoc "$TMP/out" drops -n "$T-b" --json -c 3 udp
udp_send a 192.0.2.2 9 3 40001
wait $BG_PID
rc=$?
check "drops exits 0 after -c 3" test "$rc" -eq 0
check "three drop objects" test "$(jq_count "$TMP/out" '.type=="drop"')" -eq 3
check "reason, location, device and netns are the kernel's" test "$(jq_count "$TMP/out" \
	".type==\"drop\" and .reason==\"NO_SOCKET\" and .location==\"__udp4_lib_rcv\" and .dev==\"vb\" and .netns_name==\"$T-b\"")" -eq 3
check "packet decoded: family, proto, addresses, ports, MACs" test "$(jq_count "$TMP/out" \
	'.family=="ipv4" and .proto=="udp" and .src=="192.0.2.1" and .dst=="192.0.2.2" and .sport==40001 and .dport==9 and (.smac|test("^[0-9a-f:]{17}$")) and .len==58')" -eq 3
mac=$(ip -n "$T-b" -j link show vb | jq -r '.[0].address')
check "dmac is the receiving device's MAC" test "$(jq_count "$TMP/out" ".dmac==\"$mac\"")" -eq 3
ino=$(stat -L -c %i "/run/netns/$T-b")
check "netns inode matches ip netns" test "$(jq_count "$TMP/out" ".netns==$ino")" -eq 3
check "every field of the contract is present (null when n/a)" test "$(jq_count "$TMP/out" \
	'.type=="drop" and has("time") and has("ifindex") and has("finding") and has("vlan") and .vlan==null and (.time|test("^[0-9-]+T[0-9:.]+Z$"))')" -eq 3
check "stats object ends the run" test "$(tail -n1 "$TMP/out" | jq -r '.type+":"+(.printed|tostring)')" = "stats:3"

# IPv6
bg_dropdoc "$TMP/out6" drops -n "$T-b" --json -c 1 ip6 and udp
nsx a "$TOOLS/udpflood" -6 -s 40002 2001:db8::2 9 1 >/dev/null
wait $BG_PID
check "IPv6 closed port: NO_SOCKET at __udp6_lib_rcv, addresses decoded" test "$(jq_count "$TMP/out6" \
	'.reason=="NO_SOCKET" and .location=="__udp6_lib_rcv" and .family=="ipv6" and .src=="2001:db8::1" and .dst=="2001:db8::2" and .sport==40002 and .dport==9')" -eq 1

# text output: one line per drop
bg_dropdoc "$TMP/txt" drops -n "$T-b" -c 1 udp
udp_send a 192.0.2.2 9 1 40003
wait $BG_PID
check "text line names reason, location, device, netns and the flow" \
	grep -qE "NO_SOCKET at __udp4_lib_rcv\+0x[0-9a-f]+ dev vb netns $T-b: IP 192.0.2.1.40003 > 192.0.2.2.9: UDP" "$TMP/txt"

check "nothing stays attached" no_orphan_progs

#!/usr/bin/env bash
# The drop classes beyond the seeds (src/lab/lab_classes.c), each made on
# real namespaces by `dropdoc lab`: the drop gets its finding id, and the
# finding's evidence and fix name the scenario's own routes, devices,
# addresses, ports, programs and sysctls — over IPv4 and IPv6 where the
# class has both. Normal drops get an info finding, and text folds them.
T=dx$$
. "$(dirname "$0")/../lib.sh"
require_root "explain classes"

P=dx$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'

# run SCENARIO: its JSON lines in $TMP/SCENARIO.json, and a check it passed
run() {
	"$DROPDOC" lab "$1" --json --prefix "$P" >"$TMP/$1.json" 2>"$TMP/$1.err"
	check "$1: the lab run is ok" [ "$(jq_count "$TMP/$1.json" '.type=="lab" and .ok==true')" -eq 1 ]
}
# has SCENARIO FAMILY ID FIELD TEXT: a drop of FAMILY whose finding is ID has
# a FIELD (summary, evidence, fix) line containing TEXT
has() {
	jq -se --arg f "$2" --arg id "$3" --arg k "$4" --arg s "$5" 'any(.[] |
		select(.type=="drop" and .family==$f and .finding.id==$id) | .finding[$k] |
		if type=="array" then .[] else . end; contains($s))' "$TMP/$1.json" >/dev/null
}
ns() { echo "$P-$1"; }

run blackhole
R=$(ns blackhole-router)
check "blackhole v4: the route and its prefix" has blackhole ipv4 blackhole evidence "route to 203.0.113.5: blackhole 203.0.113.0/24"
check "blackhole v4: the fix deletes that route in the router" has blackhole ipv4 blackhole fix "ip netns exec $R ip route del blackhole 203.0.113.0/24"
check "blackhole v6: the route, its prefix and table" has blackhole ipv6 blackhole evidence "route: blackhole 2001:db8:9::/48 dev lo table main"
check "blackhole v6: the fix deletes it" has blackhole ipv6 blackhole fix "ip netns exec $R ip -6 route del blackhole 2001:db8:9::/48 table 254"
check "blackhole v6: the kernel's location" has blackhole ipv6 blackhole evidence "kernel: NOT_SPECIFIED at dst_discard_out"

run unreachable-routes
R=$(ns unreachable-routes-router)
check "unreachable v4: the route" has unreachable-routes ipv4 unreachable fix "ip netns exec $R ip route del unreachable 203.0.113.0/25"
check "prohibit v4: the route" has unreachable-routes ipv4 prohibit fix "ip netns exec $R ip route del prohibit 203.0.113.128/25"
check "unreachable v6: the route and its table" has unreachable-routes ipv6 unreachable evidence "route: unreachable 2001:db8:8::/48 dev lo table main"
check "prohibit v6: the route" has unreachable-routes ipv6 prohibit evidence "route: prohibit 2001:db8:7::/48 dev lo table main"

run ttl-expired
R=$(ns ttl-expired-router)
check "ttl v4: the packet's TTL" has ttl-expired ipv4 ttl-expired evidence "packet: TTL 1 on arrival"
check "ttl v4: the route on, by out0" has ttl-expired ipv4 ttl-expired evidence "the route on to 10.2.0.2: 10.2.0.0/24 dev out0"
check "ttl v4: ICMP time exceeded sent back" has ttl-expired ipv4 ttl-expired evidence "ICMP type 11 code 0 sent to 10.1.0.2"
check "ttl v4: its counters" has ttl-expired ipv4 ttl-expired evidence "counter IcmpOutTimeExcds +"
check "ttl v6: the hop limit" has ttl-expired ipv6 ttl-expired evidence "packet: hop limit 1 on arrival"
check "ttl v6: the route on, by out0" has ttl-expired ipv6 ttl-expired evidence "the route on to 2001:db8:2::2: 2001:db8:2::/64 dev out0"
check "ttl v6: only IPv6 counters" has ttl-expired ipv6 ttl-expired evidence "counter Icmp6OutTimeExcds +"
check "ttl: no IPv4 counter on the IPv6 drop" bash -c "! jq -e 'select(.family==\"ipv6\" and .finding.id==\"ttl-expired\") | .finding.evidence[] | select(test(\"counter Ip[A-Z]|counter Icmp[A-Z]\"))' '$TMP/ttl-expired.json' >/dev/null"
check "ttl: a loop is looked for in the router" has ttl-expired ipv4 ttl-expired fix "ip netns exec $R ip route get 10.2.0.2"
check "ttl: IP_INHDR is no longer 'invalid IPv4 header'" bash -c "! grep -q 'header is invalid' '$TMP/ttl-expired.json'"

run mtu-too-small
R=$(ns mtu-too-small-router)
check "mtu v4: out0's MTU against the packet" has mtu-too-small ipv4 mtu-too-small summary "1428 bytes do not fit out0's MTU 1280"
check "mtu v4: DF set" has mtu-too-small ipv4 mtu-too-small evidence "DF set"
check "mtu v4: fix raises out0's MTU in the router" has mtu-too-small ipv4 mtu-too-small fix "ip netns exec $R ip link set dev out0 mtu 1428"
check "mtu v6: out0's MTU against the packet" has mtu-too-small ipv6 mtu-too-small summary "1448 bytes do not fit out0's MTU 1280"
check "mtu v6: counter Ip6InTooBigErrors" has mtu-too-small ipv6 mtu-too-small evidence "counter Ip6InTooBigErrors +"

run rcvbuf-full
H=$(ns rcvbuf-full-host)
pid=$(jq -r 'select(.type=="drop" and .finding.id=="socket-rcvbuf-full") | .finding.evidence[0]' "$TMP/rcvbuf-full.json" | head -1 | sed -n 's/.*owner \([0-9]*\)\/.*/\1/p')
check "rcvbuf: the socket and its namespace" has rcvbuf-full ipv4 socket-rcvbuf-full evidence "socket [::]:5300 in $H, owner"
check "rcvbuf: the owner is a real process (the lab's)" [ -n "$pid" ]
check "rcvbuf: the buffer (2048 asked, doubled) and the socket's drops" has rcvbuf-full ipv4 socket-rcvbuf-full evidence "receive buffer 4096 bytes"
check "rcvbuf: net.core.rmem_max read in the namespace" has rcvbuf-full ipv4 socket-rcvbuf-full evidence "net.core.rmem_max $(ip netns exec "$H" cat /proc/sys/net/core/rmem_max 2>/dev/null || cat /proc/sys/net/core/rmem_max)"
check "rcvbuf v4: UdpRcvbufErrors" has rcvbuf-full ipv4 socket-rcvbuf-full evidence "counter UdpRcvbufErrors +"
check "rcvbuf v6: Udp6RcvbufErrors" has rcvbuf-full ipv6 socket-rcvbuf-full evidence "counter Udp6RcvbufErrors +"
check "rcvbuf: the ss command for port 5300" has rcvbuf-full ipv4 socket-rcvbuf-full fix "ip netns exec $H ss -uamp 'sport = :5300'"

run tc-drop
H=$(ns tc-drop-host)
check "tc: the program by name on eth0's ingress" has tc-drop ipv4 tc-drop summary "tc ingress on eth0: BPF program"
check "tc: the filter, its id, name, tag, direct-action" has tc-drop ipv4 tc-drop evidence "eth0 ingress: bpf pref 1 prog id"
check "tc: program name lab_tc_shot" has tc-drop ipv4 tc-drop evidence "name lab_tc_shot tag"
check "tc: fix removes that filter" has tc-drop ipv4 tc-drop fix "ip netns exec $H tc filter del dev eth0 ingress pref 1"

run vxlan-vni
check "vxlan: the packet's VNI and the devices' ones" has vxlan-vni ipv4 vxlan-vni-unknown summary "carries VNI 100, and no VXLAN device here has it (vx200 id 200)"
check "vxlan: the VXLAN header read from the packet" has vxlan-vni ipv4 vxlan-vni-unknown evidence "packet: VXLAN header VNI 100, outer UDP port 4789"

run xdp-drop
check "xdp-drop: the program, its tag, on eth0" has xdp-drop ipv4 xdp-drop summary "(lab_drop, tag"
check "xdp-drop: attached in driver mode" has xdp-drop ipv4 xdp-drop evidence "eth0: XDP program id"
check "xdp-drop: fix takes it off eth0 in the host" has xdp-drop ipv4 xdp-drop fix "ip netns exec $(ns xdp-drop-host) ip link set dev eth0 xdp off"

run ip-noproto
check "noproto v4: protocol 253 has no handler" has ip-noproto ipv4 ip-protocol-unhandled summary "192.0.2.2 > 192.0.2.1: IP protocol 253 has no handler"
check "noproto v6 too" has ip-noproto ipv6 ip-protocol-unhandled summary "2001:db8::2 > 2001:db8::1: IP protocol 253 has no handler"
check "noproto v4: counter IpInUnknownProtos" has ip-noproto ipv4 ip-protocol-unhandled evidence "counter IpInUnknownProtos +"

run ipv6-disabled
H=$(ns ipv6-disabled-host)
check "ipv6-disabled: eth0's sysctl read in the host" has ipv6-disabled ipv6 ipv6-disabled evidence "net.ipv6.conf.eth0.disable_ipv6 = 1"
check "ipv6-disabled: and all's" has ipv6-disabled ipv6 ipv6-disabled evidence "net.ipv6.conf.all.disable_ipv6 = 0"
check "ipv6-disabled: fix turns it on for eth0 only" has ipv6-disabled ipv6 ipv6-disabled fix "ip netns exec $H sysctl -w net.ipv6.conf.eth0.disable_ipv6=0"

run l2-broadcast-unicast
H=$(ns l2-broadcast-unicast-host)
check "l2: the frame's broadcast MAC and the IP destination" has l2-broadcast-unicast ipv4 unicast-in-l2-multicast evidence "destination MAC ff:ff:ff:ff:ff:ff (the L2 group bit set), IP destination 192.0.2.1"
check "l2: the device's sysctl" has l2-broadcast-unicast ipv4 unicast-in-l2-multicast evidence "net.ipv4.conf.eth0.drop_unicast_in_l2_multicast = 1"
check "l2: the sender's MAC" has l2-broadcast-unicast ipv4 unicast-in-l2-multicast fix "MAC 02:dd:00:00:00:02"
check "l2: fix in the host's namespace" has l2-broadcast-unicast ipv4 unicast-in-l2-multicast fix "ip netns exec $H sysctl -w net.ipv4.conf.eth0.drop_unicast_in_l2_multicast=0"

run qdisc-full
H=$(ns qdisc-full-host)
check "qdisc: eth0's tbf, its limit and rate" has qdisc-full ipv4 qdisc-full summary "eth0's tbf qdisc (limit 4000b, rate 1000000 bit/s)"
check "qdisc: its drop counter" has qdisc-full ipv4 qdisc-full evidence "dropped,"
check "qdisc: fix changes eth0's tbf in the host" has qdisc-full ipv4 qdisc-full fix "ip netns exec $H tc qdisc change dev eth0 root tbf rate <faster> burst <bytes> limit 16000"

run bridge-stp
H=$(ns bridge-stp-host)
check "stp: eth0's state and its bridge" has bridge-stp ipv4 bridge-port-not-forwarding evidence "eth0: state learning (2), master br0"
check "stp: fix sets eth0 forwarding in the host" has bridge-stp ipv4 bridge-port-not-forwarding fix "ip netns exec $H bridge link set dev eth0 state 3"

run ipv6-not-forwarding
H=$(ns ipv6-not-forwarding-host)
check "v6 forwarding: all.forwarding read in the host" has ipv6-not-forwarding ipv6 ipv6-not-forwarding evidence "net.ipv6.conf.all.forwarding = 0"
check "v6 forwarding: eth0's" has ipv6-not-forwarding ipv6 ipv6-not-forwarding evidence "net.ipv6.conf.eth0.forwarding = 0"
check "v6 forwarding: the fix" has ipv6-not-forwarding ipv6 ipv6-not-forwarding fix "ip netns exec $H sysctl -w net.ipv6.conf.all.forwarding=1"

run vxlan-no-underlay
H=$(ns vxlan-no-underlay-host)
check "vxlan underlay: the device, its VNI and remote" has vxlan-no-underlay ipv4 vxlan-remote-unroutable evidence "vx0: vxlan id 7 remote 203.0.113.9"
check "vxlan underlay: the model's lookup fails" has vxlan-no-underlay ipv4 vxlan-remote-unroutable evidence "model: the output lookup for 203.0.113.9: drop (no_route)"
check "vxlan underlay: fix routes the remote in the host" has vxlan-no-underlay ipv4 vxlan-remote-unroutable fix "ip netns exec $H ip route add 203.0.113.9 via <gateway>"

run ipsec-block
H=$(ns ipsec-block-host)
check "ipsec: the policy that blocks" has ipsec-block ipv4 ipsec-policy summary "IPsec policy \"src 192.0.2.2/32 dst 192.0.2.1/32 proto 17 dir in action block\" refused 192.0.2.2 > 192.0.2.1"
check "ipsec: fix deletes it in the host" has ipsec-block ipv4 ipsec-policy fix "ip netns exec $H ip xfrm policy delete src 192.0.2.2/32 dst 192.0.2.1/32 proto 17 dir in"

run tun-no-reader
check "tun: the noop qdisc named" has tun-no-reader ipv4 device-no-carrier evidence "tun0 sends through the noop qdisc while it has no carrier"
check "tun: no carrier, kind tun" has tun-no-reader ipv4 device-no-carrier evidence "tun0: kind tun, UP, NO-CARRIER"
check "tun: fix starts its reader" has tun-no-reader ipv4 device-no-carrier fix "start the program that reads tun0"

run bad-udp-checksum
sum=$(jq -r 'select(.type=="drop" and .family=="ipv4" and .finding.id=="l4-bad-checksum") | .finding.summary' "$TMP/bad-udp-checksum.json" | head -1)
stored=$(sed -n 's/.*checksum is 0x\([0-9a-f]*\),.*/\1/p' <<<"$sum") calc=$(sed -n 's/.*its bytes give 0x\([0-9a-f]*\).*/\1/p' <<<"$sum")
check "udp csum v4: stored against computed, one apart (the lab's fault: +1)" test -n "$stored" -a "$((0x${stored:-0} - 0x${calc:-0}))" -eq 1
check "udp csum v6 too" has bad-udp-checksum ipv6 l4-bad-checksum summary "2001:db8::2 > 2001:db8::1: the UDP checksum is 0x"
check "udp csum: the sender's MAC and the device" has bad-udp-checksum ipv4 l4-bad-checksum evidence "sent by 192.0.2.2 from MAC 02:dd:00:00:00:02, received on eth0"
check "udp csum: counter UdpInCsumErrors" has bad-udp-checksum ipv4 l4-bad-checksum evidence "counter UdpInCsumErrors +"

run vxlan-no-fdb
H=$(ns vxlan-no-fdb-host)
check "vxlan no fdb: the device without remote" has vxlan-no-fdb arp vxlan-no-destination evidence "vx1: vxlan id 9, remote none"
check "vxlan no fdb: fix adds the default destination" has vxlan-no-fdb arp vxlan-no-destination fix "ip netns exec $H bridge fdb append 00:00:00:00:00:00 dev vx1 dst <remote VTEP>"

run bad-length-ipv6
check "ipv6 length: payload_len against the frame" has bad-length-ipv6 ipv6 ipv6_payload_len_beyond_frame summary "IPv6 payload_len 34 claims 14 bytes more than the frame carries"
check "ipv6 length: counter Ip6InTruncatedPkts" has bad-length-ipv6 ipv6 ipv6_payload_len_beyond_frame evidence "counter Ip6InTruncatedPkts +"

run localnet
H=$(ns localnet-host)
check "localnet: a loopback source from outside" has localnet ipv4 localnet-refused summary "127.0.0.5 > 192.0.2.1 on eth0: a loopback (127/8) source address from outside"
check "localnet: eth0's route_localnet" has localnet ipv4 localnet-refused evidence "net.ipv4.conf.eth0.route_localnet = 0, all = 0"
check "localnet: the fix names eth0 in the host" has localnet ipv4 localnet-refused fix "ip netns exec $H sysctl -w net.ipv4.conf.eth0.route_localnet=1"

run socket-filter
H=$(ns socket-filter-host)
check "socket filter: the socket and its owner" has socket-filter ipv4 socket-filter evidence "socket [::]:5302 in $H, owner"
check "socket filter: the kernel's verdict named" has socket-filter ipv4 socket-filter evidence "SO_ATTACH_FILTER program"

run fragment-lost
H=$(ns fragment-lost-host)
check "fragments: the datagram's id" has fragment-lost ipv4 fragments-lost evidence "datagram id 0x0dd0: its first fragment came"
check "fragments: ipfrag_time read in the host (1 s)" has fragment-lost ipv4 fragments-lost evidence "net.ipv4.ipfrag_time = 1 s"
check "fragments: counter IpReasmTimeout" has fragment-lost ipv4 fragments-lost evidence "counter IpReasmTimeout +"

run nd-hop-limit
check "nd: the message, its hop limit and sender" has nd-hop-limit ipv6 nd-invalid evidence "packet: ICMPv6 type 135 code 0, hop limit 64, from 2001:db8::2 (MAC 02:dd:00:00:00:02) on eth0"
check "nd: why" has nd-hop-limit ipv6 nd-invalid summary "a neighbour solicitation from 2001:db8::2 was refused: its hop limit must be 255"

run vxlan-bad-header
check "vxlan header: flags and the I flag named" has vxlan-bad-header ipv4 vxlan-bad-header summary "(flags 0x64: the I flag, VNI present, is clear)"
check "vxlan header: the header bytes" has vxlan-bad-header ipv4 vxlan-bad-header evidence "packet: 8 header bytes 64 72 6f 70"

run icmp-unknown-type
check "described: what the kernel checked" has icmp-unknown-type ipv4 icmp-type-unhandled evidence "the kernel checked: an ICMP message of a type this kernel has no handler for"
check "described: the packet named" has icmp-unknown-type ipv4 icmp-type-unhandled evidence "packet: IP 192.0.2.2 > 192.0.2.1: ICMP"
check "described: what to look at" has icmp-unknown-type ipv4 icmp-type-unhandled fix "look at the sender and the type"
check "described: notice, not unexplained" [ "$(jq_count "$TMP/icmp-unknown-type.json" '.type=="drop" and .finding.id=="unexplained"')" -eq 0 ]

run ipv6-multicast
check "multicast: info severity" [ "$(jq_count "$TMP/ipv6-multicast.json" '.type=="drop" and .finding.id=="mcast-not-joined" and .finding.severity=="info"')" -ge 1 ]
check "multicast: the packet named" has ipv6-multicast ipv6 mcast-not-joined evidence "> ff02::1:3.5355: UDP"
# text folds them: one line with the count, not a report per drop
"$DROPDOC" lab ipv6-multicast --prefix "$P" >"$TMP/mc.txt" 2>&1
check "multicast (text): folded into one 'normal xN' line" grep -q "^normal  x[0-9]* mcast-not-joined in $P-ipv6-multicast-host" "$TMP/mc.txt"
check "multicast (text): no finding report for them" bash -c "! grep -q '^ *finding mcast-not-joined' '$TMP/mc.txt'"
check "multicast (text): the drops were matched all the same" grep -q "^ipv6-multicast: ok" "$TMP/mc.txt"

check "nothing stays attached" no_orphan_progs

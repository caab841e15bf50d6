// SPDX-License-Identifier: GPL-2.0
/* The lab's drop classes that the packet's own bytes decide: a protocol
 * nobody handles, a checksum or length that is wrong, loopback addresses
 * from outside, unicast in a broadcast frame, a lone fragment, a refused
 * ND message, a header that is not VXLAN, an ICMP type nobody handles —
 * and the normal drop every IPv6 namespace makes (multicast nobody joined).
 * Same words as lab_scenarios.c (lab_table.h); every expectation was
 * watched on a 6.18 kernel first. */
#include <stddef.h>

#include "lab/lab_table.h"

/* clang-format off */
const struct lab_scenario lab_packets[] = {
{
	.name = "ip-noproto",
	.seed = "-",
	.story = "packets of an IP protocol this kernel has no handler for (253), IPv4 and IPv6",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "ip proto 253 or ip6 proto 253",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "192.0.2.2", .dst = "192.0.2.1", .proto = 253},
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "2001:db8::2", .dst = "2001:db8::1", .proto = 253},
	},
	.expect = {
		{.reason = "IP_NOPROTO", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.2", .dst = "192.0.2.1", .finding = "ip-protocol-unhandled"},
		{.reason = "IP_NOPROTO", .family = "ipv6", .role = "host", .dev = "eth0",
		 .src = "2001:db8::2", .dst = "2001:db8::1", .finding = "ip-protocol-unhandled"},
	},
},
{
	.name = "l2-broadcast-unicast",
	.seed = "-",
	.story = "unicast IP sent to the broadcast MAC, refused by drop_unicast_in_l2_multicast",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		SYSCTL("host", "net/ipv4/conf/eth0/drop_unicast_in_l2_multicast", "1"),
	},
	.traffic = {PEER_FRAME("ff:ff:ff:ff:ff:ff", "192.0.2.2", 0, 0)},
	.expect = {
		{.reason = "UNICAST_IN_L2_MULTICAST", .family = "ipv4", .role = "host",
		 .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40000, .dport = 7,
		 .finding = "unicast-in-l2-multicast"},
	},
},
{
	.name = "bad-udp-checksum",
	.seed = "-",
	.story = "UDP datagrams whose checksum is off by one, IPv4 and IPv6",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40112,
		 .dport = 9, .l4_csum_delta = 1},
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "2001:db8::2", .dst = "2001:db8::1", .sport = 40112,
		 .dport = 9, .l4_csum_delta = 1},
	},
	.expect = {
		{.reason = "UDP_CSUM", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40112, .dport = 9,
		 .finding = "l4-bad-checksum"},
		{.reason = "UDP_CSUM", .family = "ipv6", .role = "host", .dev = "eth0",
		 .src = "2001:db8::2", .dst = "2001:db8::1", .sport = 40112, .dport = 9,
		 .finding = "l4-bad-checksum"},
	},
},
{
	.name = "bad-length-ipv6",
	.seed = "-",
	.story = "an IPv6 payload_len claiming 14 bytes more than the frame carries",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "ip6 and udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "2001:db8::2", .dst = "2001:db8::1", .sport = 40114,
		 .dport = 9, .totlen_delta = 14},
	},
	.expect = {
		{.reason = "PKT_TOO_SMALL", .family = "ipv6", .role = "host", .dev = "eth0",
		 .src = "2001:db8::2", .dst = "2001:db8::1", .sport = 40114, .dport = 9,
		 .finding = "ipv6_payload_len_beyond_frame"},
	},
},
{
	.name = "localnet",
	.seed = "-",
	.story = "loopback addresses (127/8) arrive from outside: route_localnet is off",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		PEER_FRAME(HOST_MAC, "127.0.0.5", 0, 0),
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "192.0.2.2", .dst = "127.0.0.1", .sport = 40000, .dport = 7},
	},
	.expect = {
		HOST_DROP("IP_LOCALNET", "ip_rcv_finish_core", "127.0.0.5", "localnet-refused"),
		{.reason = "IP_LOCALNET", .location = "ip_rcv_finish_core", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "127.0.0.1",
		 .sport = 40000, .dport = 7, .finding = "localnet-refused"},
	},
},
{
	.name = "fragment-lost",
	.seed = "-",
	.story = "the first fragment of a datagram arrives, the rest never does: reassembly times out",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		/* give up after 1 s, not 30 */
		SYSCTL("host", "net/ipv4/ipfrag_time", "1"),
	},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40116,
		 .dport = 9, .first_fragment = true},
	},
	.expect = {
		{.reason = "FRAG_REASM_TIMEOUT", .location = "ip_expire", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40116, .dport = 9, .finding = "fragments-lost"},
	},
},
{
	.name = "nd-hop-limit",
	.seed = "-",
	.story = "a neighbour solicitation with hop limit 64: ND must come from the link (255)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "icmp6",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "2001:db8::2", .dst = "2001:db8::1",
		 .proto = 58, .icmp_type = 135, .ttl_frame = 64},
	},
	.expect = {
		{.reason = "IPV6_NDISC_HOP_LIMIT", .location = "icmpv6_rcv", .family = "ipv6",
		 .role = "host", .dev = "eth0", .src = "2001:db8::2", .dst = "2001:db8::1",
		 .finding = "nd-invalid"},
	},
},
{
	.name = "vxlan-bad-header",
	.seed = "-",
	.story = "UDP to the VXLAN port that is not VXLAN (its I flag clear)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp port 4789",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "link add vx5 type vxlan id 5 remote 192.0.2.2 dstport 4789 dev eth0"),
		IP("host", "link set vx5 up"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40117,
		 .dport = 4789},
	},
	.expect = {
		{.reason = "VXLAN_INVALID_HDR", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40117, .dport = 4789,
		 .finding = "vxlan-bad-header"},
	},
},
{
	.name = "icmp-unknown-type",
	.seed = "-",
	.story = "an ICMP message of a type nobody handles (99): described by the catalogue",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "icmp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC,
		 .dmac = HOST_MAC, .src = "192.0.2.2", .dst = "192.0.2.1", .proto = 1,
		 .icmp_type = 99},
	},
	.expect = {
		{.reason = "UNHANDLED_PROTO", .location = "icmp_rcv", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .finding = "icmp-type-unhandled"},
	},
},
{
	.name = "ipv6-multicast",
	.seed = "-",
	.story = "normal operation: IPv6 multicast for a group nobody here joined (LLMNR)",
	.roles = {"host", "peer"},
	.drop_role = "host",
		.filter = "udp port 5355",
	.setup = {
		IP("host", "link add eth0 address " HOST_MAC " type veth"
			   " peer name eth0 address " PEER_MAC " netns @peer"),
		/* link-local multicast leaves from a link-local address:
		 * no DAD, so it is there at once */
		SYSCTL("peer", "net/ipv6/conf/eth0/accept_dad", "0"),
		IP("host", "link set eth0 up"),
		IP("peer", "link set eth0 up"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dev = "eth0", .dst = "ff02::1:3",
		 .sport = 40105, .dport = 5355},
	},
	.expect = {
		{.reason = "NOT_SPECIFIED", .location = "ip6_mc_input", .family = "ipv6",
		 .role = "host", .dev = "eth0", .dst = "ff02::1:3", .sport = 40105, .dport = 5355,
		 .finding = "mcast-not-joined"},
	},
},
};
/* clang-format on */

const size_t lab_npackets = sizeof(lab_packets) / sizeof(lab_packets[0]);

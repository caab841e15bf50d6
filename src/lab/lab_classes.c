// SPDX-License-Identifier: GPL-2.0
/* The lab's drop classes beyond the seeds that the configuration decides
 * (routes, devices, sockets, tc, XDP, tunnels, IPsec): one row per class
 * the reason catalogue explains (explain/catalogue.c), each making the
 * kernel drop in its own way, over IPv4 and IPv6 where the class has both,
 * and naming the finding the drop must get. The classes the packet's own
 * bytes decide are in lab_packets.c. Same words as lab_scenarios.c
 * (lab_table.h); every expectation was watched on a 6.18 kernel first. */
#include <stddef.h>

#include "lab/lab_table.h"

/* A router between a client (eth0 10.1.0.2, 2001:db8:1::2) and a server
 * (eth0 10.2.0.2, 2001:db8:2::2): in0 faces the client, out0 the server. */
#define ROUTER_WIRES                                                                               \
	IP("router", "link add in0 type veth peer name eth0 netns @client"),                       \
	    IP("router", "link add out0 type veth peer name eth0 netns @server"),                  \
	    IP("router", "addr add 10.1.0.1/24 dev in0"),                                          \
	    IP("router", "addr add 2001:db8:1::1/64 dev in0 nodad"),                               \
	    IP("router", "addr add 10.2.0.1/24 dev out0"),                                         \
	    IP("router", "addr add 2001:db8:2::1/64 dev out0 nodad"),                              \
	    IP("router", "link set in0 up"), IP("router", "link set out0 up"),                     \
	    IP("client", "addr add 10.1.0.2/24 dev eth0"),                                         \
	    IP("client", "addr add 2001:db8:1::2/64 dev eth0 nodad"),                              \
	    IP("client", "link set eth0 up"), IP("client", "route add default via 10.1.0.1"),      \
	    IP("client", "-6 route add default via 2001:db8:1::1"),                                \
	    IP("server", "addr add 10.2.0.2/24 dev eth0"),                                         \
	    IP("server", "addr add 2001:db8:2::2/64 dev eth0 nodad"),                              \
	    IP("server", "link set eth0 up"), IP("server", "route add default via 10.2.0.1"),      \
	    IP("server", "-6 route add default via 2001:db8:2::1"),                                \
	    SYSCTL("router", "net/ipv4/ip_forward", "1"),                                          \
	    SYSCTL("router", "net/ipv6/conf/all/forwarding", "1")

/* UDP from the client to dst:9 */
#define CLIENT_UDP(dst_, ...)                                                                      \
	{                                                                                          \
		.kind = LAB_TX_UDP, .role = "client", .dst = dst_, .sport = 40100, .dport = 9,     \
		__VA_ARGS__                                                                        \
	}

/* The drop on the router of a client's UDP datagram */
#define ROUTER_DROP(reason_, location_, family_, dev_, src_, dst_, finding_)                       \
	{                                                                                          \
		.reason = reason_, .location = location_, .family = family_, .role = "router",     \
		.dev = dev_, .src = src_, .dst = dst_, .sport = 40100, .dport = 9,                 \
		.finding = finding_                                                                \
	}

/* clang-format off */
const struct lab_scenario lab_classes[] = {
{
	.name = "blackhole",
	.seed = "-",
	.story = "a router's blackhole routes swallow what it should forward, IPv4 and IPv6",
	.roles = {"router", "client", "server"},
	.drop_role = "router",
	.filter = "udp",
	.setup = {
		ROUTER_WIRES,
		IP("router", "route add blackhole 203.0.113.0/24"),
		IP("router", "-6 route add blackhole 2001:db8:9::/48"),
	},
	.traffic = {
		CLIENT_UDP("203.0.113.5"),
		CLIENT_UDP("2001:db8:9::5"),
	},
	.expect = {
		ROUTER_DROP("NOT_SPECIFIED", "ip_error", "ipv4", "in0", "10.1.0.2", "203.0.113.5",
			    "blackhole"),
		ROUTER_DROP("NOT_SPECIFIED", "dst_discard_out", "ipv6", "in0", "2001:db8:1::2",
			    "2001:db8:9::5", "blackhole"),
	},
},
{
	.name = "unreachable-routes",
	.seed = "-",
	.story = "unreachable and prohibit routes on a router, IPv4 and IPv6",
	.roles = {"router", "client", "server"},
	.drop_role = "router",
	.filter = "udp",
	.setup = {
		ROUTER_WIRES,
		IP("router", "route add unreachable 203.0.113.0/25"),
		IP("router", "route add prohibit 203.0.113.128/25"),
		IP("router", "-6 route add unreachable 2001:db8:8::/48"),
		IP("router", "-6 route add prohibit 2001:db8:7::/48"),
	},
	.traffic = {
		CLIENT_UDP("203.0.113.5"),
		CLIENT_UDP("203.0.113.133"),
		CLIENT_UDP("2001:db8:8::5"),
		CLIENT_UDP("2001:db8:7::5"),
	},
	.expect = {
		ROUTER_DROP("NOT_SPECIFIED", "ip_error", "ipv4", "in0", "10.1.0.2", "203.0.113.5",
			    "unreachable"),
		ROUTER_DROP("NOT_SPECIFIED", "ip_error", "ipv4", "in0", "10.1.0.2", "203.0.113.133",
			    "prohibit"),
		ROUTER_DROP("IP_INNOROUTES", "ip6_pkt_discard", "ipv6", "in0", "2001:db8:1::2",
			    "2001:db8:8::5", "unreachable"),
		ROUTER_DROP("IP_INNOROUTES", "ip6_pkt_prohibit", "ipv6", "in0", "2001:db8:1::2",
			    "2001:db8:7::5", "prohibit"),
	},
},
{
	.name = "ttl-expired",
	.seed = "-",
	.story = "packets reach a router with TTL / hop limit 1: it may not forward them",
	.roles = {"router", "client", "server"},
	.drop_role = "router",
	.filter = "udp",
	.setup = {ROUTER_WIRES},
	.traffic = {
		CLIENT_UDP("10.2.0.2", .ttl = 1),
		CLIENT_UDP("2001:db8:2::2", .ttl = 1),
	},
	.expect = {
		ROUTER_DROP("IP_INHDR", "ip_forward", "ipv4", "in0", "10.1.0.2", "10.2.0.2",
			    "ttl-expired"),
		ROUTER_DROP("IP_INHDR", "ip6_forward", "ipv6", "in0", "2001:db8:1::2",
			    "2001:db8:2::2", "ttl-expired"),
	},
},
{
	.name = "mtu-too-small",
	.seed = "-",
	.story = "1400-byte datagrams that may not be fragmented meet a 1280-byte link",
	.roles = {"router", "client", "server"},
	.drop_role = "router",
	.filter = "udp",
	.setup = {
		ROUTER_WIRES,
		IP("router", "link set out0 mtu 1280"),
		IP("server", "link set eth0 mtu 1280"),
	},
	.traffic = {
		CLIENT_UDP("10.2.0.2", .size = 1400),
		CLIENT_UDP("2001:db8:2::2", .size = 1400),
	},
	.expect = {
		ROUTER_DROP("PKT_TOO_BIG", "ip_forward", "ipv4", "in0", "10.1.0.2", "10.2.0.2",
			    "mtu-too-small"),
		/* ip6_forward has set the device on by then */
		ROUTER_DROP("PKT_TOO_BIG", "ip6_forward", "ipv6", "out0", "2001:db8:1::2",
			    "2001:db8:2::2", "mtu-too-small"),
	},
},
{
	.name = "rcvbuf-full",
	.seed = "-",
	.story = "a UDP service that does not read fast enough: its receive buffer overflows",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp port 5300",
	.setup = {
		HOST_PEER_WIRE,
		UDP_SINK("host", "5300", "2048"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40101,
		 .dport = 5300, .size = 1000, .count = 16},
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "2001:db8::1", .sport = 40101,
		 .dport = 5300, .size = 1000, .count = 16},
	},
	.expect = {
		{.reason = "SOCKET_RCVBUFF", .location = "udp_queue_rcv_one_skb", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40101, .dport = 5300, .finding = "socket-rcvbuf-full"},
		{.reason = "SOCKET_RCVBUFF", .location = "udpv6_queue_rcv_one_skb", .family = "ipv6",
		 .role = "host", .dev = "eth0", .src = "2001:db8::2", .dst = "2001:db8::1",
		 .sport = 40101, .dport = 5300, .finding = "socket-rcvbuf-full"},
	},
},
{
	.name = "tc-drop",
	.seed = "-",
	.story = "a tc ingress BPF filter written too broadly drops UDP to port 9",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		TC("host", "eth0", "lab_tc_shot", "ingress"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40102,
		 .dport = 9},
	},
	.expect = {
		{.reason = "TC_INGRESS", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40102, .dport = 9,
		 .finding = "tc-drop"},
	},
},
{
	.name = "vxlan-vni",
	.seed = "-",
	.story = "two VXLAN endpoints configured with different VNIs (100 and 200)",
	.roles = {"a", "b"},
	.drop_role = "b",
	.filter = "udp port 4789",
	.setup = {
		IP("a", "link add eth0 type veth peer name eth0 netns @b"),
		IP("a", "addr add 192.0.2.1/24 dev eth0"),
		IP("a", "link set eth0 up"),
		IP("b", "addr add 192.0.2.2/24 dev eth0"),
		IP("b", "link set eth0 up"),
		IP("a", "link add vx100 type vxlan id 100 remote 192.0.2.2 dstport 4789 dev eth0"),
		IP("b", "link add vx200 type vxlan id 200 remote 192.0.2.1 dstport 4789 dev eth0"),
		IP("a", "addr add 10.10.0.1/24 dev vx100"),
		IP("a", "link set vx100 up"),
		IP("b", "addr add 10.10.0.2/24 dev vx200"),
		IP("b", "link set vx200 up"),
	},
	/* the overlay's ARP request already carries VNI 100 */
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "a", .dst = "10.10.0.2", .sport = 40103, .dport = 9},
	},
	.expect = {
		{.reason = "VXLAN_VNI_NOT_FOUND", .location = "vxlan_rcv", .family = "ipv4",
		 .role = "b", .dev = "eth0", .src = "192.0.2.1", .dst = "192.0.2.2",
		 .sport = -1, .dport = 4789, .finding = "vxlan-vni-unknown"},
	},
},
{
	.name = "xdp-drop",
	.seed = "-",
	.story = "an XDP program on a veth drops what its peer sends (XDP_DROP of an skb)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		/* the peer knows the host's MAC: its ARP would be dropped too */
		IP("peer", "neigh add 192.0.2.1 lladdr " HOST_MAC " dev eth0"),
		XDP("host", "eth0", "lab_drop", NULL),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40104,
		 .dport = 9},
	},
	.expect = {
		{.reason = "NOT_SPECIFIED", .location = "veth_xdp_rcv_skb", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40104, .dport = 9, .finding = "xdp-drop"},
	},
},
{
	.name = "ipv6-disabled",
	.seed = "-",
	.story = "IPv6 arrives on a device where it is turned off (disable_ipv6)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "ip6 and udp",
	.setup = {
		HOST_PEER_WIRE,
		SYSCTL("host", "net/ipv6/conf/eth0/disable_ipv6", "1"),
		/* the peer knows the host's MAC: no neighbour discovery */
		IP("peer", "-6 neigh add 2001:db8::1 lladdr " HOST_MAC " dev eth0"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "2001:db8::1", .sport = 40106,
		 .dport = 9},
	},
	.expect = {
		{.reason = "IPV6DISABLED", .family = "ipv6", .role = "host", .dev = "eth0",
		 .src = "2001:db8::2", .dst = "2001:db8::1", .sport = 40106, .dport = 9,
		 .finding = "ipv6-disabled"},
	},
},
{
	.name = "qdisc-full",
	.seed = "-",
	.story = "a shaped uplink (tbf, 1 Mbit/s, 4 KB queue) meets a burst: the qdisc drops",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		TCQ("host", "qdisc add dev eth0 root tbf rate 1mbit burst 1600 limit 4000"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "host", .dst = "192.0.2.2", .sport = 40107,
		 .dport = 9, .size = 1000, .count = 20},
	},
	.expect = {
		{.reason = "QDISC_DROP", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.1", .dst = "192.0.2.2", .sport = 40107, .dport = 9,
		 .finding = "qdisc-full"},
	},
},
{
	.name = "bridge-stp",
	.seed = "-",
	.story = "a bridge port still in STP learning state: what arrives on it goes nowhere",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		IP("host", "link add br0 address " HOST_MAC " type bridge"),
		IP("host", "link add eth0 type veth peer name eth0 address " PEER_MAC " netns @peer"),
		IP("host", "link set eth0 master br0"),
		IP("host", "addr add 192.0.2.1/24 dev br0"),
		IP("host", "link set br0 up"),
		IP("host", "link set eth0 up"),
		IP("peer", "addr add 192.0.2.2/24 dev eth0"),
		IP("peer", "link set eth0 up"),
		/* STP is off: the port's state is set by hand (an up port) */
		IP("host", "link set dev eth0 type bridge_slave state 2"),
	},
	.traffic = {PEER_FRAME(HOST_MAC, "192.0.2.2", 0, 0)},
	.expect = {
		{.reason = "BRIDGE_INGRESS_STP_STATE", .family = "ipv4", .role = "host",
		 .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40000, .dport = 7,
		 .finding = "bridge-port-not-forwarding"},
	},
},
{
	.name = "ipv6-not-forwarding",
	.seed = "-",
	.story = "a peer routes IPv6 through a host that does not forward IPv6",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "ip6 and udp",
	.setup = {
		HOST_PEER_WIRE,
		IP("peer", "-6 route add 2001:db8:5::/64 via 2001:db8::1"),
		IP("host", "-6 route add 2001:db8:5::/64 dev eth0"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "2001:db8:5::1", .sport = 40108,
		 .dport = 9},
	},
	.expect = {
		{.reason = "IP_INADDRERRORS", .location = "ip6_forward", .family = "ipv6",
		 .role = "host", .dev = "eth0", .src = "2001:db8::2", .dst = "2001:db8:5::1",
		 .sport = 40108, .dport = 9, .finding = "ipv6-not-forwarding"},
	},
},
{
	.name = "vxlan-no-underlay",
	.seed = "-",
	.story = "a VXLAN device whose remote the underlay has no route to",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "link add vx0 type vxlan id 7 remote 203.0.113.9 dstport 4789"),
		IP("host", "addr add 10.20.0.1/24 dev vx0"),
		IP("host", "link set vx0 up"),
		IP("host", "neigh add 10.20.0.2 lladdr 02:dd:00:00:00:09 dev vx0"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "host", .dst = "10.20.0.2", .sport = 40109, .dport = 9},
	},
	.expect = {
		{.reason = "IP_OUTNOROUTES", .location = "vxlan_xmit_one", .family = "ipv4",
		 .role = "host", .dev = "vx0", .src = "10.20.0.1", .dst = "10.20.0.2",
		 .sport = 40109, .dport = 9, .finding = "vxlan-remote-unroutable"},
	},
},
{
	.name = "ipsec-block",
	.seed = "-",
	.story = "an IPsec policy blocks UDP from the peer (ip xfrm policy ... action block)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "xfrm policy add src 192.0.2.2/32 dst 192.0.2.1/32 proto udp dir in "
			   "action block"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40110, .dport = 9},
	},
	.expect = {
		{.reason = "NOT_SPECIFIED", .location = "__udp4_lib_rcv", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40110, .dport = 9, .finding = "ipsec-policy"},
	},
},
{
	.name = "tun-no-reader",
	.seed = "-",
	.story = "a route into a tun device no program has open: no carrier, the noop qdisc drops",
	.roles = {"host"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		IP("host", "tuntap add dev tun0 mode tun"),
		IP("host", "addr add 10.9.0.1/24 dev tun0"),
		IP("host", "link set tun0 up"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "host", .dst = "10.9.0.2", .sport = 40111, .dport = 9},
	},
	.expect = {
		{.reason = "QDISC_DROP", .family = "ipv4", .role = "host", .dev = "tun0",
		 .src = "10.9.0.1", .dst = "10.9.0.2", .sport = 40111, .dport = 9,
		 .finding = "device-no-carrier"},
	},
},
{
	.name = "vxlan-no-fdb",
	.seed = "-",
	.story = "a VXLAN device with neither remote nor FDB entries: it has nowhere to send",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "arp",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "link add vx1 type vxlan id 9 dstport 4789 local 192.0.2.1 nolearning"),
		IP("host", "addr add 10.30.0.1/24 dev vx1"),
		IP("host", "link set vx1 up"),
	},
	/* the datagram waits for ARP, whose request has no VTEP to go to */
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "host", .dst = "10.30.0.2", .sport = 40113, .dport = 9},
	},
	.expect = {
		{.reason = "NO_TX_TARGET", .location = "vxlan_xmit", .family = "arp",
		 .role = "host", .dev = "vx1", .src = "10.30.0.1", .dst = "10.30.0.2",
		 .finding = "vxlan-no-destination"},
	},
},
{
	.name = "socket-filter",
	.seed = "-",
	.story = "a UDP service whose socket filter (SO_ATTACH_FILTER) takes nothing",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp port 5302",
	.setup = {
		HOST_PEER_WIRE,
		UDP_SINK_FILTERED("host", "5302"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1", .sport = 40115,
		 .dport = 5302},
	},
	.expect = {
		{.reason = "SOCKET_FILTER", .family = "ipv4", .role = "host", .dev = "eth0",
		 .src = "192.0.2.2", .dst = "192.0.2.1", .sport = 40115, .dport = 5302,
		 .finding = "socket-filter"},
	},
},
};
/* clang-format on */

const size_t lab_nclasses = sizeof(lab_classes) / sizeof(lab_classes[0]);

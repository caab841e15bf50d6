// SPDX-License-Identifier: GPL-2.0
/* The lab's scenarios: one row per seed case, read top to bottom. Each row
 * says which namespaces exist, how they are wired (`ip` commands, run as
 * `ip -n NAMESPACE ...`; "@role" names another namespace of the row), which
 * sysctls are set, what traffic is sent, and which drops the kernel must
 * report. The integration tests check against the same rows.
 *
 * Addresses come from the documentation ranges (RFC 5737, RFC 3849); MACs
 * are locally administered (02:dd:...), fixed so crafted frames can name
 * them. Every expectation was observed on a 6.18 kernel with bpftrace on
 * skb:kfree_skb before it was written down. */
#include <stddef.h>

#include "lab.h"

/* The table is laid out for reading, row by row. */
/* clang-format off */
#define IP(role, args)          {LAB_STEP_IP, role, args, NULL}
#define SYSCTL(role, path, val) {LAB_STEP_SYSCTL, role, path, val}

#define HOST_MAC    "02:dd:00:00:00:01"
#define PEER_MAC    "02:dd:00:00:00:02"
#define FOREIGN_MAC "02:dd:00:00:00:99" /* nobody's: the seeds' stale MAC */

/* A host and a peer on one wire: host eth0 192.0.2.1 / 2001:db8::1,
 * peer eth0 192.0.2.2 / 2001:db8::2 (no DAD, so IPv6 works at once). */
#define HOST_PEER_WIRE                                                                          \
	IP("host", "link add eth0 address " HOST_MAC " type veth"                               \
		   " peer name eth0 address " PEER_MAC " netns @peer"),                          \
	IP("host", "addr add 192.0.2.1/24 dev eth0"),                                           \
	IP("host", "addr add 2001:db8::1/64 dev eth0 nodad"),                                   \
	IP("host", "link set eth0 up"),                                                         \
	IP("peer", "addr add 192.0.2.2/24 dev eth0"),                                           \
	IP("peer", "addr add 2001:db8::2/64 dev eth0 nodad"),                                   \
	IP("peer", "link set eth0 up")

/* A UDP datagram crafted by the peer, sent on its end of the wire. */
#define PEER_FRAME(dmac_, src_, csum_, totlen_)                                                 \
	{.kind = LAB_TX_FRAME, .role = "peer", .dev = "eth0", .smac = PEER_MAC, .dmac = dmac_,  \
	 .src = src_, .dst = "192.0.2.1", .sport = 40000, .dport = 7,                           \
	 .csum_delta = csum_, .totlen_delta = totlen_}

/* The drop each crafted frame must cause on the host. */
#define HOST_DROP(reason_, location_, src_)                                                     \
	{.reason = reason_, .location = location_, .family = "ipv4", .role = "host",            \
	 .dev = "eth0", .src = src_, .dst = "192.0.2.1", .sport = 40000, .dport = 7}

const struct lab_scenario lab_scenarios[] = {
{
	.name = "rp-filter",
	.seed = "000",
	.story = "multi-homed host, strict rp_filter: replies on the non-preferred uplink vanish",
	.roles = {"host", "gw0", "gw1"},
	.drop_role = "host",
	.filter = "icmp",
	.setup = {
		IP("host", "link add up0 type veth peer name eth0 netns @gw0"),
		IP("host", "link add up1 type veth peer name eth0 netns @gw1"),
		IP("host", "addr add 10.0.0.2/24 dev up0"),
		IP("host", "addr add 10.0.1.2/24 dev up1"),
		IP("host", "link set up0 up"),
		IP("host", "link set up1 up"),
		IP("gw0",  "addr add 10.0.0.1/24 dev eth0"),
		IP("gw0",  "link set eth0 up"),
		IP("gw1",  "addr add 10.0.1.1/24 dev eth0"),
		IP("gw1",  "link set eth0 up"),
		IP("gw1",  "addr add 203.0.113.1/32 dev lo"),
		IP("host", "route add default via 10.0.0.1 dev up0 metric 100"),
		IP("host", "route add default via 10.0.1.1 dev up1 metric 101"),
		SYSCTL("host", "net/ipv4/conf/all/rp_filter", "1"),
	},
	/* ping -I up1 203.0.113.1: the echo leaves by up1 and its reply comes
	 * back on up1, but the best route back to 203.0.113.1 is via up0. */
	.traffic = {
		{.kind = LAB_TX_PING, .role = "host", .dev = "up1", .dst = "203.0.113.1"},
	},
	.expect = {
		{.reason = "IP_RPFILTER", .location = "ip_rcv_finish_core", .family = "ipv4",
		 .role = "host", .dev = "up1", .src = "203.0.113.1", .dst = "10.0.1.2"},
	},
	.lesson = "conf/all/rp_filter=1 is strict and max(all, iface) applies: the reply's "
		  "source is best routed via up0, so up1 fails the check. "
		  "Fix: rp_filter=2 (loose), or policy routing per uplink.",
},
{
	.name = "wrong-mac",
	.seed = "002, 003e",
	.story = "frame to the host's IP with a foreign destination MAC: tcpdump sees it, IP drops it",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "link set eth0 promisc on"), /* as when tcpdump runs */
	},
	.traffic = {PEER_FRAME(FOREIGN_MAC, "192.0.2.2", 0, 0)},
	.expect  = {HOST_DROP("OTHERHOST", "ip_rcv_core", "192.0.2.2")},
	.lesson = "the frame's destination MAC is not eth0's: without promiscuous mode the NIC "
		  "filters it, with it the stack frees it as PACKET_OTHERHOST, uncounted. "
		  "Fix the sender's neighbour entry, or rewrite the dst MAC when redirecting.",
},
{
	.name = "bad-checksum",
	.seed = "003f",
	.story = "IPv4 header checksum is wrong (summed without zeroing the field first)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {PEER_FRAME(HOST_MAC, "192.0.2.2", 0x1234, 0)},
	.expect  = {HOST_DROP("IP_CSUM", "ip_rcv_core", "192.0.2.2")},
	.lesson = "ip_rcv_core verifies every IPv4 header checksum (counter InCsumErrors). "
		  "Fix the code that rewrites the header: zero the field, then sum.",
},
{
	.name = "bad-length",
	.seed = "003d",
	.story = "IPv4 tot_len claims 14 bytes more than the frame carries",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {PEER_FRAME(HOST_MAC, "192.0.2.2", 0, 14)},
	.expect  = {HOST_DROP("PKT_TOO_SMALL", "ip_rcv_core", "192.0.2.2")},
	.lesson = "the packet is shorter than its tot_len (tcpdump: truncated-ip - 14 bytes "
		  "missing; counter InTruncatedPkts). Fix the encapsulation's length arithmetic.",
},
{
	.name = "local-source",
	.seed = "003g",
	.story = "a packet arrives whose source address is the receiver's own",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		SYSCTL("host", "net/ipv4/conf/all/accept_local", "0"),
		SYSCTL("host", "net/ipv4/conf/eth0/accept_local", "0"),
	},
	.traffic = {PEER_FRAME(HOST_MAC, "192.0.2.1", 0, 0)},
	.expect  = {HOST_DROP("IP_LOCAL_SOURCE", "ip_rcv_finish_core", "192.0.2.1")},
	.lesson = "a source that is one of the host's own addresses is martian unless "
		  "accept_local=1 on the interface. Fix the source (SNAT) or set accept_local=1.",
},
{
	.name = "closed-port",
	.seed = "-",
	.story = "UDP to a port nobody listens on, over IPv4 and IPv6",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {HOST_PEER_WIRE},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "192.0.2.1",
		 .sport = 40001, .dport = 33434},
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "2001:db8::1",
		 .sport = 40001, .dport = 33434},
	},
	.expect = {
		{.reason = "NO_SOCKET", .location = "__udp4_lib_rcv", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40001, .dport = 33434},
		{.reason = "NO_SOCKET", .location = "__udp6_lib_rcv", .family = "ipv6",
		 .role = "host", .dev = "eth0", .src = "2001:db8::2", .dst = "2001:db8::1",
		 .sport = 40001, .dport = 33434},
	},
	.lesson = "no socket is bound to the port (the sender gets ICMP port unreachable, "
		  "rate-limited). Start the service, or fix the port.",
},
{
	.name = "asymmetric",
	.watch = LAB_WATCH_TRACE,
	.seed = "001",
	.story = "two uplinks, two default routes: replies leave by the other NIC and die upstream",
	.roles = {"host", "gw0", "gw1", "client"},
	.drop_role = "host",
	.filter = "icmp",
	.setup = {
		IP("host",   "link add up0 type veth peer name eth0 netns @gw0"),
		IP("host",   "link add up1 type veth peer name eth0 netns @gw1"),
		IP("gw1",    "link add eth1 type veth peer name eth0 netns @client"),
		IP("host",   "addr add 10.0.0.2/24 dev up0"),
		IP("host",   "addr add 10.0.1.2/24 dev up1"),
		IP("host",   "link set up0 up"),
		IP("host",   "link set up1 up"),
		IP("gw0",    "addr add 10.0.0.1/24 dev eth0"),
		IP("gw0",    "link set eth0 up"),
		IP("gw1",    "addr add 10.0.1.1/24 dev eth0"),
		IP("gw1",    "addr add 198.51.100.1/24 dev eth1"),
		IP("gw1",    "link set eth0 up"),
		IP("gw1",    "link set eth1 up"),
		IP("client", "addr add 198.51.100.2/24 dev eth0"),
		IP("client", "link set eth0 up"),
		IP("client", "route add default via 198.51.100.1"),
		/* as DHCP left them in seed 001: eth0-like first, eth1-like second */
		IP("host",   "route add default via 10.0.0.1 dev up0 metric 100"),
		IP("host",   "route add default via 10.0.1.1 dev up1 metric 101"),
		SYSCTL("gw1", "net/ipv4/ip_forward", "1"),
	},
	/* the client pings the host's address on the non-preferred uplink */
	.traffic = {
		{.kind = LAB_TX_PING, .role = "client", .dst = "10.0.1.2"},
	},
	.expect = {
		{.finding = "asymmetric_route", .family = "ipv4", .role = "host", .dev = "up1",
		 .out_dev = "up0"},
		/* the reply dies upstream, where nobody routes the client */
		{.reason = "IP_INADDRERRORS", .location = "ip_error", .family = "ipv4",
		 .role = "gw0", .dev = "eth0", .src = "10.0.1.2", .dst = "198.51.100.2"},
	},
	.lesson = "two default routes (metric 100 via up0, 101 via up1): the echo request comes "
		  "in on up1, the reply follows the lower metric out of up0 and is lost beyond it. "
		  "Fix: source-based policy routing for up1's address, or the metric order.",
},
{
	.name = "tunnel-rp-filter",
	.watch = LAB_WATCH_TRACE,
	.seed = "004",
	.story = "ping -I into a tunnel: the decapsulated reply fails rp_filter on the tunnel device",
	.roles = {"a", "b"},
	.drop_role = "a",
	.filter = "icmp",
	.setup = {
		IP("a", "link add eth0 type veth peer name eth0 netns @b"),
		IP("a", "addr add 172.16.0.1/24 dev eth0"),
		IP("a", "link set eth0 up"),
		IP("b", "addr add 172.16.0.2/24 dev eth0"),
		IP("b", "link set eth0 up"),
		/* no ipip module here: a VXLAN tunnel plays tun_a/tun_b */
		IP("a", "link add tun_a type vxlan id 42 local 172.16.0.1 remote 172.16.0.2"
			" dstport 4789 dev eth0"),
		IP("b", "link add tun_b type vxlan id 42 local 172.16.0.2 remote 172.16.0.1"
			" dstport 4789 dev eth0"),
		IP("a", "addr add 192.168.1.1/24 dev tun_a"),
		IP("a", "link set tun_a up"),
		IP("b", "addr add 192.168.1.2/24 dev tun_b"),
		IP("b", "link set tun_b up"),
		SYSCTL("a", "net/ipv4/conf/all/rp_filter", "1"),
	},
	/* ping -I tun_a <b's eth0 address> */
	.traffic = {
		{.kind = LAB_TX_PING, .role = "a", .dev = "tun_a", .dst = "172.16.0.2"},
	},
	.expect = {
		{.reason = "IP_RPFILTER", .location = "ip_rcv_finish_core", .family = "ipv4",
		 .role = "a", .dev = "tun_a", .src = "172.16.0.2", .dst = "192.168.1.1"},
	},
	.lesson = "the reply arrives through the tunnel, but the best route back to 172.16.0.2 "
		  "is eth0, not tun_a: strict rp_filter drops it after decapsulation. "
		  "Fix: rp_filter=2 (loose) or 0 on the tunnel, or route the peer via the tunnel.",
},
};
/* clang-format on */

const size_t lab_nscenarios = sizeof(lab_scenarios) / sizeof(lab_scenarios[0]);

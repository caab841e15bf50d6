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
#define HOST_DROP(reason_, location_, src_, finding_)                                            \
	{.reason = reason_, .location = location_, .family = "ipv4", .role = "host",            \
	 .dev = "eth0", .src = src_, .dst = "192.0.2.1", .sport = 40000, .dport = 7,            \
	 .finding = finding_}

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
		 .role = "host", .dev = "up1", .src = "203.0.113.1", .dst = "10.0.1.2",
		 .finding = "rp_filter_strict"},
	},
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
	.expect  = {HOST_DROP("OTHERHOST", "ip_rcv_core", "192.0.2.2", "foreign_dst_mac")},
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
	.expect  = {HOST_DROP("IP_CSUM", "ip_rcv_core", "192.0.2.2", "ipv4_bad_checksum")},
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
	.expect  = {HOST_DROP("PKT_TOO_SMALL", "ip_rcv_core", "192.0.2.2", "ipv4_tot_len_beyond_frame")},
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
	.expect  = {HOST_DROP("IP_LOCAL_SOURCE", "ip_rcv_finish_core", "192.0.2.1", "local_source")},
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
},
};
/* clang-format on */

const size_t lab_nscenarios = sizeof(lab_scenarios) / sizeof(lab_scenarios[0]);

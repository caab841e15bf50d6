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

#include "lab/lab_table.h"

/* clang-format off */
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
	.name = "not-forwarding",
	.seed = "-",
	.story = "a packet routed through a host that is not a router (ip_forward=0)",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		IP("host", "route add default via 192.0.2.2"),
		IP("peer", "route add 198.51.100.0/24 via 192.0.2.1"),
		SYSCTL("host", "net/ipv4/ip_forward", "0"),
	},
	/* the peer uses the host as its gateway to 198.51.100.0/24 */
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "peer", .dst = "198.51.100.9",
		 .sport = 40003, .dport = 9},
	},
	.expect = {
		{.reason = "IP_INADDRERRORS", .location = "ip_error", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "198.51.100.9",
		 .sport = 40003, .dport = 9, .finding = "not_forwarding"},
	},
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
		 .sport = 40001, .dport = 33434, .finding = "no_socket"},
		{.reason = "NO_SOCKET", .location = "__udp6_lib_rcv", .family = "ipv6",
		 .role = "host", .dev = "eth0", .src = "2001:db8::2", .dst = "2001:db8::1",
		 .sport = 40001, .dport = 33434, .finding = "no_socket"},
	},
},
{
	.name = "neigh-failed",
	.seed = "-",
	.story = "the host sends to an on-link address nobody owns: ARP gets no answer",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "udp",
	.setup = {
		HOST_PEER_WIRE,
		/* one ARP request, 100 ms: the kernel gives up at once
		 * (the defaults, 3 requests 1 s apart, take 3 s) */
		SYSCTL("host", "net/ipv4/neigh/eth0/mcast_solicit", "1"),
		SYSCTL("host", "net/ipv4/neigh/eth0/retrans_time_ms", "100"),
		/* the rest of the probe budget is inherited from the init
		 * namespace's net.ipv4.neigh.default: pin it, and start from no
		 * entry (a STALE one would send the datagrams, no drop) */
		SYSCTL("host", "net/ipv4/neigh/eth0/app_solicit", "0"),
		SYSCTL("host", "net/ipv4/neigh/eth0/ucast_solicit", "0"),
		IP("host", "neigh flush dev eth0"),
	},
	.traffic = {
		{.kind = LAB_TX_UDP, .role = "host", .dst = "192.0.2.99",
		 .sport = 40002, .dport = 9},
	},
	.expect = {
		{.reason = "NEIGH_FAILED", .location = "neigh_invalidate", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.1", .dst = "192.0.2.99",
		 .sport = 40002, .dport = 9, .finding = "neigh_failed"},
	},
},
{
	.name = "xdp-veth",
	.seed = "003a",
	.story = "an XDP program redirects into a veth whose peer has no XDP program",
	.roles = {"src", "dir", "dst"},
	.drop_role = "dir",
	.filter = NULL, /* XDP drops carry no packet bytes to filter on */
	.setup = {
		XDP_DIRECTOR_WIRES,
		XDP("dir", "in0", "lab_redirect", "out0"),
	},
	.traffic = {
		{.kind = LAB_TX_PING, .role = "src", .dev = "eth0", .dst = "198.51.100.2"},
	},
	.expect = {
		{.reason = "XDP_REDIRECT_ERR", .role = "dir", .dev = "in0",
		 .finding = "xdp_redirect_veth_peer_no_xdp"},
	},
},
{
	.name = "xdp-abort",
	.seed = "003b",
	.story = "an XDP program gives up on every frame (XDP_ABORTED)",
	.roles = {"src", "dir", "dst"},
	.drop_role = "dir",
	.filter = NULL,
	.setup = {
		XDP_DIRECTOR_WIRES,
		XDP("dir", "in0", "lab_abort", NULL),
	},
	.traffic = {
		{.kind = LAB_TX_PING, .role = "src", .dev = "eth0", .dst = "198.51.100.2"},
	},
	.expect = {
		{.reason = "XDP_ABORTED", .role = "dir", .dev = "in0", .finding = "xdp_aborted"},
	},
},
{
	.name = "firewall",
	.seed = "003c",
	.story = "nftables rejects TCP port 80 (admin prohibited) and drops port 81",
	.roles = {"host", "peer"},
	.drop_role = "host",
	.filter = "tcp",
	.setup = {
		HOST_PEER_WIRE,
		NFT("host", HOST_FIREWALL),
	},
	.traffic = {
		{.kind = LAB_TX_TCP, .role = "peer", .dst = "192.0.2.1", .sport = 40080,
		 .dport = 80},
		{.kind = LAB_TX_TCP, .role = "peer", .dst = "192.0.2.1", .sport = 40081,
		 .dport = 81},
	},
	.expect = {
		{.reason = "NETFILTER_DROP", .location = "nft_do_chain", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40080, .dport = 80, .finding = "firewall"},
		{.reason = "NETFILTER_DROP", .location = "nft_do_chain", .family = "ipv4",
		 .role = "host", .dev = "eth0", .src = "192.0.2.2", .dst = "192.0.2.1",
		 .sport = 40081, .dport = 81, .finding = "firewall"},
	},
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
},
};
/* clang-format on */

const size_t lab_nscenarios = sizeof(lab_scenarios) / sizeof(lab_scenarios[0]);

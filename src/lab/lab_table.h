/* SPDX-License-Identifier: GPL-2.0 */
/* lab_table: the words the scenario tables are written in (lab_scenarios.c,
 * lab_classes.c) — steps, the wires most scenarios share, the frames the
 * peer crafts. Internal to the lab module. */
#ifndef DROPDOC_LAB_TABLE_H
#define DROPDOC_LAB_TABLE_H

#include "lab/lab.h"

/* The table is laid out for reading, row by row. */
/* clang-format off */
#define IP(role, args)          {LAB_STEP_IP, role, args, NULL}
#define SYSCTL(role, path, val) {LAB_STEP_SYSCTL, role, path, val}
#define XDP(role, dev, prog, to) {LAB_STEP_XDP, role, dev, prog, to}
#define NFT(role, rules)        {LAB_STEP_NFT, role, rules}

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

/* An XDP director in "dir" between a sender "src" (eth0 198.51.100.1)
 * and a receiver "dst" (eth0 198.51.100.2): frames enter dir by in0, leave
 * (when XDP lets them) by out0. */
#define XDP_DIRECTOR_WIRES                                                                      \
	IP("dir", "link add in0 type veth peer name eth0 netns @src"),                          \
	IP("dir", "link add out0 type veth peer name eth0 netns @dst"),                         \
	IP("dir", "link set in0 up"),                                                           \
	IP("dir", "link set out0 up"),                                                          \
	IP("src", "addr add 198.51.100.1/24 dev eth0"),                                         \
	IP("src", "link set eth0 up"),                                                          \
	IP("dst", "addr add 198.51.100.2/24 dev eth0"),                                         \
	IP("dst", "link set eth0 up")

/* The host's firewall (seed 003c: firewalld's "admin prohibited filter"):
 * port 80 rejected with an ICMP error, port 81 dropped silently. */
#define HOST_FIREWALL                                                                           \
	"table inet filter {\n"                                                                 \
	"  chain input {\n"                                                                     \
	"    type filter hook input priority filter; policy accept;\n"                          \
	"    tcp dport 80 counter reject with icmp type admin-prohibited\n"                     \
	"    tcp dport 81 counter drop\n"                                                       \
	"  }\n"                                                                                 \
	"}\n"

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

#define TC(role, dev, prog, dir) {LAB_STEP_TC, role, dev, prog, dir}
#define UDP_SINK(role, port, rcvbuf) {LAB_STEP_UDP_SINK, role, port, rcvbuf}
#define UDP_SINK_FILTERED(role, port) {LAB_STEP_UDP_SINK, role, port, "212992", "filter"}
#define TCQ(role, args)         {LAB_STEP_TCCMD, role, args, NULL}
/* clang-format on */

#endif

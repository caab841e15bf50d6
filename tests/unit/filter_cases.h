/* SPDX-License-Identifier: GPL-2.0 */
/* filter_cases: tcpdump expressions and packets that the filter tests run
 * through both libpcap and our interpreter (user space and in the kernel). */
#ifndef DROPDOC_TEST_FILTER_CASES_H
#define DROPDOC_TEST_FILTER_CASES_H

#include "fixtures.h"

static const char *const filter_exprs[] = {
    "icmp",
    "udp port 53",
    "host 192.0.2.1",
    "src net 10.0.0.0/8 and tcp[tcpflags] & tcp-syn != 0",
    "ip6 and udp",
    "vlan and udp",
    "vlan 100",
    "arp",
    "arp host 192.0.2.1",
    "not port 22",
    "ip[8] < 5",
    "len > 100",
    "greater 200",
    "less 64",
    "portrange 1000-2000",
    "icmp6",
    "icmp6 and ip6[40] == 128",
    "ether host 02:00:00:00:00:01",
    "ether src 02:00:00:00:00:01",
    "ether broadcast",
    "ether[0] & 1 != 0",
    "tcp",
    "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)",
    "tcp dst port 80 or udp dst port 53",
    "icmp[icmptype] == icmp-echoreply",
    "icmp[icmptype] == icmp-echo and ip[2:2] > 200",
    "dst port 9",
    "src host 10.0.0.1",
    "net 192.0.2.0/24",
    "ip6 host 2001:db8::1",
    "ip6 dst 2001:db8::2",
    "ip proto 17",
    "ip[0] & 0xf > 5",
    "ip[6:2] & 0x1fff != 0",
    "udp[8:4] = 0xabababab",
    "tcp[20:2] = 0x5a5a",
    "ip[2:2] / 4 > 10",
    "ip[2:2] % 7 = 3",
    "ip[2:2] * 2 - 1 > 100",
    "ip[2:2] / ip[1] > 0",
    "ip[2:2] % ip[9] = 0",
    "ip[2:2] >> 2 > 10 and ip[8] << 1 > 100",
    "ip[1] ^ 0xff = 0xff",
    "(ip[2:2] | 3) & 0xff = 0x2b",
    "-ip[8] != 0",
    "ip[ip[0] & 0xf] != 0",
    "udp[ip[0] & 0xf] > 0",
    "ip multicast or ip6 multicast",
    "ip",
    "ip6",
    "",
};

#define FILTER_NEXPRS (sizeof(filter_exprs) / sizeof(filter_exprs[0]))

static const char *const filter_bad_exprs[] = {
    "nonsense ++",
    "port 99999999",
    "host 300.1.1.1",
    "tcp[",
};

struct filter_pkt {
	const char *name;
	struct fx f;
};

#define FILTER_MAX_PKTS 40

/* Builds the packets; returns how many. */
static inline unsigned filter_build_pkts(struct filter_pkt *out)
{
	static const uint8_t zero[6];
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	unsigned n = 0;
	struct fx *f;

#define NEXT(nm) (out[n].name = (nm), f = &out[n++].f)
	NEXT("v4 udp 192.0.2.1.40000 > 192.0.2.2.9");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 12);
	fx_ipv4_csum(f);
	fx_udp(f, 40000, 9, 12);
	fx_pad(f);

	NEXT("v4 udp dns 10.1.2.3.5353 > 192.0.2.53.53");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "10.1.2.3", "192.0.2.53", 8 + 30);
	fx_ipv4_csum(f);
	fx_udp(f, 5353, 53, 30);

	NEXT("v4 tcp syn 10.0.0.1.1 > 10.0.0.2.80");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_TCP, "10.0.0.1", "10.0.0.2", 20);
	fx_ipv4_csum(f);
	fx_tcp(f, 1, 80, 0x02);
	fx_pad(f);

	NEXT("v4 tcp syn-ack 10.0.0.2.80 > 10.0.0.1.1");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_TCP, "10.0.0.2", "10.0.0.1", 20);
	fx_ipv4_csum(f);
	fx_tcp(f, 80, 1, 0x12);
	fx_pad(f);

	NEXT("v4 tcp ssh with 100 bytes");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_TCP, "192.0.2.9", "198.51.100.1", 20 + 100);
	fx_ipv4_csum(f);
	fx_tcp(f, 22, 50000, 0x18);
	fx_fill(f, 0x5a, 100);

	NEXT("v4 tcp 10.9.9.9.1500 > 192.0.2.1.3000 syn");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_TCP, "10.9.9.9", "192.0.2.1", 20);
	fx_ipv4_csum(f);
	fx_tcp(f, 1500, 3000, 0x02);
	fx_pad(f);

	NEXT("v4 icmp echo reply");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_ICMP, "198.51.100.7", "192.0.2.10", 64);
	fx_ipv4_csum(f);
	fx_echo(f, 0, 7, 1, 56);

	NEXT("v4 icmp echo request, 242 bytes");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_ICMP, "192.0.2.1", "192.0.2.2", 208);
	fx_ipv4_csum(f);
	fx_echo(f, 8, 9, 2, 200);

	NEXT("v4 ihl 6 udp 53 (options)");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.7", "192.0.2.8", 4 + 8 + 4);
	f->b[f->l3] = 0x46;
	fx_u32(f, 0x01010100);
	fx_ipv4_csum(f);
	fx_udp(f, 53, 1053, 4);
	fx_pad(f);

	NEXT("v4 udp later fragment");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 40);
	f->b[f->l3 + 6] = 0x00;
	f->b[f->l3 + 7] = 0xb9; /* offset 185*8 */
	fx_ipv4_csum(f);
	fx_fill(f, 0xab, 40);

	NEXT("v4 multicast udp, broadcast mac");
	fx_eth(f, 0x0800);
	memcpy(f->b, bcast, 6);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "224.0.0.251", 8 + 8);
	f->b[f->l3 + 1] = 0x2c; /* tos, for the division by ip[1] */
	fx_ipv4_csum(f);
	fx_udp(f, 5353, 5353, 8);
	fx_pad(f);

	NEXT("v6 udp 2001:db8::1.5000 > 2001:db8::2.9");
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_UDP, "2001:db8::1", "2001:db8::2");
	fx_udp(f, 5000, 9, 4);
	fx_ipv6_done(f);
	fx_pad(f);

	NEXT("v6 icmp6 echo request");
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_ICMPV6, "2001:db8::2", "2001:db8::1");
	fx_echo(f, 128, 1, 1, 16);
	fx_ipv6_done(f);

	NEXT("v6 hop-by-hop icmp6 echo reply");
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_HOPOPTS, "2001:db8::1", "2001:db8::2");
	fx_u8(f, IPPROTO_ICMPV6);
	fx_u8(f, 0);
	fx_u8(f, 1);
	fx_u8(f, 4);
	fx_u32(f, 0);
	fx_echo(f, 129, 1, 1, 16);
	fx_ipv6_done(f);

	NEXT("v6 tcp ssh, multicast dst");
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_TCP, "2001:db8::5", "ff02::1");
	fx_tcp(f, 50000, 22, 0x10);
	fx_ipv6_done(f);

	NEXT("vlan 100 v4 udp");
	fx_eth(f, 0x8100);
	fx_vlan(f, 100, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 12);
	fx_ipv4_csum(f);
	fx_udp(f, 40000, 53, 12);
	fx_pad(f);

	NEXT("qinq 200/300 v4 udp");
	fx_eth(f, 0x88a8);
	fx_vlan(f, 200, 0x8100);
	fx_vlan(f, 300, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "10.0.0.1", "10.0.0.2", 8 + 12);
	fx_ipv4_csum(f);
	fx_udp(f, 1234, 9, 12);

	NEXT("arp request who-has 192.0.2.1");
	fx_arp(f, 1, fx_mac1, "192.0.2.2", zero, "192.0.2.1");
	memcpy(f->b, bcast, 6);
	fx_pad(f);

	NEXT("arp reply 192.0.2.1 is-at");
	fx_arp(f, 2, fx_mac2, "192.0.2.1", fx_mac1, "192.0.2.2");
	fx_pad(f);

	NEXT("zero macs (synthetic L2), v4 tcp 22");
	fx_eth(f, 0x0800);
	memset(f->b, 0, 12);
	fx_ipv4(f, IPPROTO_TCP, "10.2.0.1", "10.2.0.2", 20);
	fx_ipv4_csum(f);
	fx_tcp(f, 22, 40000, 0x04);
	fx_pad(f);

	NEXT("lldp");
	fx_eth(f, 0x88cc);
	fx_fill(f, 0x02, 46);

	NEXT("v4 udp, 300 bytes (caplen 256)");
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 258);
	fx_ipv4_csum(f);
	fx_udp(f, 40000, 53, 258);
#undef NEXT
	return n;
}

#endif

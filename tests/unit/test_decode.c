// SPDX-License-Identifier: GPL-2.0
/* Unit tests for decode: field values and exact one-line summaries of built
 * packets, malformed headers, and every truncation length of several packets
 * (each decoded from a heap copy of exactly caplen bytes, so an over-read is
 * caught by ASan/valgrind). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "decode/decode.h"
#include "fixtures.h"

static void build_v4_udp(struct fx *f)
{
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 12);
	fx_ipv4_csum(f);
	fx_udp(f, 40000, 9, 12);
	fx_pad(f);
}

static void build_v4_tcp_syn(struct fx *f)
{
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_TCP, "10.0.0.1", "10.0.0.2", 20);
	fx_ipv4_csum(f);
	fx_tcp(f, 1, 80, 0x02);
	fx_pad(f);
}

static void build_v4_icmp_reply(struct fx *f)
{
	fx_eth(f, 0x0800);
	fx_ipv4(f, IPPROTO_ICMP, "198.51.100.7", "192.0.2.10", 64);
	fx_ipv4_csum(f);
	fx_echo(f, 0, 7, 1, 56);
}

static void build_v6_udp(struct fx *f)
{
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_UDP, "2001:db8::1", "2001:db8::2");
	fx_udp(f, 5000, 9, 4);
	fx_ipv6_done(f);
	fx_pad(f);
}

/* hop-by-hop (8 bytes, PadN) → fragment (offset 0) → ICMPv6 echo request */
static void build_v6_icmp_ext(struct fx *f)
{
	fx_eth(f, 0x86dd);
	fx_ipv6(f, IPPROTO_HOPOPTS, "2001:db8::1", "2001:db8::2");
	fx_u8(f, IPPROTO_FRAGMENT);
	fx_u8(f, 0);
	fx_u8(f, 1); /* PadN, 4 bytes of padding */
	fx_u8(f, 4);
	fx_u32(f, 0);
	fx_u8(f, IPPROTO_ICMPV6);
	fx_u8(f, 0);
	fx_u16(f, 0); /* offset 0, M=0 */
	fx_u32(f, 0xdeadbeef);
	fx_echo(f, 128, 0x1234, 5, 8);
	fx_ipv6_done(f);
}

/* 802.1ad VID 100 outside, 802.1Q VID 200 inside, then IPv4 UDP */
static void build_qinq_udp(struct fx *f)
{
	fx_eth(f, 0x88a8);
	fx_vlan(f, 100, 0x8100);
	fx_vlan(f, 200 | 0x2000, 0x0800);
	fx_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 12);
	fx_ipv4_csum(f);
	fx_udp(f, 40000, 9, 12);
}

static void build_arp_request(struct fx *f)
{
	static const uint8_t zero[6];

	fx_arp(f, 1, fx_mac1, "192.0.2.2", zero, "192.0.2.1");
	fx_pad(f);
}

static void decode_ok(const struct fx *f, struct pkt *p, char *line, size_t n)
{
	assert_int_equal(pkt_decode(f->b, f->len, f->len, p), 0);
	pkt_format(p, line, n);
}

static void test_ipv4_udp(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256], a[INET6_ADDRSTRLEN];

	(void)state;
	build_v4_udp(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_true(p.has_eth);
	assert_memory_equal(p.smac, fx_mac1, 6);
	assert_memory_equal(p.dmac, fx_mac2, 6);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.vlan, -1);
	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.proto, IPPROTO_UDP);
	assert_int_equal(p.ihl, 20);
	assert_int_equal(p.ttl, 64);
	assert_int_equal(p.tos, 0);
	assert_int_equal(p.ip_id, 0x1234);
	assert_int_equal(p.frag_off, 0x4000);
	assert_int_equal(p.ip_len, 40);
	assert_int_equal(p.ip_csum_ok, 1);
	assert_int_equal(p.ip_csum, p.ip_csum_calc);
	assert_int_equal(p.sport, 40000);
	assert_int_equal(p.dport, 9);
	assert_int_equal(p.l4_len, 20);
	assert_int_equal(p.icmp_type, -1);
	assert_null(p.problem);
	assert_int_equal(p.missing, 0);
	assert_string_equal(pkt_src(&p, a, sizeof(a)), "192.0.2.1");
	assert_string_equal(pkt_dst(&p, a, sizeof(a)), "192.0.2.2");
	assert_string_equal(pkt_proto_name(&p), "udp");
	assert_string_equal(pkt_family_name(&p), "ipv4");
	assert_string_equal(line, "IP 192.0.2.1.40000 > 192.0.2.2.9: UDP, length 12");
}

static void test_ipv4_tcp(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_v4_tcp_syn(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.proto, IPPROTO_TCP);
	assert_int_equal(p.sport, 1);
	assert_int_equal(p.dport, 80);
	assert_int_equal(p.tcp_flags, 0x02);
	assert_int_equal(p.l4_hlen, 20);
	assert_null(p.problem);
	assert_string_equal(pkt_proto_name(&p), "tcp");
	assert_string_equal(line, "IP 10.0.0.1.1 > 10.0.0.2.80: Flags [S], length 0");

	f.b[f.l3 + 20 + 13] = 0x12; /* SYN+ACK */
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(line, "IP 10.0.0.1.1 > 10.0.0.2.80: Flags [S.], length 0");
	f.b[f.l3 + 20 + 13] = 0;
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(line, "IP 10.0.0.1.1 > 10.0.0.2.80: Flags [none], length 0");
	f.b[f.l3 + 20 + 12] = 3 << 4;
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(p.problem, "TCP data offset 3 < 5");
}

static void test_ipv4_icmp(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_v4_icmp_reply(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.proto, IPPROTO_ICMP);
	assert_int_equal(p.icmp_type, 0);
	assert_int_equal(p.icmp_code, 0);
	assert_int_equal(p.icmp_id, 7);
	assert_int_equal(p.icmp_seq, 1);
	assert_int_equal(p.sport, -1);
	assert_null(p.problem);
	assert_string_equal(pkt_proto_name(&p), "icmp");
	assert_string_equal(
	    line, "IP 198.51.100.7 > 192.0.2.10: ICMP echo reply, id 7, seq 1, length 64");

	f.b[f.l3 + 20] = 3; /* port unreachable: no id/seq */
	f.b[f.l3 + 21] = 3;
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.icmp_id, -1);
	assert_string_equal(line, "IP 198.51.100.7 > 192.0.2.10: ICMP port unreachable, length 64");
}

static void test_ipv6_udp(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256], a[INET6_ADDRSTRLEN];

	(void)state;
	build_v6_udp(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.proto, IPPROTO_UDP);
	assert_int_equal(p.ttl, 64);
	assert_int_equal(p.ip_len, 40 + 12);
	assert_int_equal(p.ip_csum_ok, 2);
	assert_int_equal(p.sport, 5000);
	assert_int_equal(p.dport, 9);
	assert_null(p.problem);
	assert_string_equal(pkt_src(&p, a, sizeof(a)), "2001:db8::1");
	assert_string_equal(pkt_dst(&p, a, sizeof(a)), "2001:db8::2");
	assert_string_equal(pkt_family_name(&p), "ipv6");
	assert_string_equal(line, "IP6 2001:db8::1.5000 > 2001:db8::2.9: UDP, length 4");
}

static void test_ipv6_icmp_ext(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_v6_icmp_ext(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.proto, IPPROTO_ICMPV6);
	assert_int_equal(p.icmp_type, 128);
	assert_int_equal(p.icmp_id, 0x1234);
	assert_int_equal(p.icmp_seq, 5);
	assert_int_equal(p.l4_len, 16);
	assert_null(p.problem);
	assert_string_equal(pkt_proto_name(&p), "icmpv6");
	assert_string_equal(line, "IP6 2001:db8::1 > 2001:db8::2: ICMP6, echo request, id 4660, "
				  "seq 5, length 16");

	/* a later fragment carries no ICMPv6 header */
	f.b[f.ip6_end + 8 + 2] = 0x05;
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.proto, IPPROTO_ICMPV6);
	assert_int_equal(p.icmp_type, -1);
}

static void test_vlan(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_qinq_udp(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.vlan, 100);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.sport, 40000);
	assert_null(p.problem);
	assert_string_equal(line, "IP 192.0.2.1.40000 > 192.0.2.2.9: UDP, length 12");
	/* a tot_len check measures from the end of the tags */
	assert_int_equal(p.missing, 0);
}

static void test_arp(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256], a[INET6_ADDRSTRLEN];

	(void)state;
	build_arp_request(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_true(p.is_arp);
	assert_int_equal(p.family, 0);
	assert_int_equal(p.arp_op, 1);
	assert_memory_equal(p.arp_sha, fx_mac1, 6);
	assert_string_equal(pkt_src(&p, a, sizeof(a)), "192.0.2.2");
	assert_string_equal(pkt_dst(&p, a, sizeof(a)), "192.0.2.1");
	assert_string_equal(pkt_proto_name(&p), "arp");
	assert_string_equal(pkt_family_name(&p), "arp");
	assert_string_equal(line, "ARP, Request who-has 192.0.2.1 tell 192.0.2.2");

	fx_arp(&f, 2, fx_mac2, "192.0.2.1", fx_mac1, "192.0.2.2");
	decode_ok(&f, &p, line, sizeof(line));
	assert_memory_equal(p.arp_tha, fx_mac1, 6);
	assert_string_equal(line, "ARP, Reply 192.0.2.1 is-at 02:00:00:00:00:02");
}

static void test_bad_csum(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256], want[128];

	(void)state;
	build_v4_udp(&f);
	uint16_t good = (uint16_t)(f.b[f.l3 + 10] << 8 | f.b[f.l3 + 11]);
	f.b[f.l3 + 10] = 0x12;
	f.b[f.l3 + 11] = 0x34;
	decode_ok(&f, &p, line, sizeof(line));
	assert_int_equal(p.ip_csum, 0x1234);
	assert_int_equal(p.ip_csum_calc, good);
	assert_int_equal(p.ip_csum_ok, 0);
	snprintf(want, sizeof(want), "bad IPv4 header checksum 0x1234 (should be 0x%04x)", good);
	assert_string_equal(p.problem, want);
	assert_string_equal(line,
			    "IP 192.0.2.1.40000 > 192.0.2.2.9: UDP, length 12 [bad ip cksum]");
}

static void test_tot_len_beyond(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	fx_eth(&f, 0x0800);
	fx_ipv4(&f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 8 + 12 + 14);
	fx_ipv4_csum(&f);
	fx_udp(&f, 40000, 9, 12);
	/* caplen 38 of a 54-byte frame: the verdict uses len, not caplen */
	assert_int_equal(pkt_decode(f.b, 38, f.len, &p), 0);
	assert_int_equal(p.missing, 14);
	assert_string_equal(p.problem, "tot_len 14 bytes beyond the frame");
	assert_int_equal(pkt_decode(f.b, f.len, f.len, &p), 0);
	assert_int_equal(p.missing, 14);
	assert_int_equal(p.ip_csum_ok, 1);
	assert_string_equal(p.problem, "tot_len 14 bytes beyond the frame");
	pkt_format(&p, line, sizeof(line));
	assert_string_equal(line, "IP 192.0.2.1.40000 > 192.0.2.2.9: UDP, length 26 "
				  "[truncated-ip - 14 bytes missing]");
}

static void test_ihl_version(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_v4_udp(&f);
	f.b[f.l3] = 0x43;
	fx_ipv4_csum(&f);
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(p.problem, "IPv4 ihl 3 < 5");
	assert_int_equal(p.ihl, 12);
	assert_int_equal(p.sport, -1);
	assert_string_equal(line, "IP 192.0.2.1 > 192.0.2.2: [IPv4 ihl 3 < 5]");

	build_v4_udp(&f);
	f.b[f.l3] = 0x65;
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(p.problem, "IPv4 version 6 in an IPv4 frame");
	assert_int_equal(p.family, 0);
	assert_null(pkt_proto_name(&p));
	assert_string_equal(line, "IP [IPv4 version 6 in an IPv4 frame]");

	build_v6_udp(&f);
	f.b[f.l3] = 0x40;
	decode_ok(&f, &p, line, sizeof(line));
	assert_string_equal(p.problem, "IPv6 version 4 in an IPv6 frame");
}

/* IPv4 options: ihl 6 with a NOP option word; the checksum covers it. */
static void test_ipv4_options(void **state)
{
	struct fx f, g;
	struct pkt p;
	char line[256];

	(void)state;
	build_v4_udp(&f);
	memcpy(&g, &f, sizeof(f));
	g.len = f.l3 + 20;
	fx_u32(&g, 0x01010100);
	memcpy(g.b + g.len, f.b + f.l3 + 20, 20);
	g.len += 20;
	g.b[g.l3] = 0x46;
	g.b[g.l3 + 3] = 44;
	fx_ipv4_csum(&g);
	decode_ok(&g, &p, line, sizeof(line));
	assert_int_equal(p.ihl, 24);
	assert_int_equal(p.ip_csum_ok, 1);
	assert_null(p.problem);
	assert_string_equal(line, "IP 192.0.2.1.40000 > 192.0.2.2.9: UDP, length 12");
	/* options cut off by caplen: checksum not checked */
	assert_int_equal(pkt_decode(g.b, g.l3 + 22, g.len, &p), 0);
	assert_int_equal(p.ip_csum_ok, 2);
	assert_string_equal(p.problem, "truncated IPv4 header");
}

static void test_truncated_l4(void **state)
{
	struct fx f;
	struct pkt p;
	char line[256];

	(void)state;
	build_v4_udp(&f);
	assert_int_equal(pkt_decode(f.b, f.l3 + 24, f.len, &p), 0);
	assert_string_equal(p.problem, "truncated UDP header");
	assert_int_equal(p.sport, -1);
	assert_int_equal(p.ip_csum_ok, 1);
	pkt_format(&p, line, sizeof(line));
	assert_string_equal(line, "IP 192.0.2.1 > 192.0.2.2: UDP [|udp]");

	assert_int_equal(pkt_decode(f.b, 10, f.len, &p), -EINVAL);
	assert_false(p.has_eth);
	assert_string_equal(p.problem, "truncated Ethernet header");
	assert_int_equal(pkt_decode(f.b, 20, f.len, &p), 0);
	assert_string_equal(p.problem, "truncated IPv4 header");
	pkt_format(&p, line, sizeof(line));
	assert_string_equal(line, "IP [truncated IPv4 header]");
}

static void test_format_small_buffer(void **state)
{
	struct fx f;
	struct pkt p;
	char line[10];

	(void)state;
	build_v4_udp(&f);
	assert_int_equal(pkt_decode(f.b, f.len, f.len, &p), 0);
	assert_int_equal(pkt_format(&p, line, sizeof(line)), 48);
	assert_string_equal(line, "IP 192.0.");
}

typedef void (*builder)(struct fx *);

/* Decode and format every prefix of each packet from a heap buffer of exactly
 * caplen bytes. Below the end of its headers a packet must report a problem;
 * in full it must report none. */
static void test_truncation_every_length(void **state)
{
	static const struct {
		builder build;
		uint32_t hdr_end; /* bytes needed for all headers */
	} cases[] = {
	    {build_v4_udp, 14 + 20 + 8},	   {build_v4_tcp_syn, 14 + 20 + 20},
	    {build_v4_icmp_reply, 14 + 20 + 8},	   {build_v6_udp, 14 + 40 + 8},
	    {build_v6_icmp_ext, 14 + 40 + 16 + 8}, {build_qinq_udp, 22 + 20 + 8},
	    {build_arp_request, 14 + 28},
	};
	unsigned decoded = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;

		cases[i].build(&f);
		for (uint32_t cap = 0; cap <= f.len; cap++) {
			uint8_t *copy = malloc(cap ? cap : 1);
			struct pkt p;
			char line[256];
			int rc;

			assert_non_null(copy);
			memcpy(copy, f.b, cap);
			rc = pkt_decode(copy, cap, f.len, &p);
			assert_int_equal(rc, cap < 14 ? -EINVAL : 0);
			assert_true(pkt_format(&p, line, sizeof(line)) > 0);
			if (cap < cases[i].hdr_end)
				assert_non_null(p.problem);
			else
				assert_null(p.problem);
			assert_int_equal(p.missing, 0);
			free(copy);
			decoded++;
		}
	}
	print_message("# decoded %u truncated prefixes\n", decoded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_udp),
	    cmocka_unit_test(test_ipv4_tcp),
	    cmocka_unit_test(test_ipv4_icmp),
	    cmocka_unit_test(test_ipv6_udp),
	    cmocka_unit_test(test_ipv6_icmp_ext),
	    cmocka_unit_test(test_vlan),
	    cmocka_unit_test(test_arp),
	    cmocka_unit_test(test_bad_csum),
	    cmocka_unit_test(test_tot_len_beyond),
	    cmocka_unit_test(test_ihl_version),
	    cmocka_unit_test(test_ipv4_options),
	    cmocka_unit_test(test_truncated_l4),
	    cmocka_unit_test(test_format_small_buffer),
	    cmocka_unit_test(test_truncation_every_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

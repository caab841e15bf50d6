// SPDX-License-Identifier: GPL-2.0
/* decode: captured bytes → header fields and the first problem found.
 *
 * Every read goes through decode_u8/u16/u32, which check against the end of
 * the captured bytes; a header that does not fit is a problem, never a read
 * past caplen. Lengths claimed by the packet (tot_len, payload_len) are only
 * compared, never trusted as bounds. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"

#define ETH_HLEN	 14
#define VLAN_HLEN	 4
#define ARP_ETH_IP_LEN	 28
#define IPV4_MIN_HLEN	 20
#define IPV6_HLEN	 40
#define UDP_HLEN	 8
#define TCP_MIN_HLEN	 20
#define ICMP_MIN_HLEN	 8
#define IPV6_MAX_EXTHDRS 8

/* A bounded view of the captured bytes. */
struct cur {
	const uint8_t *data;
	uint32_t caplen;
};

static bool decode_has(const struct cur *c, uint32_t off, uint32_t n)
{
	return off <= c->caplen && n <= c->caplen - off;
}

static uint8_t decode_u8(const struct cur *c, uint32_t off)
{
	return c->data[off];
}

static uint16_t decode_u16(const struct cur *c, uint32_t off)
{
	return (uint16_t)(c->data[off] << 8 | c->data[off + 1]);
}

static void decode_problem(struct pkt *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Only the first problem is kept. */
static void decode_problem(struct pkt *p, const char *fmt, ...)
{
	va_list ap;

	if (p->problem)
		return;
	va_start(ap, fmt);
	vsnprintf(p->problem_text, sizeof(p->problem_text), fmt, ap);
	va_end(ap);
	p->problem = p->problem_text;
}

static uint16_t decode_ip_csum(const struct cur *c, uint32_t off, uint32_t hlen)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i + 1 < hlen; i += 2) {
		if (i == 10)
			continue; /* the checksum field counts as zero */
		sum += decode_u16(c, off + i);
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void decode_icmp(const struct cur *c, uint32_t off, uint32_t end, struct pkt *p, bool v6)
{
	const char *name = v6 ? "ICMPv6" : "ICMP";
	uint8_t echo_req = v6 ? 128 : 8, echo_rep = v6 ? 129 : 0;

	if (end - off < 4) {
		decode_problem(p, "truncated %s header", name);
		return;
	}
	p->icmp_type = decode_u8(c, off);
	p->icmp_code = decode_u8(c, off + 1);
	if (p->icmp_type != echo_req && p->icmp_type != echo_rep)
		return;
	if (end - off < ICMP_MIN_HLEN) {
		decode_problem(p, "truncated %s echo header", name);
		return;
	}
	p->icmp_id = decode_u16(c, off + 4);
	p->icmp_seq = decode_u16(c, off + 6);
}

static uint32_t sum16(const uint8_t *b, uint32_t n, uint32_t sum)
{
	for (uint32_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

/* The L4 checksum over the captured segment (pseudo header but for ICMP),
 * when all of it is captured; field: its offset in the L4 header. */
static void decode_l4_csum(const struct cur *c, uint32_t off, uint32_t avail, struct pkt *p,
			   uint32_t field)
{
	uint32_t sum = 0, n = p->l4_len;
	uint8_t ph[40];

	p->l4_csum_ok = 2;
	if (!n || n > avail || field + 2 > n || (p->family == AF_INET && (p->frag_off & 0x2000)))
		return; /* not all here, or a first fragment */
	p->l4_csum = decode_u16(c, off + field);
	if (p->proto == IPPROTO_UDP && p->family == AF_INET && !p->l4_csum)
		return; /* no checksum */
	if (p->proto != IPPROTO_ICMP) {
		uint32_t alen = p->family == AF_INET6 ? 16 : 4;

		memcpy(ph, &p->src, alen);
		memcpy(ph + alen, &p->dst, alen);
		sum = sum16(ph, 2 * alen, 0) + p->proto + (n >> 16) + (n & 0xffff);
	}
	sum = sum16(c->data + off, field, sum);
	sum = sum16(c->data + off + field + 2, n - field - 2, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	p->l4_csum_calc = (uint16_t)~sum;
	if (p->proto == IPPROTO_UDP && !p->l4_csum_calc)
		p->l4_csum_calc = 0xffff;
	p->l4_csum_ok = p->l4_csum_calc == p->l4_csum;
}

/* off: start of the L4 header; end: end of the captured L4 bytes. */
static void decode_l4(const struct cur *c, uint32_t off, uint32_t end, struct pkt *p)
{
	uint32_t avail = end > off ? end - off : 0;

	p->l4_csum_ok = 2;
	if (p->proto == IPPROTO_UDP || p->proto == IPPROTO_TCP || p->proto == IPPROTO_ICMP ||
	    p->proto == IPPROTO_ICMPV6)
		decode_l4_csum(c, off, avail, p,
			       p->proto == IPPROTO_UDP	 ? 6
			       : p->proto == IPPROTO_TCP ? 16
							 : 2);

	switch (p->proto) {
	case IPPROTO_UDP:
		if (avail < UDP_HLEN) {
			decode_problem(p, "truncated UDP header");
			return;
		}
		p->sport = decode_u16(c, off);
		p->dport = decode_u16(c, off + 2);
		p->l4_hlen = UDP_HLEN;
		break;
	case IPPROTO_TCP:
		if (avail < TCP_MIN_HLEN) {
			decode_problem(p, "truncated TCP header");
			return;
		}
		p->sport = decode_u16(c, off);
		p->dport = decode_u16(c, off + 2);
		p->tcp_flags = decode_u8(c, off + 13);
		p->l4_hlen = (uint8_t)((decode_u8(c, off + 12) >> 4) * 4);
		if (p->l4_hlen < TCP_MIN_HLEN)
			decode_problem(p, "TCP data offset %u < 5", p->l4_hlen / 4);
		break;
	case IPPROTO_ICMP:
		if (p->family == AF_INET)
			decode_icmp(c, off, off + avail, p, false);
		break;
	case IPPROTO_ICMPV6:
		if (p->family == AF_INET6)
			decode_icmp(c, off, off + avail, p, true);
		break;
	}
}

/* Bytes of the frame after the L2 header, by the wire length. */
static uint32_t decode_l3_wire(uint32_t len, uint32_t l2len)
{
	return len > l2len ? len - l2len : 0;
}

static void decode_ipv4(const struct cur *c, uint32_t off, uint32_t len, struct pkt *p)
{
	uint32_t wire = decode_l3_wire(len, off), end;
	uint8_t vihl;

	if (!decode_has(c, off, IPV4_MIN_HLEN)) {
		decode_problem(p, "truncated IPv4 header");
		return;
	}
	vihl = decode_u8(c, off);
	if (vihl >> 4 != 4) {
		decode_problem(p, "IPv4 version %u in an IPv4 frame", vihl >> 4);
		return;
	}
	p->family = AF_INET;
	p->ihl = (uint8_t)((vihl & 0xf) * 4);
	p->tos = decode_u8(c, off + 1);
	p->ip_len = decode_u16(c, off + 2);
	p->ip_id = decode_u16(c, off + 4);
	p->frag_off = decode_u16(c, off + 6);
	p->ttl = decode_u8(c, off + 8);
	p->proto = decode_u8(c, off + 9);
	p->ip_csum = decode_u16(c, off + 10);
	memcpy(&p->src.v4, c->data + off + 12, 4);
	memcpy(&p->dst.v4, c->data + off + 16, 4);
	if (p->ihl < IPV4_MIN_HLEN) {
		decode_problem(p, "IPv4 ihl %u < 5", p->ihl / 4);
		return;
	}
	if (!decode_has(c, off, p->ihl)) {
		decode_problem(p, "truncated IPv4 header");
		return;
	}
	p->ip_csum_calc = decode_ip_csum(c, off, p->ihl);
	p->ip_csum_ok = p->ip_csum_calc == p->ip_csum;
	if (p->ip_len < p->ihl) {
		decode_problem(p, "IPv4 tot_len %u < header length %u", p->ip_len, p->ihl);
		return;
	}
	p->l4_len = p->ip_len - p->ihl;
	if (p->ip_len > wire) {
		p->missing = (int)(p->ip_len - wire);
		decode_problem(p, "tot_len %d bytes beyond the frame", p->missing);
	}
	if (!p->ip_csum_ok)
		decode_problem(p, "bad IPv4 header checksum 0x%04x (should be 0x%04x)", p->ip_csum,
			       p->ip_csum_calc);
	if (p->frag_off & 0x1fff)
		return; /* a later fragment: no L4 header here */
	/* Ethernet padding past tot_len is not L4 data. */
	end = off + p->ip_len < c->caplen ? off + p->ip_len : c->caplen;
	decode_l4(c, off + p->ihl, end, p);
}

static bool decode_ipv6_is_ext(uint8_t nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS ||
	       nh == IPPROTO_FRAGMENT || nh == IPPROTO_AH;
}

static void decode_ipv6(const struct cur *c, uint32_t off, uint32_t len, struct pkt *p)
{
	uint32_t wire = decode_l3_wire(len, off), l4, end;
	uint8_t nh;
	bool later_frag = false, saw_frag = false;

	if (!decode_has(c, off, IPV6_HLEN)) {
		decode_problem(p, "truncated IPv6 header");
		return;
	}
	if (decode_u8(c, off) >> 4 != 6) {
		decode_problem(p, "IPv6 version %u in an IPv6 frame", decode_u8(c, off) >> 4);
		return;
	}
	p->family = AF_INET6;
	p->tos = (uint8_t)(decode_u16(c, off) >> 4);
	p->ip_len = (uint16_t)(IPV6_HLEN + decode_u16(c, off + 4));
	if (decode_u16(c, off + 4) > 0xffff - IPV6_HLEN)
		p->ip_len = 0xffff; /* jumbo-sized claims saturate */
	nh = decode_u8(c, off + 6);
	p->ttl = decode_u8(c, off + 7);
	memcpy(&p->src.v6, c->data + off + 8, 16);
	memcpy(&p->dst.v6, c->data + off + 24, 16);
	if (p->ip_len > wire) {
		p->missing = (int)(p->ip_len - wire);
		decode_problem(p, "payload_len %d bytes beyond the frame", p->missing);
	}
	end = off + p->ip_len < c->caplen ? off + p->ip_len : c->caplen;
	l4 = off + IPV6_HLEN;
	for (int i = 0; decode_ipv6_is_ext(nh); i++) {
		uint32_t hlen;

		if (i == IPV6_MAX_EXTHDRS) {
			decode_problem(p, "more than %d IPv6 extension headers", IPV6_MAX_EXTHDRS);
			p->proto = nh;
			return;
		}
		if (l4 > end || end - l4 < 8) {
			decode_problem(p, "truncated IPv6 extension header %u", nh);
			p->proto = nh;
			return;
		}
		if (nh == IPPROTO_FRAGMENT) {
			hlen = 8;
			later_frag = (decode_u16(c, l4 + 2) & 0xfff8) != 0;
			saw_frag = true;
		} else if (nh == IPPROTO_AH) {
			hlen = (decode_u8(c, l4 + 1) + 2u) * 4;
		} else {
			hlen = (decode_u8(c, l4 + 1) + 1u) * 8;
		}
		nh = decode_u8(c, l4);
		l4 += hlen;
	}
	p->proto = nh;
	p->l4_len = p->ip_len > l4 - off ? p->ip_len - (l4 - off) : 0;
	if (!later_frag)
		decode_l4(c, l4, end, p);
	if (saw_frag)
		p->l4_csum_ok = 2; /* a first fragment: the segment goes on */
}

static void decode_arp(const struct cur *c, uint32_t off, struct pkt *p)
{
	p->is_arp = true;
	if (!decode_has(c, off, 8)) {
		decode_problem(p, "truncated ARP header");
		return;
	}
	p->arp_op = decode_u16(c, off + 6);
	if (decode_u16(c, off) != 1 || decode_u16(c, off + 2) != 0x0800 ||
	    decode_u8(c, off + 4) != 6 || decode_u8(c, off + 5) != 4) {
		decode_problem(p, "ARP for hardware type %u, protocol 0x%04x", decode_u16(c, off),
			       decode_u16(c, off + 2));
		return;
	}
	if (!decode_has(c, off, ARP_ETH_IP_LEN)) {
		decode_problem(p, "truncated ARP header");
		return;
	}
	memcpy(p->arp_sha, c->data + off + 8, 6);
	memcpy(&p->arp_spa, c->data + off + 14, 4);
	memcpy(p->arp_tha, c->data + off + 18, 6);
	memcpy(&p->arp_tpa, c->data + off + 24, 4);
}

static bool decode_is_vlan(uint16_t et)
{
	return et == 0x8100 || et == 0x88a8 || et == 0x9100;
}

int pkt_decode(const uint8_t *data, uint32_t caplen, uint32_t len, struct pkt *p)
{
	struct cur c = {.data = data, .caplen = caplen};
	uint32_t off = ETH_HLEN;

	memset(p, 0, sizeof(*p));
	p->vlan = -1;
	p->sport = p->dport = -1;
	p->icmp_type = p->icmp_code = p->icmp_id = p->icmp_seq = -1;
	p->ip_csum_ok = 2;
	if (len < caplen)
		len = caplen;
	if (!data || !decode_has(&c, 0, ETH_HLEN)) {
		decode_problem(p, "truncated Ethernet header");
		return -EINVAL;
	}
	p->has_eth = true;
	memcpy(p->dmac, data, 6);
	memcpy(p->smac, data + 6, 6);
	p->ethertype = decode_u16(&c, 12);
	while (decode_is_vlan(p->ethertype)) {
		if (!decode_has(&c, off, VLAN_HLEN)) {
			decode_problem(p, "truncated VLAN tag");
			return 0;
		}
		if (p->vlan < 0)
			p->vlan = decode_u16(&c, off) & 0xfff;
		p->ethertype = decode_u16(&c, off + 2);
		off += VLAN_HLEN;
	}
	switch (p->ethertype) {
	case 0x0800:
		decode_ipv4(&c, off, len, p);
		break;
	case 0x86dd:
		decode_ipv6(&c, off, len, p);
		break;
	case 0x0806:
		decode_arp(&c, off, p);
		break;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* decode (formatting half): names, addresses and the tcpdump -n-like one-line
 * summary of a decoded struct pkt. Reads only the struct, never the bytes. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"

/* An snprintf that appends: out keeps the full length, the buffer the part
 * that fits. */
struct fmtbuf {
	char *buf;
	size_t n;
	size_t len;
};

static void fmt_add(struct fmtbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fmt_add(struct fmtbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->len < b->n ? b->n - b->len : 0;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (w > 0)
		b->len += (size_t)w;
}

struct code_name {
	int code;
	const char *name;
};

static const struct code_name icmp_types[] = {
    {0, "echo reply"},		 {3, "unreachable"},
    {4, "source quench"},	 {5, "redirect"},
    {8, "echo request"},	 {9, "router advertisement"},
    {10, "router solicitation"}, {11, "time exceeded"},
    {12, "parameter problem"},	 {13, "time stamp request"},
    {14, "time stamp reply"},
};

static const struct code_name icmp_unreach_codes[] = {
    {0, "net unreachable"},
    {1, "host unreachable"},
    {2, "protocol unreachable"},
    {3, "port unreachable"},
    {4, "need to frag"},
    {5, "source route failed"},
    {6, "net unknown"},
    {7, "host unknown"},
    {9, "net prohibited"},
    {10, "host prohibited"},
    {13, "administratively prohibited"},
};

static const struct code_name icmp6_types[] = {
    {1, "destination unreachable"},
    {2, "packet too big"},
    {3, "time exceeded"},
    {4, "parameter problem"},
    {128, "echo request"},
    {129, "echo reply"},
    {133, "router solicitation"},
    {134, "router advertisement"},
    {135, "neighbor solicitation"},
    {136, "neighbor advertisement"},
    {137, "redirect"},
};

static const char *fmt_lookup(const struct code_name *t, size_t n, int code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

#define LOOKUP(t, c) fmt_lookup(t, sizeof(t) / sizeof((t)[0]), c)

const char *pkt_family_name(const struct pkt *p)
{
	if (p->family == AF_INET)
		return "ipv4";
	if (p->family == AF_INET6)
		return "ipv6";
	if (p->is_arp)
		return "arp";
	return NULL;
}

const char *pkt_proto_name(const struct pkt *p)
{
	if (p->is_arp)
		return "arp";
	if (p->family != AF_INET && p->family != AF_INET6)
		return NULL;
	switch (p->proto) {
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_ICMP:
		if (p->family == AF_INET)
			return "icmp";
		break;
	case IPPROTO_ICMPV6:
		if (p->family == AF_INET6)
			return "icmpv6";
		break;
	}
	return p->family == AF_INET ? "ipv4" : "ipv6";
}

/* ARP addresses count only when the whole Ethernet/IPv4 ARP body was read. */
static bool pkt_arp_complete(const struct pkt *p)
{
	return p->is_arp && !p->problem;
}

static const char *pkt_addr(const struct pkt *p, bool src, char *buf, size_t n)
{
	const void *a;
	int af = p->family;

	if (af == AF_INET || af == AF_INET6) {
		a = src ? (const void *)&p->src : (const void *)&p->dst;
	} else if (pkt_arp_complete(p)) {
		af = AF_INET;
		a = src ? &p->arp_spa : &p->arp_tpa;
	} else {
		return NULL;
	}
	return inet_ntop(af, a, buf, (socklen_t)n);
}

const char *pkt_src(const struct pkt *p, char *buf, size_t n)
{
	return pkt_addr(p, true, buf, n);
}

const char *pkt_dst(const struct pkt *p, char *buf, size_t n)
{
	return pkt_addr(p, false, buf, n);
}

static void fmt_mac(struct fmtbuf *b, const uint8_t *m)
{
	fmt_add(b, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void fmt_arp(const struct pkt *p, struct fmtbuf *b)
{
	static const uint8_t zero[6];
	char spa[INET_ADDRSTRLEN], tpa[INET_ADDRSTRLEN];

	if (!pkt_arp_complete(p)) {
		fmt_add(b, "ARP, [%s]", p->problem ? p->problem : "?");
		return;
	}
	inet_ntop(AF_INET, &p->arp_spa, spa, sizeof(spa));
	inet_ntop(AF_INET, &p->arp_tpa, tpa, sizeof(tpa));
	switch (p->arp_op) {
	case 1:
		fmt_add(b, "ARP, Request who-has %s", tpa);
		if (memcmp(p->arp_tha, zero, 6) != 0) {
			fmt_add(b, " (");
			fmt_mac(b, p->arp_tha);
			fmt_add(b, ")");
		}
		fmt_add(b, " tell %s", spa);
		break;
	case 2:
		fmt_add(b, "ARP, Reply %s is-at ", spa);
		fmt_mac(b, p->arp_sha);
		break;
	default:
		fmt_add(b, "ARP, op %u, %s > %s", p->arp_op, spa, tpa);
	}
}

static void fmt_icmp(const struct pkt *p, struct fmtbuf *b)
{
	const char *t = LOOKUP(icmp_types, p->icmp_type);

	if (p->icmp_type == 3 && LOOKUP(icmp_unreach_codes, p->icmp_code))
		t = LOOKUP(icmp_unreach_codes, p->icmp_code);
	if (t)
		fmt_add(b, "ICMP %s", t);
	else
		fmt_add(b, "ICMP type %d code %d", p->icmp_type, p->icmp_code);
	if (p->icmp_id >= 0)
		fmt_add(b, ", id %d, seq %d", p->icmp_id, p->icmp_seq);
	fmt_add(b, ", length %u", p->l4_len);
}

static void fmt_icmp6(const struct pkt *p, struct fmtbuf *b)
{
	const char *t = LOOKUP(icmp6_types, p->icmp_type);

	if (t)
		fmt_add(b, "ICMP6, %s", t);
	else
		fmt_add(b, "ICMP6, type %d code %d", p->icmp_type, p->icmp_code);
	if (p->icmp_id >= 0)
		fmt_add(b, ", id %d, seq %d", p->icmp_id, p->icmp_seq);
	fmt_add(b, ", length %u", p->l4_len);
}

static void fmt_tcp_flags(const struct pkt *p, struct fmtbuf *b)
{
	/* tcpdump's letters, in its order: FIN SYN RST PSH ACK URG ECE CWR */
	static const char letters[] = "FSRP.UEW";
	bool any = false;

	fmt_add(b, "Flags [");
	for (int i = 0; i < 8; i++) {
		if (p->tcp_flags & (1u << i)) {
			fmt_add(b, "%c", letters[i]);
			any = true;
		}
	}
	fmt_add(b, "%s]", any ? "" : "none");
}

static uint32_t fmt_payload(const struct pkt *p)
{
	return p->l4_len > p->l4_hlen ? p->l4_len - p->l4_hlen : 0;
}

/* Did the IP layer decode far enough for its L4 header to mean anything? */
static bool fmt_ip_ok(const struct pkt *p)
{
	if (p->family == AF_INET6)
		return true;
	return p->ihl >= 20 && p->ip_csum_ok != 2 && p->ip_len >= p->ihl;
}

static void fmt_ip(const struct pkt *p, struct fmtbuf *b)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	bool v4 = p->family == AF_INET;
	bool ports = p->sport >= 0;

	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	fmt_add(b, "%s %s", v4 ? "IP" : "IP6", src);
	if (ports)
		fmt_add(b, ".%d", p->sport);
	fmt_add(b, " > %s", dst);
	if (ports)
		fmt_add(b, ".%d", p->dport);
	fmt_add(b, ": ");
	if (!fmt_ip_ok(p)) {
		fmt_add(b, "[%s]", p->problem);
		return;
	}
	if (v4 && (p->frag_off & 0x1fff)) {
		fmt_add(b, "ip-proto-%u fragment, offset %u, length %u", p->proto,
			(p->frag_off & 0x1fff) * 8u, p->l4_len);
	} else if (p->proto == IPPROTO_UDP) {
		if (ports)
			fmt_add(b, "UDP, length %u", fmt_payload(p));
		else
			fmt_add(b, "UDP [|udp]");
	} else if (p->proto == IPPROTO_TCP) {
		if (ports) {
			fmt_tcp_flags(p, b);
			fmt_add(b, ", length %u", fmt_payload(p));
		} else {
			fmt_add(b, "TCP [|tcp]");
		}
	} else if (v4 && p->proto == IPPROTO_ICMP) {
		if (p->icmp_type >= 0)
			fmt_icmp(p, b);
		else
			fmt_add(b, "ICMP [|icmp]");
	} else if (!v4 && p->proto == IPPROTO_ICMPV6) {
		if (p->icmp_type >= 0)
			fmt_icmp6(p, b);
		else
			fmt_add(b, "ICMP6 [|icmp6]");
	} else {
		fmt_add(b, "ip-proto-%u, length %u", p->proto, p->l4_len);
	}
	if (v4 && p->ip_csum_ok == 0)
		fmt_add(b, " [bad ip cksum]");
	if (p->missing > 0)
		fmt_add(b, " [truncated-%s - %d bytes missing]", v4 ? "ip" : "ip6", p->missing);
}

int pkt_format(const struct pkt *p, char *buf, size_t n)
{
	struct fmtbuf b = {.buf = buf, .n = n};

	if (n)
		buf[0] = '\0';
	if (p->family == AF_INET || p->family == AF_INET6)
		fmt_ip(p, &b);
	else if (p->is_arp)
		fmt_arp(p, &b);
	else if (!p->has_eth)
		fmt_add(&b, "[%s]", p->problem ? p->problem : "no Ethernet header");
	else if (p->ethertype == 0x0800)
		fmt_add(&b, "IP [%s]", p->problem ? p->problem : "?");
	else if (p->ethertype == 0x86dd)
		fmt_add(&b, "IP6 [%s]", p->problem ? p->problem : "?");
	else if (p->problem)
		fmt_add(&b, "ethertype 0x%04x [%s]", p->ethertype, p->problem);
	else
		fmt_add(&b, "ethertype 0x%04x", p->ethertype);
	return (int)b.len;
}

// SPDX-License-Identifier: GPL-2.0
/* nftrules_eval: a rule's conditions in nft's words, and evaluated against
 * a decoded packet. Pure. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/icmperr.h"
#include "model/nftrules.h"

struct out {
	char *buf;
	size_t n, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (o->len >= o->n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		o->len += (size_t)k;
}

static const char *l4_name(uint32_t p)
{
	return p == IPPROTO_TCP	     ? "tcp"
	       : p == IPPROTO_UDP    ? "udp"
	       : p == IPPROTO_ICMP   ? "icmp"
	       : p == IPPROTO_ICMPV6 ? "icmpv6"
				     : NULL;
}

static void put_value(struct out *o, const struct nftrules_match *m, int i)
{
	uint32_t lo = m->lo[i], hi = m->hi[i];

	if (m->field == NFTR_SADDR || m->field == NFTR_DADDR) {
		struct in_addr a = {.s_addr = htonl(lo)};
		char t[INET_ADDRSTRLEN];
		int len = 0;

		while (len < 32 && (~0u >> len) != hi - lo)
			len++;
		inet_ntop(AF_INET, &a, t, sizeof(t));
		if (hi == lo)
			put(o, "%s", t);
		else if (len < 32)
			put(o, "%s/%d", t, len);
		else
			put(o, "%s-?", t);
	} else if (m->field == NFTR_L4PROTO && l4_name(lo)) {
		put(o, "%s", l4_name(lo));
	} else if (m->field == NFTR_NFPROTO) {
		put(o, "ipv%u", lo);
	} else if (lo != hi) {
		put(o, "%u-%u", lo, hi);
	} else {
		put(o, "%u", lo);
	}
}

static void put_match(struct out *o, const struct nftrules_match *m)
{
	static const char *const words[] = {
	    [NFTR_NFPROTO] = "meta nfproto", [NFTR_L4PROTO] = "meta l4proto",
	    [NFTR_SPORT] = "sport",	     [NFTR_DPORT] = "dport",
	    [NFTR_SADDR] = "ip saddr",	     [NFTR_DADDR] = "ip daddr",
	    [NFTR_IIFNAME] = "iifname",	     [NFTR_OIFNAME] = "oifname",
	};

	if (m->field == NFTR_SPORT || m->field == NFTR_DPORT)
		put(o, "%s ", m->l4 ? l4_name(m->l4) : "th");
	put(o, "%s %s", words[m->field], m->neg ? "!= " : "");
	if (m->field == NFTR_IIFNAME || m->field == NFTR_OIFNAME) {
		put(o, "\"%s\" ", m->name);
		return;
	}
	if (m->nvalues > 1)
		put(o, "{ ");
	for (int i = 0; i < m->nvalues; i++) {
		put(o, "%s", i ? ", " : "");
		put_value(o, m, i);
	}
	put(o, "%s", m->nvalues > 1 ? " } " : " ");
}

void nftrules_format(const struct nftrules_rule *r, char *buf, size_t n)
{
	struct out o = {buf, n, 0};
	const char *what;

	buf[0] = 0;
	for (int i = 0; i < r->nmatch; i++)
		put_match(&o, &r->match[i]);
	if (r->partial)
		put(&o, "... ");
	if (strcmp(r->verdict, "reject")) {
		put(&o, "%s", r->verdict);
		return;
	}
	what = icmperr_name(r->reject_type, r->reject_code);
	if (r->reject_type == NFTRULES_REJECT_UNKNOWN)
		put(&o, "reject (iptables REJECT target)");
	else if (r->reject_type < 0)
		put(&o, "reject with tcp reset");
	else
		put(&o, "reject with icmp %s", what ? what : "?");
}

static bool in_values(const struct nftrules_match *m, uint32_t v)
{
	for (int i = 0; i < m->nvalues; i++)
		if (v >= m->lo[i] && v <= m->hi[i])
			return true;
	return false;
}

/* 1 the condition holds, 0 it does not, -1 cannot tell. */
static int eval(const struct nftrules_match *m, const struct pkt *p, const char *iif,
		const char *oif)
{
	const char *dev = m->field == NFTR_IIFNAME ? iif : oif;
	bool hit;

	switch (m->field) {
	case NFTR_NFPROTO:
		hit = in_values(m, p->family == AF_INET6 ? 6 : 4);
		break;
	case NFTR_L4PROTO:
		hit = in_values(m, p->proto);
		break;
	case NFTR_SPORT:
	case NFTR_DPORT:
		if (m->l4 && m->l4 != p->proto)
			return 0; /* "tcp dport" implies the protocol */
		if ((m->field == NFTR_SPORT ? p->sport : p->dport) < 0)
			return 0;
		hit = in_values(m, (uint32_t)(m->field == NFTR_SPORT ? p->sport : p->dport));
		break;
	case NFTR_SADDR:
	case NFTR_DADDR:
		if (p->family != AF_INET)
			return 0; /* "ip saddr" implies IPv4 */
		hit = in_values(
		    m, ntohl(m->field == NFTR_SADDR ? p->src.v4.s_addr : p->dst.v4.s_addr));
		break;
	case NFTR_IIFNAME:
	case NFTR_OIFNAME:
		if (!dev)
			return -1;
		hit = !strcmp(dev, m->name);
		break;
	default:
		return -1;
	}
	return hit != (bool)m->neg;
}

int nftrules_match_pkt(const struct nftrules_rule *r, const struct pkt *p, const char *iif,
		       const char *oif)
{
	int unknown = r->partial;

	if (!p || !p->family)
		return -1;
	for (int i = 0; i < r->nmatch; i++) {
		int v = eval(&r->match[i], p, iif, oif);

		if (v == 0)
			return 0;
		if (v < 0)
			unknown = 1;
	}
	return unknown ? -1 : 1;
}

bool nftrules_is_iptables(const struct nftrules_rule *r)
{
	static const char *const tables[] = {"filter", "nat", "mangle", "raw", "security"};

	if (strcmp(r->family, "ip") && strcmp(r->family, "ip6"))
		return false;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (!strcmp(r->table, tables[i]))
			return r->chain[0] >= 'A' && r->chain[0] <= 'Z';
	return false;
}

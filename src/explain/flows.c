// SPDX-License-Identifier: GPL-2.0
/* flows: request/reply pairing and the asymmetry decision. */
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/flows.h"
#include "model/netcfg.h"

#define FLOWS_SLOTS 4096 /* a direct-mapped cache of recent requests */
#define FLOWS_SEEN  64	 /* asymmetries reported, so each is said once */

struct flow_key {
	uint32_t netns;
	uint8_t family, proto;
	uint16_t a_port, b_port; /* client's port / echo id, server's port / echo seq */
	uint8_t client[16], server[16];
};

struct flow_req {
	struct flow_key key;
	bool used;
	uint64_t packet;
	uint32_t ifindex;
	char dev[FLOWS_DEV_MAX];
};

struct flow_seen {
	uint32_t netns, in_ifindex, out_ifindex;
	uint8_t server[16];
};

struct flows {
	struct flow_req slot[FLOWS_SLOTS];
	struct flow_seen seen[FLOWS_SEEN];
	int nseen;
};

enum flow_role flows_role(const struct pkt *p)
{
	if (!p || !p->family)
		return FLOW_OTHER;
	switch (p->proto) {
	case IPPROTO_ICMP:
		return p->icmp_type == 8   ? FLOW_REQUEST
		       : p->icmp_type == 0 ? FLOW_REPLY
					   : FLOW_OTHER;
	case IPPROTO_ICMPV6:
		return p->icmp_type == 128   ? FLOW_REQUEST
		       : p->icmp_type == 129 ? FLOW_REPLY
					     : FLOW_OTHER;
	case IPPROTO_TCP:
		if (p->sport < 0)
			return FLOW_OTHER;
		if ((p->tcp_flags & 0x12) == 0x02) /* SYN without ACK */
			return FLOW_REQUEST;
		return (p->tcp_flags & 0x12) == 0x12 ? FLOW_REPLY : FLOW_OTHER;
	case IPPROTO_UDP:
		return p->sport >= 0 ? FLOW_REQUEST : FLOW_OTHER; /* either; see below */
	default:
		return FLOW_OTHER;
	}
}

static void addr_bytes(const struct pkt *p, bool src, uint8_t out[16])
{
	memset(out, 0, 16);
	if (p->family == AF_INET)
		memcpy(out, src ? &p->src.v4 : &p->dst.v4, 4);
	else
		memcpy(out, src ? &p->src.v6 : &p->dst.v6, 16);
}

/* The key of the exchange p belongs to, oriented client → server. */
static void flow_key(const struct pkt *p, uint32_t netns, bool is_reply, struct flow_key *k)
{
	bool icmp = p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6;

	memset(k, 0, sizeof(*k));
	k->netns = netns;
	k->family = (uint8_t)p->family;
	k->proto = p->proto;
	addr_bytes(p, !is_reply, k->client);
	addr_bytes(p, is_reply, k->server);
	if (icmp) {
		k->a_port = (uint16_t)(p->icmp_id < 0 ? 0 : p->icmp_id);
		k->b_port = (uint16_t)(p->icmp_seq < 0 ? 0 : p->icmp_seq);
	} else {
		k->a_port = (uint16_t)(is_reply ? p->dport : p->sport);
		k->b_port = (uint16_t)(is_reply ? p->sport : p->dport);
	}
}

static uint32_t flow_hash(const struct flow_key *k)
{
	const uint8_t *b = (const uint8_t *)k;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ b[i]) * 16777619u;
	return h % FLOWS_SLOTS;
}

struct flows *flows_new(void)
{
	return calloc(1, sizeof(struct flows));
}

void flows_free(struct flows *f)
{
	free(f);
}

int flows_hop_rx(struct flows *f, const struct flow_hop *h)
{
	struct flow_req *r;
	struct flow_key k;

	if (flows_role(h->pkt) != FLOW_REQUEST)
		return 0;
	flow_key(h->pkt, h->netns, false, &k);
	r = &f->slot[flow_hash(&k)];
	r->key = k;
	r->used = true;
	r->packet = h->packet;
	r->ifindex = h->ifindex;
	snprintf(r->dev, sizeof(r->dev), "%s", h->dev ? h->dev : "");
	return 1;
}

static bool seen_before(struct flows *f, const struct flow_key *k, uint32_t in, uint32_t out)
{
	for (int i = 0; i < f->nseen; i++)
		if (f->seen[i].netns == k->netns && f->seen[i].in_ifindex == in &&
		    f->seen[i].out_ifindex == out && !memcmp(f->seen[i].server, k->server, 16))
			return true;
	if (f->nseen < FLOWS_SEEN) {
		f->seen[f->nseen].netns = k->netns;
		f->seen[f->nseen].in_ifindex = in;
		f->seen[f->nseen].out_ifindex = out;
		memcpy(f->seen[f->nseen].server, k->server, 16);
		f->nseen++;
	}
	return false;
}

int flows_hop_tx(struct flows *f, const struct flow_hop *h, struct flow_asym *out)
{
	enum flow_role role = flows_role(h->pkt);
	const struct flow_req *r;
	struct flow_key k;

	/* UDP has no reply marker: any datagram whose reverse was a request */
	if (role != FLOW_REPLY && !(role == FLOW_REQUEST && h->pkt->proto == IPPROTO_UDP))
		return 0;
	flow_key(h->pkt, h->netns, true, &k);
	r = &f->slot[flow_hash(&k)];
	if (!r->used || memcmp(&r->key, &k, sizeof(k)))
		return 0;
	if (r->ifindex == h->ifindex || !h->ifindex || seen_before(f, &k, r->ifindex, h->ifindex))
		return 0;
	memset(out, 0, sizeof(*out));
	out->netns = h->netns;
	out->family = h->pkt->family;
	out->proto = h->pkt->proto;
	memcpy(&out->client, k.client, h->pkt->family == AF_INET ? 4 : 16);
	memcpy(&out->server, k.server, h->pkt->family == AF_INET ? 4 : 16);
	out->req_packet = r->packet;
	out->rep_packet = h->packet;
	out->in_ifindex = r->ifindex;
	out->out_ifindex = h->ifindex;
	snprintf(out->in_dev, sizeof(out->in_dev), "%s", r->dev);
	snprintf(out->out_dev, sizeof(out->out_dev), "%s", h->dev ? h->dev : "");
	out->has_route = h->has_route;
	out->table = h->table;
	out->metric = h->metric;
	out->gw = h->gw;
	return 1;
}

static void route_text(const struct flow_route *r, char *buf, size_t n)
{
	char gw[INET_ADDRSTRLEN], tb[16];

	if (r->gw.s_addr)
		snprintf(buf, n, "default via %s dev %s metric %u (table %s)",
			 inet_ntop(AF_INET, &r->gw, gw, sizeof(gw)), r->dev, r->metric,
			 netcfg_table_name(r->table, tb, sizeof(tb)));
	else
		snprintf(buf, n, "default dev %s metric %u (table %s)", r->dev, r->metric,
			 netcfg_table_name(r->table, tb, sizeof(tb)));
}

static const char *proto_word(const struct flow_asym *a)
{
	switch (a->proto) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return "ICMP echo";
	case IPPROTO_TCP:
		return "TCP handshake";
	default:
		return "UDP exchange";
	}
}

void flows_asym_finding(const struct flow_asym *a, const struct flow_route *routes, int nroutes,
			const char *ip_prefix, struct finding *f)
{
	char cl[INET6_ADDRSTRLEN], sv[INET6_ADDRSTRLEN], gw[INET_ADDRSTRLEN], rt[160], tb[16];
	const struct flow_route *in = NULL, *outr = NULL;
	uint32_t table = 100 + a->in_ifindex;

	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "asymmetric_route");
	f->severity = FINDING_WARNING;
	f->netns = a->netns;
	snprintf(f->dev, sizeof(f->dev), "%s", a->in_dev);
	snprintf(f->out_dev, sizeof(f->out_dev), "%s", a->out_dev);
	inet_ntop(a->family, &a->client, cl, sizeof(cl));
	inet_ntop(a->family, &a->server, sv, sizeof(sv));
	for (int i = 0; i < nroutes; i++) {
		if (routes[i].ifindex == a->in_ifindex && (!in || routes[i].metric < in->metric))
			in = &routes[i];
		if (routes[i].ifindex == a->out_ifindex &&
		    (!outr || routes[i].metric < outr->metric))
			outr = &routes[i];
	}
	snprintf(f->summary, sizeof(f->summary),
		 "requests from %s to %s arrive on %s, but the replies leave by %s: asymmetric "
		 "routing (the replies may die upstream: rp_filter, NAT, stateful firewalls)",
		 cl, sv, a->in_dev, a->out_dev);
	finding_evidence(f, "request (%s, packet %llu) %s > %s received on %s", proto_word(a),
			 (unsigned long long)a->req_packet, cl, sv, a->in_dev);
	if (a->has_route)
		finding_evidence(f, "reply (packet %llu) routed by table %s: %s%s dev %s metric %u",
				 (unsigned long long)a->rep_packet,
				 netcfg_table_name(a->table, tb, sizeof(tb)),
				 a->gw.s_addr ? "via " : "",
				 a->gw.s_addr ? inet_ntop(AF_INET, &a->gw, gw, sizeof(gw)) : "",
				 a->out_dev, a->metric);
	else
		finding_evidence(f, "reply (packet %llu) sent on %s",
				 (unsigned long long)a->rep_packet, a->out_dev);
	if (outr) {
		route_text(outr, rt, sizeof(rt));
		finding_evidence(f, "preferred default route: %s", rt);
	}
	if (in) {
		route_text(in, rt, sizeof(rt));
		finding_evidence(f, "default route of the ingress device: %s%s", rt,
				 outr && in->metric > outr->metric ? " (loses on metric)" : "");
	} else {
		finding_evidence(f, "no default route uses %s", a->in_dev);
	}
	if (a->family != AF_INET)
		return;
	/* source-based policy routing: replies from the address the requests
	 * were sent to go back the way they came */
	finding_fix(f, "%s rule add from %s table %u", ip_prefix, sv, table);
	if (in && in->gw.s_addr)
		finding_fix(f, "%s route add default via %s dev %s table %u", ip_prefix,
			    inet_ntop(AF_INET, &in->gw, gw, sizeof(gw)), a->in_dev, table);
	else
		finding_fix(f, "%s route add default dev %s table %u", ip_prefix, a->in_dev, table);
	if (in && outr && in->gw.s_addr && outr->metric > 0)
		finding_fix(
		    f,
		    "or make %s the preferred uplink for everything: %s route del default via %s "
		    "dev %s metric %u && %s route add default via %s dev %s metric %u",
		    a->in_dev, ip_prefix, gw, a->in_dev, in->metric, ip_prefix, gw, a->in_dev,
		    outr->metric - 1);
}

int flows_default_routes(const struct netcfg *cfg, struct flow_route *out, int max)
{
	const struct netcfg_link *l;
	int n = 0;

	for (size_t i = 0; cfg && i < cfg->n_routes && n < max; i++) {
		const struct netcfg_route *r = &cfg->routes[i];
		struct flow_route *o = &out[n];

		if (r->dst_len != 0 || r->type != RTN_UNICAST || r->nh_count < 1 ||
		    !r->nh[0].ifindex)
			continue;
		memset(o, 0, sizeof(*o));
		o->table = r->table;
		o->ifindex = (uint32_t)r->nh[0].ifindex;
		o->metric = r->metric;
		o->gw.s_addr = r->nh[0].gw;
		l = netcfg_link_by_index(cfg, r->nh[0].ifindex);
		if (l)
			snprintf(o->dev, sizeof(o->dev), "%s", l->name);
		else
			snprintf(o->dev, sizeof(o->dev), "#%u", o->ifindex);
		n++;
	}
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/* explain_neigh: NEIGH_FAILED, NEIGH_QUEUEFULL, NEIGH_DEAD, NEIGH_CREATEFAIL
 * — the packet waited for the link-layer address of its next hop and the
 * kernel gave up. The facts: the route it took (the fib model over the
 * namespace's configuration), the next hop it implies (the gateway, or the
 * destination itself when on-link), that neighbour's entry and NUD state,
 * and the device's state. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <linux/neighbour.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "model/fib.h"

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static uint32_t mask(unsigned len)
{
	return len ? htonl(~0u << (32 - len)) : 0;
}

/* The neighbour entry for ip on ifindex, or NULL. */
static const struct netcfg_neigh *neigh_find(const struct netcfg *cfg, int ifindex, uint32_t ip)
{
	for (size_t i = 0; i < cfg->n_neighs; i++)
		if (cfg->neighs[i].ifindex == ifindex && cfg->neighs[i].dst == ip)
			return &cfg->neighs[i];
	return NULL;
}

/* An address of ifindex whose subnet holds ip, or NULL. */
static const struct netcfg_addr *subnet_of(const struct netcfg *cfg, int ifindex, uint32_t ip)
{
	for (size_t i = 0; i < cfg->n_addrs; i++) {
		const struct netcfg_addr *a = &cfg->addrs[i];

		if (a->ifindex == ifindex && a->prefixlen && a->prefixlen < 32 &&
		    !((a->local ^ ip) & mask(a->prefixlen)))
			return a;
	}
	return NULL;
}

struct next_hop {
	uint32_t ip;			  /* the neighbour asked for */
	bool gateway;			  /* ip is a gateway, not the destination */
	const struct netcfg_route *route; /* the route used, NULL when unknown */
	uint32_t table;
};

/* The route the packet took out of d->ifindex and the next hop on it. */
static void next_hop(const struct netcfg *cfg, const struct drop_record *d, struct next_hop *nh)
{
	const struct pkt *p = d->pkt;
	uint32_t src = p->src.v4.s_addr, dst = p->dst.v4.s_addr;
	struct fib_result r;

	memset(nh, 0, sizeof(*nh));
	nh->ip = dst;
	/* our own packets look the route up with their source; forwarded
	 * ones (a source that is not ours) by destination */
	if (fib_output(cfg, netcfg_addr_find(cfg, src) ? src : 0, dst, d->mark, &r) ||
	    r.verdict != FIB_V_FORWARD)
		return;
	nh->route = r.route;
	nh->table = r.table;
	for (int i = 0; i < r.n_paths; i++) {
		if (r.oif[i] != (int)d->ifindex && r.n_paths > 1)
			continue;
		if (r.gw[i]) {
			nh->ip = r.gw[i];
			nh->gateway = true;
		}
		break;
	}
}

static const char *id_for(const char *reason)
{
	if (!strcmp(reason, "NEIGH_QUEUEFULL"))
		return "neigh_queue_full";
	if (!strcmp(reason, "NEIGH_DEAD"))
		return "neigh_dead";
	if (!strcmp(reason, "NEIGH_CREATEFAIL"))
		return "neigh_table_full";
	return "neigh_failed";
}

/* What the entry's state says, as evidence. */
static void entry_evidence(struct finding *f, const struct netcfg_neigh *e, const char *nip,
			   const char *dev)
{
	char buf[16], mac[18];
	const char *st;

	if (!e) {
		finding_evidence(f,
				 "neighbour %s dev %s: no entry now (a failed entry is removed "
				 "after a while)",
				 nip, dev);
		return;
	}
	st = netcfg_nud_name(e->state, buf, sizeof(buf));
	if (e->lladdr_len == 6)
		explain_mac(e->lladdr, mac, sizeof(mac));
	else
		snprintf(mac, sizeof(mac), "none");
	if (e->state & NUD_FAILED)
		finding_evidence(f, "neighbour %s dev %s: FAILED — nobody answered the %s requests",
				 nip, dev, "ARP");
	else if (e->state & NUD_INCOMPLETE)
		finding_evidence(f, "neighbour %s dev %s: INCOMPLETE — still asking, no answer yet",
				 nip, dev);
	else if (e->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE))
		finding_evidence(f,
				 "neighbour %s dev %s: %s lladdr %s — it answers now (after the "
				 "drop)",
				 nip, dev, st, mac);
	else
		finding_evidence(f, "neighbour %s dev %s: %s lladdr %s", nip, dev, st, mac);
}

static void link_evidence(struct finding *f, const struct netcfg_link *l)
{
	if (!l)
		return;
	if (!(l->flags & IFF_UP))
		finding_evidence(f, "%s is administratively down", l->name);
	else if (!(l->flags & IFF_LOWER_UP))
		finding_evidence(f, "%s has no carrier (the other end or cable is down)", l->name);
	if (l->flags & IFF_NOARP)
		finding_evidence(f, "%s has NOARP set", l->name);
}

/* IPv6 or no model: say what is known, and how to look. */
static int explain_neigh_unmodelled(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	char dst[INET6_ADDRSTRLEN] = "?";
	const char *dev = d->dev && *d->dev ? d->dev : "?";
	bool v6 = d->pkt->family == AF_INET6;

	pkt_dst(d->pkt, dst, sizeof(dst));
	explain_begin(in, f, id_for(d->reason), FINDING_WARNING);
	finding_summary(f,
			"the packet to %s waited on %s for its next hop's link-layer address "
			"(%s) and was dropped: %s",
			dst, dev, v6 ? "neighbour discovery" : "ARP",
			explain_reason_meaning(d->reason) ? explain_reason_meaning(d->reason)
							  : d->reason);
	finding_evidence(f, "freed at %s on %s", d->location ? d->location : "?", dev);
	if (v6)
		finding_evidence(f,
				 "dropdoc models IPv4 routes only: the next hop of %s is not "
				 "worked out",
				 dst);
	finding_fix(f, "%sip %sroute get %s  # the next hop", in->pre, v6 ? "-6 " : "", dst);
	finding_fix(f, "%sip %sneigh show dev %s  # its state", in->pre, v6 ? "-6 " : "", dev);
	return 0;
}

static void neigh_summary(const struct explain_in *in, const struct next_hop *nh, const char *nip,
			  const char *dst, struct finding *f)
{
	const struct drop_record *d = in->d;
	const char *dev = d->dev && *d->dev ? d->dev : "?";
	const char *what = nh->gateway ? "gateway" : "host";

	if (!strcmp(d->reason, "NEIGH_CREATEFAIL")) {
		finding_summary(f,
				"no neighbour entry could be made for %s on %s: the neighbour "
				"table is full (%zu entries)",
				nip, dev, in->cfg->n_neighs);
	} else if (!strcmp(d->reason, "NEIGH_QUEUEFULL")) {
		finding_summary(f,
				"too many packets waited for %s %s to answer ARP on %s: the queue "
				"of unresolved packets overflowed",
				what, nip, dev);
	} else if (!strcmp(d->reason, "NEIGH_DEAD")) {
		finding_summary(f,
				"the neighbour entry of %s on %s was removed (device down or "
				"flushed) while the packet to %s waited for it",
				nip, dev, dst);
	} else {
		finding_summary(f, "%s %s did not answer ARP on %s: the packet to %s was dropped%s",
				nh->gateway ? "the gateway" : "the on-link host", nip, dev, dst,
				nh->gateway ? ""
					    : " (no host on that link answered for the address)");
	}
}

static void neigh_evidence(const struct explain_in *in, const struct next_hop *nh, const char *nip,
			   const char *dst, struct finding *f)
{
	const struct drop_record *d = in->d;
	const char *dev = d->dev && *d->dev ? d->dev : "?";
	const struct netcfg_addr *a;
	char rt[200], ip[INET_ADDRSTRLEN];

	if (nh->route) {
		netcfg_route_format(in->cfg, nh->route, rt, sizeof(rt));
		finding_evidence(f, "route to %s: %s", dst, rt);
	} else {
		finding_evidence(
		    f, "route to %s: not found in the model (it may have changed since)", dst);
	}
	if (nh->gateway)
		finding_evidence(f, "next hop: the gateway %s on %s", nip, dev);
	else
		finding_evidence(f, "next hop: %s itself (on-link, no gateway)", dst);
	a = subnet_of(in->cfg, (int)d->ifindex, nh->ip);
	if (a)
		finding_evidence(f, "%s is inside %s's subnet %s/%u", nip, dev, ip4(a->local, ip),
				 a->prefixlen);
	else if (nh->route)
		finding_evidence(f,
				 "%s is in no subnet of %s's addresses (reached as on-link by the "
				 "route)",
				 nip, dev);
	entry_evidence(f, neigh_find(in->cfg, (int)d->ifindex, nh->ip), nip, dev);
	link_evidence(f, explain_link(in));
	if (!strcmp(d->reason, "NEIGH_QUEUEFULL"))
		finding_evidence(f, "the limit is net.ipv4.neigh.%s.unres_qlen_bytes (per entry)",
				 dev);
}

static void neigh_fixes(const struct explain_in *in, const struct next_hop *nh, const char *nip,
			struct finding *f)
{
	const struct drop_record *d = in->d;
	const char *dev = d->dev && *d->dev ? d->dev : "?";
	char ip[INET_ADDRSTRLEN];

	if (!strcmp(d->reason, "NEIGH_CREATEFAIL")) {
		finding_fix(f,
			    "%ssysctl -w net.ipv4.neigh.default.gc_thresh3=%zu  # room for more "
			    "neighbours",
			    in->pre, in->cfg->n_neighs * 2 > 1024 ? in->cfg->n_neighs * 2 : 1024);
		return;
	}
	finding_fix(f, "check that %s %s is up and on %s's link: %sping -c1 -I %s %s",
		    nh->gateway ? "gateway" : "host", nip, dev, in->pre, dev, nip);
	if (nh->gateway && nh->route) {
		char pfx[INET_ADDRSTRLEN + 4];

		if (nh->route->dst_len)
			snprintf(pfx, sizeof(pfx), "%s/%u", ip4(nh->route->dst, ip),
				 nh->route->dst_len);
		else
			snprintf(pfx, sizeof(pfx), "default");
		finding_fix(
		    f, "if %s is the wrong gateway: %sip route replace %s via <gateway> dev %s",
		    nip, in->pre, pfx, dev);
	}
	finding_fix(f,
		    "if %s has a fixed MAC: %sip neigh replace %s lladdr <its MAC> dev %s nud "
		    "permanent",
		    nip, in->pre, nip, dev);
	if (!strcmp(d->reason, "NEIGH_QUEUEFULL"))
		finding_fix(f,
			    "%ssysctl net.ipv4.neigh.%s.unres_qlen_bytes  # raise it with -w if "
			    "bursts are expected while resolving",
			    in->pre, dev);
	else
		finding_fix(f, "after fixing, retry at once: %sip neigh del %s dev %s", in->pre,
			    nip, dev);
}

int explain_neigh(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct next_hop nh;
	char nip[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	if (p->family != AF_INET || !in->cfg || !d->ifindex)
		return explain_neigh_unmodelled(in, f);
	next_hop(in->cfg, d, &nh);
	ip4(nh.ip, nip);
	ip4(p->dst.v4.s_addr, dst);
	explain_begin(in, f, id_for(d->reason), FINDING_WARNING);
	neigh_summary(in, &nh, nip, dst, f);
	neigh_evidence(in, &nh, nip, dst, f);
	neigh_fixes(in, &nh, nip, f);
	return 0;
}

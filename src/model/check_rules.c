// SPDX-License-Identifier: GPL-2.0
/* check: the rules. The table first (read it top to bottom), then one
 * function per rule. Rules ask the FIB model (fib.h) what the kernel would
 * do rather than re-deriving routing by hand. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "model/check.h"
#include "model/fib.h"
#include "model/xdp_veth.h"

static void rp_filter_strict_multihomed(const struct check_ctx *, const struct check_rule *);
static void multiple_default_routes(const struct check_ctx *, const struct check_rule *);
static void rp_filter_strict_tunnel(const struct check_ctx *, const struct check_rule *);
static void xdp_veth_peer_without_xdp(const struct check_ctx *, const struct check_rule *);
static void ip_forward_off_router(const struct check_ctx *, const struct check_rule *);
static void promiscuous_interface(const struct check_ctx *, const struct check_rule *);

const struct check_rule check_rules[] = {
    {"rp_filter_strict_multihomed", FINDING_WARNING,
     "strict rp_filter on an interface that can never be the best way back to off-link "
     "sources (seed 000)",
     rp_filter_strict_multihomed},
    {"multiple_default_routes", FINDING_WARNING,
     "several default routes: traffic arriving on a non-preferred interface is answered "
     "through another one (seed 001)",
     multiple_default_routes},
    {"rp_filter_strict_tunnel", FINDING_WARNING,
     "strict rp_filter on a tunnel whose routes do not cover its remote sources (seed 004)",
     rp_filter_strict_tunnel},
    {"xdp_veth_peer_without_xdp", FINDING_WARNING,
     "XDP program on a veth whose peer has none: frames redirected into it are lost "
     "(seed 003)",
     xdp_veth_peer_without_xdp},
    {"ip_forward_off_router", FINDING_WARNING,
     "IPv4 forwarding is off while rules or routes say this host routes between networks",
     ip_forward_off_router},
    {"promiscuous_interface", FINDING_INFO,
     "interface in promiscuous mode: capture sees frames the stack then drops (seed 002)",
     promiscuous_interface},
};
const size_t check_nrules = sizeof(check_rules) / sizeof(check_rules[0]);

/* helpers */

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static struct finding *new_finding(const struct check_ctx *c, const struct check_rule *r,
				   const struct netcfg_link *l)
{
	struct finding *f = finding_add(c->out, r->id, r->severity);

	if (f) {
		f->netns = c->cfg->netns_inode;
		snprintf(f->netns_name, sizeof(f->netns_name), "%s", c->cfg->netns_name);
		if (l)
			snprintf(f->dev, sizeof(f->dev), "%s", l->name);
	}
	return f;
}

static void route_line(const struct netcfg *cfg, const struct netcfg_route *r, char *buf,
		       size_t len)
{
	if (r)
		netcfg_route_format(cfg, r, buf, len);
	else
		snprintf(buf, len, "(none)");
}

/* An off-link source: an address only default routes cover. */
static uint32_t probe_source(const struct netcfg *cfg)
{
	static const char *const cand[] = {"198.51.100.77", "203.0.113.77", "192.0.2.77", "8.8.8.8",
					   "1.1.1.1"};

	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		struct in_addr a;
		bool covered = false;

		inet_pton(AF_INET, cand[i], &a);
		for (size_t j = 0; j < cfg->n_routes && !covered; j++) {
			const struct netcfg_route *r = &cfg->routes[j];
			uint32_t m = r->dst_len ? htonl(~0u << (32 - r->dst_len)) : 0;

			covered = r->dst_len && (a.s_addr & m) == r->dst;
		}
		if (!covered)
			return a.s_addr;
	}
	return htonl(0xc6336401); /* 198.51.100.1 */
}

static const struct netcfg_route *gateway_route_via(const struct netcfg *cfg, int ifindex)
{
	for (size_t i = 0; i < cfg->n_routes; i++) {
		const struct netcfg_route *r = &cfg->routes[i];

		if (r->type == RTN_UNICAST && r->nh_count == 1 && r->nh[0].gw &&
		    r->nh[0].ifindex == ifindex)
			return r;
	}
	return NULL;
}

static int links_with_addr(const struct netcfg *cfg)
{
	int n = 0;

	for (size_t i = 0; i < cfg->n_links; i++)
		if (cfg->links[i].ifindex != FIB_LOOPBACK_IFINDEX &&
		    netcfg_link_has_addr(cfg, cfg->links[i].ifindex))
			n++;
	return n;
}

static void rp_evidence(const struct check_ctx *c, struct finding *f, const struct netcfg_link *l)
{
	finding_evidence(
	    f, "%s: rp_filter is %d (strict) = max(conf/all/rp_filter=%d, conf/%s/rp_filter=%d)",
	    l->name, netcfg_rp_filter(c->cfg, l), c->cfg->all.rp_filter, l->name,
	    l->conf.rp_filter);
}

static void rp_fix(const struct check_ctx *c, struct finding *f, const struct netcfg_link *l)
{
	finding_fix(f, "%ssysctl -w net.ipv4.conf.%s.rp_filter=2", c->cmd_prefix, l->name);
}

/* Does strict rp_filter on l drop a packet from src to l's address addr?
 * res: the lookup that says so (its reverse route). */
static bool strict_rpf_drops(const struct netcfg *cfg, const struct netcfg_link *l,
			     const struct netcfg_addr *addr, uint32_t src, struct fib_result *res)
{
	if (!addr || netcfg_rp_filter(cfg, l) != 1)
		return false;
	fib_input(cfg, src, addr->local, l->ifindex, 0, 0, res);
	return res->cause == FIB_RPF_STRICT || res->cause == FIB_RPF_NO_ROUTE;
}

/* seed 000 */
static void rp_filter_strict_multihomed(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;
	uint32_t probe = probe_source(cfg);
	char a[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN], line[200];

	if (links_with_addr(cfg) < 2)
		return;
	for (size_t i = 0; i < cfg->n_links; i++) {
		const struct netcfg_link *l = &cfg->links[i];
		const struct netcfg_addr *addr = netcfg_addr_primary(cfg, l->ifindex);
		const struct netcfg_route *gw = gateway_route_via(cfg, l->ifindex);
		struct fib_result res;
		struct finding *f;

		if (!gw || netcfg_link_is_tunnel(l) || !strict_rpf_drops(cfg, l, addr, probe, &res))
			continue;
		f = new_finding(c, rule, l);
		if (!f)
			return;
		finding_summary(f,
				"%s drops packets from off-link sources: strict rp_filter, and the "
				"best route back to them leaves by %s",
				l->name,
				res.rev_oif ? netcfg_ifname(cfg, res.rev_oif) : "no device");
		rp_evidence(c, f, l);
		route_line(cfg, gw, line, sizeof(line));
		finding_evidence(f, "%s expects off-link traffic: %s", l->name, line);
		route_line(cfg, res.rev_route, line, sizeof(line));
		finding_evidence(f, "route back to an off-link source (e.g. %s): %s", ip4(probe, p),
				 line);
		finding_evidence(f, "ip route get %s from %s iif %s: dropped (%s)",
				 ip4(addr->local, a), p, l->name, fib_cause_name(res.cause));
		rp_fix(c, f, l);
		finding_fix(f, "%sip route add default via %s dev %s table %d", c->cmd_prefix,
			    ip4(gw->nh[0].gw, p), l->name, 100 + l->ifindex);
		finding_fix(f, "%sip rule add from %s table %d", c->cmd_prefix, a,
			    100 + l->ifindex);
	}
}

/* seed 001 */
static void multiple_default_routes(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;
	const struct netcfg_route *defs[16];
	int n = 0;
	uint32_t probe = probe_source(cfg);
	struct fib_result best;
	struct finding *f = NULL;
	char line[200], a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];

	for (size_t i = 0; i < cfg->n_routes && n < 16; i++) {
		const struct netcfg_route *r = &cfg->routes[i];

		if (r->table == RT_TABLE_MAIN && !r->dst_len && r->type == RTN_UNICAST &&
		    r->nh_count == 1)
			defs[n++] = r;
	}
	if (n < 2)
		return;
	fib_output(cfg, 0, probe, 0, &best);
	for (int i = 0; i < n; i++) {
		const struct netcfg_link *l = netcfg_link_by_index(cfg, defs[i]->nh[0].ifindex);
		const struct netcfg_addr *addr = l ? netcfg_addr_primary(cfg, l->ifindex) : NULL;
		struct fib_result reply;

		if (!addr)
			continue;
		fib_output(cfg, addr->local, probe, 0, &reply);
		if (reply.verdict != FIB_V_FORWARD || !reply.n_paths || reply.oif[0] == l->ifindex)
			continue; /* replies from this interface's address leave by it */
		if (!f) {
			f = new_finding(c, rule, NULL);
			if (!f)
				return;
			for (int j = 0; j < n; j++) {
				route_line(cfg, defs[j], line, sizeof(line));
				finding_evidence(f, "%s", line);
			}
		}
		finding_evidence(f,
				 "a request to %s (%s) from an off-link host is answered via %s, "
				 "not %s",
				 ip4(addr->local, a), l->name, netcfg_ifname(cfg, reply.oif[0]),
				 l->name);
		finding_fix(f, "%sip route add default via %s dev %s table %d", c->cmd_prefix,
			    ip4(defs[i]->nh[0].gw, g), l->name, 100 + l->ifindex);
		finding_fix(f, "%sip rule add from %s table %d", c->cmd_prefix, a,
			    100 + l->ifindex);
	}
	if (f)
		finding_summary(f,
				"%d default routes: only %s's is used, so replies to traffic that "
				"arrived on another interface leave by %s (asymmetric routing)",
				n, best.n_paths ? netcfg_ifname(cfg, best.oif[0]) : "one",
				best.n_paths ? netcfg_ifname(cfg, best.oif[0]) : "it");
}

/* seed 004 */
static void rp_filter_strict_tunnel(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;
	char r[INET_ADDRSTRLEN], a[INET_ADDRSTRLEN], line[200];

	for (size_t i = 0; i < cfg->n_links; i++) {
		const struct netcfg_link *l = &cfg->links[i];
		const struct netcfg_addr *addr = netcfg_addr_primary(cfg, l->ifindex);
		uint32_t src = l->tun_remote ? l->tun_remote : probe_source(cfg);
		struct fib_result res;
		struct finding *f;
		int shown = 0;

		if (!netcfg_link_is_tunnel(l) || !strict_rpf_drops(cfg, l, addr, src, &res))
			continue;
		f = new_finding(c, rule, l);
		if (!f)
			return;
		finding_summary(f,
				"packets from %s arriving inside tunnel %s are dropped: strict "
				"rp_filter, and %s is not routed via %s",
				ip4(src, r), l->name, r, l->name);
		rp_evidence(c, f, l);
		finding_evidence(f, "%s: %s tunnel, local %s remote %s", l->name,
				 l->kind[0] ? l->kind : "ip", ip4(l->tun_local, a), r);
		for (size_t j = 0; j < cfg->n_routes && shown < 4; j++)
			if (cfg->routes[j].table != RT_TABLE_LOCAL && cfg->routes[j].nh_count &&
			    cfg->routes[j].nh[0].ifindex == l->ifindex) {
				route_line(cfg, &cfg->routes[j], line, sizeof(line));
				finding_evidence(f, "routes via %s: %s", l->name, line);
				shown++;
			}
		route_line(cfg, res.rev_route, line, sizeof(line));
		finding_evidence(f, "route back to %s: %s", r, line);
		rp_fix(c, f, l);
	}
}

/* seed 003 */
static void xdp_veth_peer_without_xdp(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;
	char m[16];

	for (size_t i = 0; i < cfg->n_links; i++) {
		const struct netcfg_link *l = &cfg->links[i];
		struct finding *f;
		char ns[96];

		if (!l->xdp_prog_id || !xdp_veth_peer_refuses(l))
			continue;
		f = new_finding(c, rule, l);
		if (!f)
			return;
		xdp_veth_peer_where(cfg, l, ns, sizeof(ns));
		finding_summary(f,
				"%s has an XDP program but its veth peer %s%s has none: frames "
				"XDP-redirected into %s are dropped (xdp_redirect_err)",
				l->name, l->peer_name[0] ? l->peer_name : "?", ns, l->name);
		finding_evidence(f, "%s: XDP program id %u (%s mode)", l->name, l->xdp_prog_id,
				 netcfg_xdp_name(l->xdp_mode, m, sizeof(m)));
		xdp_veth_peer_evidence(f, cfg, l);
		xdp_veth_peer_fixes(f, cfg, l, c->cmd_prefix);
	}
}

static bool iif_rule(const struct netcfg *cfg, const struct netcfg_rule **out)
{
	for (size_t i = 0; i < cfg->n_rules; i++)
		if (cfg->rules[i].iif[0] && strcmp(cfg->rules[i].iif, "lo")) {
			*out = &cfg->rules[i];
			return true;
		}
	return false;
}

static void ip_forward_off_router(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;
	const struct netcfg_rule *ir = NULL;
	const struct netcfg_route *gw1 = NULL, *gw2 = NULL;
	struct finding *f;
	char line[200];

	if (cfg->ip_forward != 0)
		return;
	/* static routes to networks (not default) via gateways on two devices */
	for (size_t i = 0; i < cfg->n_routes; i++) {
		const struct netcfg_route *r = &cfg->routes[i];

		if (r->type != RTN_UNICAST || !r->nh_count || !r->nh[0].gw ||
		    r->table == RT_TABLE_LOCAL)
			continue;
		if (!gw1)
			gw1 = r;
		else if (r->nh[0].ifindex != gw1->nh[0].ifindex && (r->dst_len || gw1->dst_len))
			gw2 = r;
	}
	if (!iif_rule(cfg, &ir) && !gw2)
		return;
	f = new_finding(c, rule, NULL);
	if (!f)
		return;
	finding_summary(f, "net.ipv4.ip_forward is 0, yet this host is set up to route between "
			   "networks: packets not addressed to it are dropped");
	finding_evidence(f, "net.ipv4.ip_forward = 0");
	if (ir) {
		netcfg_rule_format(ir, line, sizeof(line));
		finding_evidence(f, "rule for traffic arriving from elsewhere: %s", line);
	}
	if (gw2) {
		route_line(cfg, gw1, line, sizeof(line));
		finding_evidence(f, "%s", line);
		route_line(cfg, gw2, line, sizeof(line));
		finding_evidence(f, "%s", line);
	}
	finding_fix(f, "%ssysctl -w net.ipv4.ip_forward=1", c->cmd_prefix);
}

static void promiscuous_interface(const struct check_ctx *c, const struct check_rule *rule)
{
	const struct netcfg *cfg = c->cfg;

	for (size_t i = 0; i < cfg->n_links; i++) {
		const struct netcfg_link *l = &cfg->links[i];
		const struct netcfg_link *m =
		    l->master ? netcfg_link_by_index(cfg, l->master) : NULL;
		struct finding *f;

		if (!l->promiscuity && !(l->flags & IFF_PROMISC))
			continue;
		if (m && !strcmp(m->kind, "bridge"))
			continue; /* bridge ports are promiscuous by design */
		f = new_finding(c, rule, l);
		if (!f)
			return;
		finding_summary(f,
				"%s is in promiscuous mode: tcpdump shows frames for other MAC "
				"addresses that IP then drops (OTHERHOST), so seeing a packet does "
				"not mean the host accepts it",
				l->name);
		finding_evidence(f, "%s: promiscuity %u%s", l->name, l->promiscuity,
				 l->flags & IFF_PROMISC ? ", PROMISC flag set" : "");
		if (l->flags & IFF_PROMISC)
			finding_fix(f, "%sip link set dev %s promisc off", c->cmd_prefix, l->name);
		else
			finding_fix(f, "stop the packet capture holding %s promiscuous", l->name);
	}
}

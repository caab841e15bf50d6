// SPDX-License-Identifier: GPL-2.0
/* path: one packet's fate and its reply's route; the drop causes' texts
 * and fixes are a table (path_causes) read top to bottom. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "model/path.h"

struct path_ctx {
	const struct netcfg *cfg;
	const struct path_result *r;
	const char *pre; /* command prefix */
	const char *in;	 /* input device name */
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
};

typedef void (*fix_fn)(const struct path_ctx *c, struct finding *f);

/* A gateway route via ifindex (for source-based policy routing fixes). */
static const struct netcfg_route *gw_route_via(const struct netcfg *cfg, int ifindex)
{
	for (size_t i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].nh_count == 1 && cfg->routes[i].nh[0].gw &&
		    cfg->routes[i].nh[0].ifindex == ifindex)
			return &cfg->routes[i];
	return NULL;
}

/* Replies from DST's address leave by the arrival interface. */
static void fix_policy(const struct path_ctx *c, struct finding *f)
{
	const struct netcfg_route *gw = gw_route_via(c->cfg, c->r->q.iif);
	const struct netcfg_addr *a = netcfg_addr_find(c->cfg, c->r->q.dst);
	char g[INET_ADDRSTRLEN];

	if (!gw || !a || a->ifindex != c->r->q.iif)
		return;
	inet_ntop(AF_INET, &gw->nh[0].gw, g, sizeof(g));
	finding_fix(f, "%sip route add default via %s dev %s table %d", c->pre, g, c->in,
		    100 + c->r->q.iif);
	finding_fix(f, "%sip rule add from %s table %d", c->pre, c->dst, 100 + c->r->q.iif);
}

static void fix_rpf(const struct path_ctx *c, struct finding *f)
{
	finding_fix(f, "%ssysctl -w net.ipv4.conf.%s.rp_filter=2", c->pre, c->in);
	fix_policy(c, f);
}

static void fix_rpf_none(const struct path_ctx *c, struct finding *f)
{
	finding_fix(f, "%sip route add %s dev %s  # a route back to the source via %s", c->pre,
		    c->src, c->in, c->in);
	finding_fix(f, "%ssysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.%s.rp_filter=0",
		    c->pre, c->in);
}

static void fix_local_src(const struct path_ctx *c, struct finding *f)
{
	finding_fix(f, "%ssysctl -w net.ipv4.conf.%s.accept_local=1", c->pre, c->in);
}

static void fix_forwarding(const struct path_ctx *c, struct finding *f)
{
	if (c->cfg->ip_forward == 0)
		finding_fix(f, "%ssysctl -w net.ipv4.ip_forward=1", c->pre);
	else
		finding_fix(f, "%ssysctl -w net.ipv4.conf.%s.forwarding=1", c->pre, c->in);
}

static void fix_route(const struct path_ctx *c, struct finding *f)
{
	char line[200], tb[16];
	const struct fib_result *m = &c->r->model;

	if (m->route) {
		netcfg_route_format(c->cfg, m->route, line, sizeof(line));
		finding_fix(f, "%sip route del %s%s%s", c->pre, line,
			    m->route->table == RT_TABLE_MAIN ? "" : " table ",
			    m->route->table == RT_TABLE_MAIN
				? ""
				: netcfg_table_name(m->route->table, tb, sizeof(tb)));
	} else if (m->rule) {
		finding_fix(f, "%sip rule del prio %u", c->pre, m->rule->priority);
	}
}

static void fix_no_route(const struct path_ctx *c, struct finding *f)
{
	finding_fix(f, "%sip route add %s via GATEWAY  # a route to the destination", c->pre,
		    c->dst);
}

static const struct {
	enum fib_cause cause;
	const char *summary; /* %1$s src, %2$s dst, %3$s iif */
	fix_fn fix;
} path_causes[] = {
    {FIB_RPF_STRICT,
     "dropped by strict rp_filter on %3$s: the best route back to %1$s leaves by another "
     "interface",
     fix_rpf},
    {FIB_RPF_NO_ROUTE, "dropped by rp_filter on %3$s: there is no route back to %1$s at all",
     fix_rpf_none},
    {FIB_LOCAL_SRC, "dropped: source %1$s is an address of this host (accept_local is off on %3$s)",
     fix_local_src},
    {FIB_MARTIAN_SRC, "dropped: %1$s is not a valid source address (martian)", NULL},
    {FIB_MARTIAN_DST, "dropped: %2$s is not a valid destination address (martian)", NULL},
    {FIB_INVALID_SRC, "dropped: the route back to %1$s is not a unicast route", NULL},
    {FIB_NO_ROUTE, "dropped: no route to %2$s", fix_no_route},
    {FIB_BLACKHOLE, "dropped: a blackhole route or rule swallows %2$s", fix_route},
    {FIB_UNREACHABLE, "dropped: %2$s is unreachable by configuration", fix_route},
    {FIB_PROHIBIT, "dropped: %2$s is prohibited by configuration", fix_route},
    {FIB_NOT_FORWARDING, "dropped: %2$s is not this host's and forwarding is off on %3$s",
     fix_forwarding},
    {FIB_MULTICAST, "%2$s is multicast: not modelled", NULL},
};

static void drop_finding(const struct path_ctx *c, struct path_result *r)
{
	struct finding *f = &r->finding;
	enum fib_cause cause = r->model.cause;
	char line[200];

	memset(f, 0, sizeof(*f));
	r->has_finding = true;
	snprintf(f->id, sizeof(f->id), "%s", fib_cause_name(cause));
	f->severity = FINDING_WARNING;
	f->netns = c->cfg->netns_inode;
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", c->cfg->netns_name);
	snprintf(f->dev, sizeof(f->dev), "%s", c->in);
	for (size_t i = 0; i < sizeof(path_causes) / sizeof(path_causes[0]); i++) {
		if (path_causes[i].cause != cause)
			continue;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(f->summary, sizeof(f->summary), path_causes[i].summary, c->src, c->dst,
			 c->in);
#pragma GCC diagnostic pop
		if (path_causes[i].fix)
			path_causes[i].fix(c, f);
	}
	if (cause == FIB_RPF_STRICT || cause == FIB_RPF_NO_ROUTE)
		finding_evidence(f, "%s: rp_filter %d = max(conf/all=%d, conf/%s=%d)", c->in,
				 r->model.rpf, c->cfg->all.rp_filter, c->in,
				 netcfg_link_by_index(c->cfg, r->q.iif)->conf.rp_filter);
	if (r->model.rev_route) {
		netcfg_route_format(c->cfg, r->model.rev_route, line, sizeof(line));
		finding_evidence(f, "route back to %s: %s", c->src, line);
	}
	if (r->model.route) {
		netcfg_route_format(c->cfg, r->model.route, line, sizeof(line));
		finding_evidence(f, "route to %s: %s", c->dst, line);
	}
	if (r->model.rule) {
		netcfg_rule_format(r->model.rule, line, sizeof(line));
		finding_evidence(f, "rule: %s", line);
	}
	if (r->model.forwarding_off)
		finding_evidence(f, "forwarding on %s is off (net.ipv4.ip_forward=%d)", c->in,
				 c->cfg->ip_forward);
	if (r->live)
		finding_evidence(f, "kernel: ip route get %s from %s iif %s: %s", c->dst, c->src,
				 c->in, r->kernel.err ? strerror(-r->kernel.err) : "ok");
}

static void asym_finding(const struct path_ctx *c, struct path_result *r)
{
	struct finding *f = &r->finding;
	const char *out = netcfg_ifname(c->cfg, r->reply_oif);
	char line[200];

	memset(f, 0, sizeof(*f));
	r->has_finding = true;
	snprintf(f->id, sizeof(f->id), "asymmetric_reply");
	f->severity = FINDING_NOTICE;
	f->netns = c->cfg->netns_inode;
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", c->cfg->netns_name);
	snprintf(f->dev, sizeof(f->dev), "%s", c->in);
	snprintf(f->summary, sizeof(f->summary),
		 "the reply to %s leaves by %s, not %s where the request came in: upstream "
		 "filters or NAT may drop it",
		 c->src, out, c->in);
	if (r->reply.route) {
		netcfg_route_format(c->cfg, r->reply.route, line, sizeof(line));
		finding_evidence(f, "reply route: %s", line);
	}
	if (r->verdict == FIB_V_LOCAL)
		fix_policy(c, f);
}

static int infer_iif(const struct netcfg *cfg, struct path_result *r, char *err, size_t len)
{
	struct fib_result back;
	char s[INET_ADDRSTRLEN];

	fib_output(cfg, 0, r->q.src, r->q.mark, &back);
	if (back.verdict != FIB_V_FORWARD || !back.n_paths) {
		snprintf(err, len, "cannot tell where packets from %s arrive: give --in IFACE",
			 inet_ntop(AF_INET, &r->q.src, s, sizeof(s)));
		return -ENODEV;
	}
	r->q.iif = back.oif[0];
	r->iif_assumed = true;
	return 0;
}

static int reply_route(const struct netcfg *cfg, struct rtnl *nl, struct path_result *r)
{
	struct fib_kernel_answer k;
	int iif, err;

	/* the reply of a delivered packet is sent by this host; of a
	 * forwarded one, it arrives on the device the request left by */
	if (r->verdict == FIB_V_LOCAL) {
		iif = 0;
		fib_output(cfg, r->q.dst, r->q.src, r->q.mark, &r->reply);
	} else if (r->verdict == FIB_V_FORWARD) {
		iif = r->oif;
		fib_input(cfg, r->q.dst, r->q.src, r->oif, 0, r->q.mark, &r->reply);
	} else {
		return 0;
	}
	if (nl) {
		err = fib_kernel_get(nl, r->q.dst, r->q.src, iif, r->q.mark, &k);
		if (err)
			return err;
		if (!k.err) {
			r->reply_oif = k.oif;
			r->reply_gw = k.gw;
			r->has_reply = true;
			return 0;
		}
	}
	if (!r->reply.err && r->reply.n_paths) {
		r->reply_oif = r->reply.oif[0];
		r->reply_gw = r->reply.gw[0];
		r->has_reply = true;
	}
	return 0;
}

int path_eval(const struct netcfg *cfg, struct rtnl *nl, const struct path_query *q,
	      const char *cmd_prefix, struct path_result *r, char *err, size_t errlen)
{
	struct path_ctx c = {.cfg = cfg, .r = r, .pre = cmd_prefix ? cmd_prefix : ""};
	int ret;

	memset(r, 0, sizeof(*r));
	r->q = *q;
	if (!r->q.iif && (ret = infer_iif(cfg, r, err, errlen)))
		return ret;
	if (!netcfg_link_by_index(cfg, r->q.iif)) {
		snprintf(err, errlen, "no interface with index %d", r->q.iif);
		return -ENODEV;
	}
	fib_input(cfg, q->src, q->dst, r->q.iif, 0, q->mark, &r->model);
	r->verdict = r->model.verdict;
	r->err = r->model.err;
	r->oif = r->model.n_paths ? r->model.oif[0] : 0;
	r->gw = r->model.n_paths ? r->model.gw[0] : 0;
	r->table = r->model.table;
	if (nl) {
		ret = fib_kernel_get(nl, q->src, q->dst, r->q.iif, q->mark, &r->kernel);
		if (ret) {
			snprintf(err, errlen, "cannot ask the kernel: %s", strerror(-ret));
			return ret;
		}
		r->live = true;
		r->agrees = fib_agrees(&r->model, &r->kernel);
		r->err = r->kernel.err;
		if (r->kernel.err)
			r->verdict = FIB_V_DROP;
		else if (r->kernel.type == RTN_LOCAL)
			r->verdict = FIB_V_LOCAL;
		else if (r->kernel.type == RTN_BROADCAST)
			r->verdict = FIB_V_BROADCAST;
		else
			r->verdict = FIB_V_FORWARD;
		r->oif = r->kernel.oif;
		r->gw = r->kernel.gw;
		r->table = r->kernel.table;
	}
	ret = reply_route(cfg, nl, r);
	if (ret) {
		snprintf(err, errlen, "cannot ask the kernel: %s", strerror(-ret));
		return ret;
	}
	r->asymmetric = r->has_reply && r->reply_oif != r->q.iif &&
			r->reply_oif != FIB_LOOPBACK_IFINDEX; /* a reply to ourselves */
	c.in = netcfg_ifname(cfg, r->q.iif);
	inet_ntop(AF_INET, &q->src, c.src, sizeof(c.src));
	inet_ntop(AF_INET, &q->dst, c.dst, sizeof(c.dst));
	if (r->verdict == FIB_V_DROP && (!r->live || r->agrees))
		drop_finding(&c, r);
	else if (r->asymmetric)
		asym_finding(&c, r);
	return 0;
}

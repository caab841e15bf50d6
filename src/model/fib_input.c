// SPDX-License-Identifier: GPL-2.0
/* fib: the input path (ip_route_input_slow and fib_validate_source) and
 * the output lookup, over the model. Each kernel check is one step here,
 * in the kernel's order, so a reader can hold the two side by side. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "model/fib.h"

static bool is_multicast(uint32_t a)
{
	return (ntohl(a) & 0xf0000000) == 0xe0000000;
}
static bool is_lbcast(uint32_t a)
{
	return a == 0xffffffff;
}
/* Since 5.x the kernel treats 0.0.0.0/8 as unicast (the "unicast
 * extensions" change): only 0.0.0.0 itself is a martian. */
static bool is_zeronet(uint32_t a)
{
	return a == 0;
}
static bool is_loopback(uint32_t a)
{
	return (ntohl(a) & 0xff000000) == 0x7f000000;
}

static bool src_valid_mark(const struct netcfg *cfg, const struct netcfg_link *l)
{
	return cfg->all.src_valid_mark > 0 || l->conf.src_valid_mark > 0;
}

static bool uses_dev(const struct netcfg_route *r, int ifindex)
{
	for (int i = 0; r && i < r->nh_count; i++)
		if (r->nh[i].ifindex == ifindex)
			return true;
	return false;
}

/* __fib_validate_source: the reverse lookup. 0 or a cause. */
static enum fib_cause validate_full(const struct netcfg *cfg, uint32_t src, uint32_t dst, int oif,
				    const struct netcfg_link *in, int rpf, uint32_t mark,
				    struct fib_result *res)
{
	struct fib_flow fl = {
	    .src = dst,
	    .dst = src,
	    .iif = oif ? oif : FIB_LOOPBACK_IFINDEX,
	    .mark = src_valid_mark(cfg, in) ? mark : 0,
	};
	struct fib_match m;

	if (fib_lookup(cfg, &fl, &m))
		return rpf ? FIB_RPF_NO_ROUTE : FIB_OK;
	res->rev_route = m.route;
	res->rev_oif = m.route && m.route->nh_count ? m.route->nh[0].ifindex : 0;
	if (m.route->type != RTN_UNICAST) {
		if (m.route->type != RTN_LOCAL)
			return FIB_INVALID_SRC;
		if (!netcfg_accept_local(cfg, in))
			return FIB_LOCAL_SRC;
	}
	if (uses_dev(m.route, in->ifindex) ||
	    (m.route->type == RTN_LOCAL && in->ifindex == FIB_LOOPBACK_IFINDEX))
		return FIB_OK;
	if (!netcfg_link_has_addr(cfg, in->ifindex))
		return rpf ? FIB_RPF_NO_ROUTE : FIB_OK;
	if (rpf == 1)
		return FIB_RPF_STRICT;
	return FIB_OK; /* loose: some route back exists */
}

/* fib_validate_source: the cheap checks first, then maybe the full one. */
static enum fib_cause validate(const struct netcfg *cfg, uint32_t src, uint32_t dst, int oif,
			       const struct netcfg_link *in, uint32_t mark, struct fib_result *res)
{
	int rpf = netcfg_rp_filter(cfg, in);

	res->rpf = rpf;
	if (!rpf && (in->ifindex != oif || !netcfg_send_redirects(cfg, in))) {
		if (netcfg_accept_local(cfg, in))
			return FIB_OK;
		if (!netcfg_has_custom_local_routes(cfg) && !netcfg_has_custom_rules(cfg))
			return netcfg_addr_find(cfg, src) ? FIB_LOCAL_SRC : FIB_OK;
	}
	return validate_full(cfg, src, dst, oif, in, rpf, mark, res);
}

/* The cause of a failed lookup: a rule's action when a rule decided. */
static enum fib_cause err_cause(int err, const struct fib_match *m)
{
	if (m->rule && m->rule->action == FR_ACT_UNREACHABLE)
		return FIB_UNREACHABLE;
	switch (err) {
	case -EINVAL:
		return FIB_BLACKHOLE;
	case -EHOSTUNREACH:
		return FIB_UNREACHABLE;
	case -EACCES:
		return FIB_PROHIBIT;
	default:
		return FIB_NO_ROUTE;
	}
}

static int drop(struct fib_result *res, int err, enum fib_cause c)
{
	res->verdict = FIB_V_DROP;
	res->err = err;
	res->cause = c;
	if (!res->lookup_cause)
		res->lookup_cause = c;
	return err;
}

static void paths(struct fib_result *res, const struct netcfg_route *r, int oif)
{
	res->n_paths = 0;
	for (int i = 0; i < r->nh_count; i++) {
		if (r->nh[i].flags & RTNH_F_DEAD || (oif && r->nh[i].ifindex != oif))
			continue;
		res->oif[res->n_paths] = r->nh[i].ifindex;
		res->gw[res->n_paths++] = r->nh[i].gw;
	}
}

static int local_input(struct fib_result *res, enum fib_verdict v, uint8_t type)
{
	res->verdict = v;
	res->type = type;
	res->n_paths = 1;
	res->oif[0] = FIB_LOOPBACK_IFINDEX;
	res->gw[0] = 0;
	return 0;
}

static int brd_input(const struct netcfg *cfg, uint32_t src, const struct netcfg_link *in,
		     uint32_t mark, struct fib_result *res)
{
	enum fib_cause c;

	if (!is_zeronet(src)) {
		c = validate(cfg, src, 0, 0, in, mark, res);
		if (c)
			return drop(res, -EINVAL, c);
	}
	return local_input(res, FIB_V_BROADCAST, RTN_BROADCAST);
}

int fib_input(const struct netcfg *cfg, uint32_t src, uint32_t dst, int iif, uint8_t tos,
	      uint32_t mark, struct fib_result *res)
{
	const struct netcfg_link *in = netcfg_link_by_index(cfg, iif);
	struct fib_flow fl = {.src = src, .dst = dst, .iif = iif, .tos = tos, .mark = mark};
	struct fib_match m;
	enum fib_cause c;
	int err;

	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < cfg->n_rules; i++)
		res->unmodeled_rules |= cfg->rules[i].unmodeled;
	if (!in)
		return drop(res, -ENODEV, FIB_NO_DEVICE);
	res->rpf = netcfg_rp_filter(cfg, in);
	if (is_multicast(dst))
		return drop(res, -EINVAL, FIB_MULTICAST);
	if (is_multicast(src) || is_lbcast(src))
		return drop(res, -EINVAL, FIB_MARTIAN_SRC);
	if (is_lbcast(dst) || (!src && !dst))
		return brd_input(cfg, src, in, mark, res);
	if (is_zeronet(src))
		return drop(res, -EINVAL, FIB_MARTIAN_SRC);
	if (is_zeronet(dst))
		return drop(res, -EINVAL, FIB_MARTIAN_DST);
	if (is_loopback(dst)) {
		if (!netcfg_route_localnet(cfg, in))
			return drop(res, -EINVAL, FIB_MARTIAN_DST);
	} else if (is_loopback(src)) {
		if (!netcfg_route_localnet(cfg, in))
			return drop(res, -EINVAL, FIB_MARTIAN_SRC);
	}
	err = fib_lookup(cfg, &fl, &m);
	res->route = m.route;
	res->rule = m.rule;
	res->table = m.table;
	if (err) {
		res->lookup_cause = err_cause(err, &m);
		if (!netcfg_forwarding(cfg, in)) {
			res->forwarding_off = true;
			err = -EHOSTUNREACH;
		}
		return drop(res, err, res->lookup_cause);
	}
	if (m.route->type == RTN_BROADCAST) {
		if (in->conf.bc_forwarding > 0)
			goto make_route;
		return brd_input(cfg, src, in, mark, res);
	}
	if (m.route->type == RTN_LOCAL) {
		c = validate(cfg, src, dst, 0, in, mark, res);
		if (c)
			return drop(res, -EINVAL, c);
		return local_input(res, FIB_V_LOCAL, RTN_LOCAL);
	}
	if (!netcfg_forwarding(cfg, in)) {
		res->forwarding_off = true;
		return drop(res, -EHOSTUNREACH, FIB_NOT_FORWARDING);
	}
	if (m.route->type != RTN_UNICAST)
		return drop(res, -EINVAL, FIB_MARTIAN_DST);
make_route:
	paths(res, m.route, 0);
	/* the kernel validates against the path it picked; with multipath the
	 * pick is a hash, so validate against the first and keep all as
	 * candidates (validation only differs for oif == iif). */
	c = validate(cfg, src, dst, res->n_paths ? res->oif[0] : 0, in, mark, res);
	if (c)
		return drop(res, -EINVAL, c);
	res->verdict = FIB_V_FORWARD;
	res->type = m.route->type;
	return 0;
}

int fib_output(const struct netcfg *cfg, uint32_t src, uint32_t dst, uint32_t mark,
	       struct fib_result *res)
{
	struct fib_flow fl = {.src = src, .dst = dst, .iif = FIB_LOOPBACK_IFINDEX, .mark = mark};
	struct fib_match m;
	int err;

	memset(res, 0, sizeof(*res));
	if (src &&
	    (is_multicast(src) || is_lbcast(src) || is_zeronet(src) || !netcfg_addr_find(cfg, src)))
		return drop(res, -EINVAL, FIB_MARTIAN_SRC);
	err = fib_lookup(cfg, &fl, &m);
	res->route = m.route;
	res->rule = m.rule;
	res->table = m.table;
	if (err)
		return drop(res, err, err_cause(err, &m));
	if (m.route->type == RTN_LOCAL)
		return local_input(res, FIB_V_LOCAL, RTN_LOCAL);
	if (m.route->type == RTN_BROADCAST)
		return local_input(res, FIB_V_BROADCAST, RTN_BROADCAST);
	paths(res, m.route, 0);
	res->verdict = FIB_V_FORWARD;
	res->type = m.route->type;
	return 0;
}

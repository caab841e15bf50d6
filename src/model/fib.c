// SPDX-License-Identifier: GPL-2.0
/* fib: the kernel's fib_lookup() over the model — policy rules in priority
 * order (fib_rules_lookup), then per table the longest matching prefix,
 * within it routes by tos then metric, skipping dead nexthops (as
 * fib_table_lookup does). Without custom rules the kernel keeps local and
 * main in one trie and falls back to the default table when main has
 * nothing: modelled too. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "model/fib.h"

static uint32_t mask(unsigned len)
{
	return len ? htonl(~0u << (32 - len)) : 0;
}

static bool nh_alive(const struct netcfg_nexthop *nh)
{
	return !(nh->flags & RTNH_F_DEAD);
}

static bool route_alive(const struct netcfg_route *r)
{
	if (!r->nh_count)
		return true; /* blackhole & co. have none */
	for (int i = 0; i < r->nh_count; i++)
		if (nh_alive(&r->nh[i]))
			return true;
	return false;
}

static bool nh_good(const struct netcfg_nexthop *nh, const struct fib_flow *fl)
{
	return nh_alive(nh) && (!fl->oif || fl->oif == nh->ifindex);
}

static int type_error(uint8_t type)
{
	switch (type) {
	case RTN_BLACKHOLE:
		return -EINVAL;
	case RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case RTN_PROHIBIT:
		return -EACCES;
	case RTN_THROW:
		return -EAGAIN;
	default:
		return 0;
	}
}

/* Is a better-ordered than b within one prefix (tos desc, metric asc)? */
static bool before(const struct netcfg_route *a, const struct netcfg_route *b)
{
	if (a->tos != b->tos)
		return a->tos > b->tos;
	return a->metric < b->metric;
}

/* fib_table_lookup over tables t1 (and t2 when nonzero: a merged trie).
 * Returns 0 with m->route, or -EAGAIN (nothing) or a route type's error. */
static int table_lookup(const struct netcfg *cfg, uint32_t t1, uint32_t t2,
			const struct fib_flow *fl, struct fib_match *m)
{
	for (int len = 32; len >= 0; len--) {
		const struct netcfg_route *cand[64];
		int n = 0;

		for (size_t i = 0; i < cfg->n_routes && n < 64; i++) {
			const struct netcfg_route *r = &cfg->routes[i];
			int j;

			if (r->dst_len != len || (r->table != t1 && (!t2 || r->table != t2)))
				continue;
			if ((fl->dst & mask((unsigned)len)) != r->dst)
				continue;
			/* insert in kernel order, stable for equal keys */
			for (j = n; j > 0 && before(r, cand[j - 1]); j--)
				cand[j] = cand[j - 1];
			cand[j] = r;
			n++;
		}
		for (int i = 0; i < n; i++) {
			const struct netcfg_route *r = cand[i];
			int err;

			if (r->tos && r->tos != fl->tos)
				continue;
			if (r->scope < fl->scope)
				continue;
			err = type_error(r->type);
			if (err) {
				m->route = r;
				return err;
			}
			if (!route_alive(r))
				continue;
			for (int k = 0; k < r->nh_count; k++)
				if (nh_good(&r->nh[k], fl)) {
					m->route = r;
					return 0;
				}
			if (!r->nh_count && !fl->oif) {
				m->route = r;
				return 0;
			}
		}
	}
	return -EAGAIN;
}

static bool rule_matches(const struct netcfg *cfg, const struct netcfg_rule *r,
			 const struct fib_flow *fl)
{
	bool ok = true;

	if (r->iif[0] && (!fl->iif || strcmp(r->iif, netcfg_ifname(cfg, fl->iif))))
		ok = false;
	else if (r->oif[0] && (!fl->oif || strcmp(r->oif, netcfg_ifname(cfg, fl->oif))))
		ok = false;
	else if ((r->fwmark ^ fl->mark) & r->fwmask)
		ok = false;
	else if ((fl->src ^ r->src) & mask(r->src_len))
		ok = false;
	else if ((fl->dst ^ r->dst) & mask(r->dst_len))
		ok = false;
	else if (r->tos && r->tos != fl->tos)
		ok = false;
	return (r->flags & FIB_RULE_INVERT) ? !ok : ok;
}

static int rule_action(const struct netcfg *cfg, const struct netcfg_rule *r,
		       const struct fib_flow *fl, struct fib_match *m)
{
	switch (r->action) {
	case FR_ACT_TO_TBL:
		break;
	case FR_ACT_UNREACHABLE:
		return -ENETUNREACH;
	case FR_ACT_PROHIBIT:
		return -EACCES;
	default:
		return -EINVAL; /* blackhole and unknown actions */
	}
	m->table = r->table;
	return table_lookup(cfg, r->table, 0, fl, m);
}

static bool rule_suppress(const struct netcfg_rule *r, const struct fib_match *m)
{
	if (m->route && (int)m->route->dst_len <= r->suppress_prefixlen)
		return true;
	/* devices are in group 0 unless moved: the model keeps no groups */
	return r->suppress_ifgroup == 0;
}

static const struct netcfg_rule *goto_target(const struct netcfg *cfg, size_t from, uint32_t prio,
					     size_t *idx)
{
	for (size_t i = from + 1; i < cfg->n_rules; i++)
		if (cfg->rules[i].priority >= prio) {
			*idx = i;
			return cfg->rules[i].priority == prio ? &cfg->rules[i] : NULL;
		}
	return NULL;
}

static int rules_lookup(const struct netcfg *cfg, const struct fib_flow *fl, struct fib_match *m)
{
	for (size_t i = 0; i < cfg->n_rules; i++) {
		const struct netcfg_rule *r = &cfg->rules[i];
		int err;

		if (!rule_matches(cfg, r, fl))
			continue;
		if (r->action == FR_ACT_GOTO) {
			size_t t;

			if (!goto_target(cfg, i, r->goto_target, &t))
				continue;
			i = t - 1; /* the loop's i++ lands on the target */
			continue;
		}
		if (r->action == FR_ACT_NOP)
			continue;
		memset(m, 0, sizeof(*m));
		m->rule = r;
		err = rule_action(cfg, r, fl, m);
		if (!err && (r->suppress_prefixlen >= 0 || r->suppress_ifgroup >= 0) &&
		    rule_suppress(r, m))
			continue;
		if (err != -EAGAIN)
			return err;
	}
	memset(m, 0, sizeof(*m));
	return -ENETUNREACH;
}

int fib_lookup(const struct netcfg *cfg, const struct fib_flow *fl, struct fib_match *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	if (netcfg_has_custom_rules(cfg))
		return rules_lookup(cfg, fl, m);
	m->table = RT_TABLE_MAIN;
	err = table_lookup(cfg, RT_TABLE_MAIN, RT_TABLE_LOCAL, fl, m);
	/* only "nothing here" falls through; blackhole & co. stop (measured) */
	if (err == -EAGAIN && netcfg_table_exists(cfg, RT_TABLE_DEFAULT)) {
		memset(m, 0, sizeof(*m));
		m->table = RT_TABLE_DEFAULT;
		err = table_lookup(cfg, RT_TABLE_DEFAULT, 0, fl, m);
	}
	return err == -EAGAIN ? -ENETUNREACH : err;
}

static const char *const cause_names[FIB_CAUSE_MAX] = {
    [FIB_OK] = "ok",
    [FIB_MARTIAN_SRC] = "martian_source",
    [FIB_MARTIAN_DST] = "martian_destination",
    [FIB_LOCAL_SRC] = "local_source",
    [FIB_RPF_STRICT] = "rp_filter_strict",
    [FIB_RPF_NO_ROUTE] = "rp_filter_no_route",
    [FIB_INVALID_SRC] = "invalid_source",
    [FIB_NO_ROUTE] = "no_route",
    [FIB_BLACKHOLE] = "blackhole",
    [FIB_UNREACHABLE] = "unreachable",
    [FIB_PROHIBIT] = "prohibit",
    [FIB_NOT_FORWARDING] = "not_forwarding",
    [FIB_MULTICAST] = "multicast",
    [FIB_NO_DEVICE] = "no_device",
};

const char *fib_cause_name(enum fib_cause c)
{
	return c < FIB_CAUSE_MAX ? cause_names[c] : "?";
}

const char *fib_verdict_name(enum fib_verdict v)
{
	static const char *const n[] = {"local", "broadcast", "forward", "drop"};

	return v <= FIB_V_DROP ? n[v] : "?";
}

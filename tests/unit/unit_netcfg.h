/* SPDX-License-Identifier: GPL-2.0 */
/* unit_netcfg: building a namespace's model by hand in a unit test — an
 * address, a link, a route, the kernel's three default rules. */
#ifndef DROPDOC_UNIT_NETCFG_H
#define DROPDOC_UNIT_NETCFG_H

#include <arpa/inet.h>
#include <stdio.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "unit.h"
#include "model/netcfg.h"

static inline uint32_t a4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static inline void link_add(struct netcfg *c, int ifindex, const char *name, uint32_t flags)
{
	struct netcfg_link *l = netcfg_add_link(c);

	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = flags;
	l->link_netnsid = -1;
	l->addr_len = 6;
	netcfg_conf_unknown(&l->conf);
}

static inline void route_add(struct netcfg *c, uint32_t table, uint8_t type, const char *dst,
			     uint8_t len, const char *gw, int ifindex, uint8_t scope)
{
	struct netcfg_route *r = netcfg_add_route(c);

	r->table = table;
	r->type = type;
	r->scope = scope;
	r->proto = RTPROT_KERNEL;
	r->dst = a4(dst);
	r->dst_len = len;
	r->nh_count = 1;
	r->nh[0].ifindex = ifindex;
	r->nh[0].gw = gw ? a4(gw) : 0;
}

/* The kernel's three default rules. */
static inline void default_rules(struct netcfg *c)
{
	static const uint32_t prio[] = {0, 32766, 32767};
	static const uint32_t table[] = {RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT};

	for (int i = 0; i < 3; i++) {
		struct netcfg_rule *r = netcfg_add_rule(c);

		r->priority = prio[i];
		r->table = table[i];
		r->action = FR_ACT_TO_TBL;
		r->suppress_prefixlen = r->suppress_ifgroup = -1;
	}
}

#endif

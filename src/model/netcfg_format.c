// SPDX-License-Identifier: GPL-2.0
/* netcfg: routes and rules in the words `ip route` and `ip rule` use, for
 * evidence lines and fixes a person can compare with their own output. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "model/netcfg.h"

struct sbuf {
	char *p;
	size_t len, off;
};

__attribute__((format(printf, 2, 3))) static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->off >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->off, b->len - b->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->off += (size_t)n;
}

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

int netcfg_route_format(const struct netcfg *cfg, const struct netcfg_route *r, char *buf,
			size_t len)
{
	struct sbuf b = {buf, len, 0};
	char a[INET_ADDRSTRLEN], nb[16];

	buf[0] = 0;
	if (r->type != RTN_UNICAST)
		sb_add(&b, "%s ", netcfg_rtype_name(r->type, nb, sizeof(nb)));
	if (!r->dst_len)
		sb_add(&b, "default");
	else if (r->dst_len == 32)
		sb_add(&b, "%s", ip4(r->dst, a));
	else
		sb_add(&b, "%s/%u", ip4(r->dst, a), r->dst_len);
	if (r->tos)
		sb_add(&b, " tos 0x%x", r->tos);
	if (r->nh_count == 1) {
		if (r->nh[0].gw)
			sb_add(&b, " via %s", ip4(r->nh[0].gw, a));
		if (r->nh[0].ifindex)
			sb_add(&b, " dev %s", netcfg_ifname(cfg, r->nh[0].ifindex));
	}
	if (r->table != RT_TABLE_MAIN)
		sb_add(&b, " table %s", netcfg_table_name(r->table, nb, sizeof(nb)));
	if (r->proto != RTPROT_BOOT)
		sb_add(&b, " proto %s", netcfg_proto_name(r->proto, nb, sizeof(nb)));
	if (r->scope != RT_SCOPE_UNIVERSE)
		sb_add(&b, " scope %s", netcfg_scope_name(r->scope, nb, sizeof(nb)));
	if (r->prefsrc)
		sb_add(&b, " src %s", ip4(r->prefsrc, a));
	if (r->metric)
		sb_add(&b, " metric %u", r->metric);
	if (r->nh_count > 1)
		for (int i = 0; i < r->nh_count; i++) {
			sb_add(&b, " nexthop");
			if (r->nh[i].gw)
				sb_add(&b, " via %s", ip4(r->nh[i].gw, a));
			sb_add(&b, " dev %s weight %u", netcfg_ifname(cfg, r->nh[i].ifindex),
			       r->nh[i].weight);
		}
	return (int)b.off;
}

int netcfg_rule_format(const struct netcfg_rule *r, char *buf, size_t len)
{
	struct sbuf b = {buf, len, 0};
	char a[INET_ADDRSTRLEN], nb[16];

	buf[0] = 0;
	sb_add(&b, "%u:", r->priority);
	if (r->flags & FIB_RULE_INVERT)
		sb_add(&b, " not");
	if (r->src_len)
		sb_add(&b, " from %s/%u", ip4(r->src, a), r->src_len);
	else
		sb_add(&b, " from all");
	if (r->dst_len)
		sb_add(&b, " to %s/%u", ip4(r->dst, a), r->dst_len);
	if (r->tos)
		sb_add(&b, " tos 0x%x", r->tos);
	if (r->fwmark || r->fwmask) {
		if (r->fwmask && r->fwmask != 0xffffffff)
			sb_add(&b, " fwmark 0x%x/0x%x", r->fwmark, r->fwmask);
		else
			sb_add(&b, " fwmark 0x%x", r->fwmark);
	}
	if (r->iif[0])
		sb_add(&b, " iif %s", r->iif);
	if (r->oif[0])
		sb_add(&b, " oif %s", r->oif);
	if (r->action == FR_ACT_TO_TBL)
		sb_add(&b, " lookup %s", netcfg_table_name(r->table, nb, sizeof(nb)));
	else if (r->action == FR_ACT_GOTO)
		sb_add(&b, " goto %u", r->goto_target);
	else
		sb_add(&b, " %s", netcfg_action_name(r->action, nb, sizeof(nb)));
	if (r->suppress_prefixlen >= 0)
		sb_add(&b, " suppress_prefixlength %d", r->suppress_prefixlen);
	if (r->suppress_ifgroup >= 0)
		sb_add(&b, " suppress_ifgroup %d", r->suppress_ifgroup);
	return (int)b.off;
}

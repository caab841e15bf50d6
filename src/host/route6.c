// SPDX-License-Identifier: GPL-2.0
/* route6: IPv6 routes of all tables over rtnetlink. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "host/route6.h"
#include "host/rtnl.h"

void route6_set_free(struct route6_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route6_set *s = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct route6 r = {0};

	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    rtm->rtm_family != AF_INET6 || rtm->rtm_dst_len > 128)
		return MNL_CB_OK;
	r.type = rtm->rtm_type;
	r.proto = rtm->rtm_protocol;
	r.dst_len = rtm->rtm_dst_len;
	r.table = rtm->rtm_table;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
	{
		uint16_t t = mnl_attr_get_type(a);
		uint16_t len = mnl_attr_get_payload_len(a);

		if (t == RTA_DST && len == 16)
			memcpy(&r.dst, mnl_attr_get_payload(a), 16);
		else if (t == RTA_GATEWAY && len == 16)
			memcpy(&r.gw, mnl_attr_get_payload(a), 16);
		else if (t == RTA_OIF && len == 4)
			r.oif = (int)mnl_attr_get_u32(a);
		else if (t == RTA_TABLE && len == 4)
			r.table = mnl_attr_get_u32(a);
		else if (t == RTA_PRIORITY && len == 4)
			r.metric = mnl_attr_get_u32(a);
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct route6 *v = cap > 65536 ? NULL : realloc(s->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = r;
	return MNL_CB_OK;
}

int route6_dump(int nsfd, struct route6_set *s)
{
	s->n = 0;
	return rtnl_dump_in(nsfd, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg), route_cb, s);
}

bool route6_covers(const struct route6 *r, const struct in6_addr *a)
{
	unsigned full = r->dst_len / 8, rest = r->dst_len % 8;

	if (memcmp(&r->dst, a, full))
		return false;
	return !rest || !((r->dst.s6_addr[full] ^ a->s6_addr[full]) & (0xff00 >> rest));
}

const struct route6 *route6_best(const struct route6_set *s, const struct in6_addr *a, int type)
{
	const struct route6 *best = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct route6 *r = &s->v[i];

		if (type >= 0 ? r->type != type
			      : (r->type == RTN_LOCAL || r->type == RTN_BROADCAST ||
				 r->type == RTN_MULTICAST || r->type == RTN_ANYCAST))
			continue;
		if (!route6_covers(r, a))
			continue;
		if (!best || r->dst_len > best->dst_len ||
		    (r->dst_len == best->dst_len && r->metric < best->metric))
			best = r;
	}
	return best;
}

void route6_format(const struct route6 *r, const char *dev, char *buf, size_t n)
{
	static const struct {
		uint8_t type;
		const char *name;
	} types[] = {{RTN_BLACKHOLE, "blackhole "},
		     {RTN_UNREACHABLE, "unreachable "},
		     {RTN_PROHIBIT, "prohibit "},
		     {RTN_THROW, "throw "}};
	const char *type = "";
	char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN], table[16];
	size_t k;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == r->type)
			type = types[i].name;
	inet_ntop(AF_INET6, &r->dst, dst, sizeof(dst));
	if (r->table == RT_TABLE_MAIN)
		snprintf(table, sizeof(table), "main");
	else if (r->table == RT_TABLE_LOCAL)
		snprintf(table, sizeof(table), "local");
	else
		snprintf(table, sizeof(table), "%u", r->table);
	k = (size_t)snprintf(buf, n, "%s%s/%u", type, r->dst_len ? dst : "default", r->dst_len);
	if (r->dst_len == 0)
		k = (size_t)snprintf(buf, n, "%sdefault", type);
	if (k < n && !IN6_IS_ADDR_UNSPECIFIED(&r->gw)) {
		inet_ntop(AF_INET6, &r->gw, gw, sizeof(gw));
		k += (size_t)snprintf(buf + k, n - k, " via %s", gw);
	}
	if (k < n && dev && *dev)
		k += (size_t)snprintf(buf + k, n - k, " dev %s", dev);
	if (k < n)
		snprintf(buf + k, n - k, " table %s metric %u", table, r->metric);
}

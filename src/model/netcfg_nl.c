// SPDX-License-Identifier: GPL-2.0
/* netcfg: filling the model from rtnetlink dumps (links, addresses, routes,
 * rules, neighbours). Every attribute is type-checked before use. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "model/netcfg_nl.h"

/* Collect a message's attributes (up to max) into tb[], rejecting ones
 * whose payload is shorter than their type needs. */
struct attrs {
	const struct nlattr *tb[64];
	unsigned max;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *t = data;
	unsigned type = mnl_attr_get_type(a);

	if (type > t->max || type >= 64)
		return MNL_CB_OK;
	t->tb[type] = a;
	return MNL_CB_OK;
}

static uint32_t get_u32(const struct nlattr *a, uint32_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : dflt;
}

static uint8_t get_u8(const struct nlattr *a, uint8_t dflt)
{
	return a && mnl_attr_get_payload_len(a) >= 1 ? mnl_attr_get_u8(a) : dflt;
}

static uint32_t get_in4(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a && mnl_attr_get_payload_len(a) == 4)
		memcpy(&v, mnl_attr_get_payload(a), 4);
	return v;
}

static void get_str(const struct nlattr *a, char *dst, size_t len)
{
	if (a && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
		snprintf(dst, len, "%s", mnl_attr_get_str(a));
}

static void link_info(struct netcfg_link *l, const struct nlattr *info)
{
	struct attrs li = {.max = IFLA_INFO_MAX}, d = {.max = 63};

	mnl_attr_parse_nested(info, attr_cb, &li);
	get_str(li.tb[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
	if (!li.tb[IFLA_INFO_DATA])
		return;
	mnl_attr_parse_nested(li.tb[IFLA_INFO_DATA], attr_cb, &d);
	if (!strcmp(l->kind, "vxlan")) {
		l->vni = get_u32(d.tb[IFLA_VXLAN_ID], 0);
		l->tun_remote = get_in4(d.tb[IFLA_VXLAN_GROUP]);
		l->tun_local = get_in4(d.tb[IFLA_VXLAN_LOCAL]);
	} else if (!strcmp(l->kind, "gre") || !strcmp(l->kind, "gretap")) {
		l->tun_local = get_in4(d.tb[IFLA_GRE_LOCAL]);
		l->tun_remote = get_in4(d.tb[IFLA_GRE_REMOTE]);
	} else if (!strcmp(l->kind, "ipip") || !strcmp(l->kind, "sit") || !strcmp(l->kind, "vti")) {
		l->tun_local = get_in4(d.tb[IFLA_IPTUN_LOCAL]);
		l->tun_remote = get_in4(d.tb[IFLA_IPTUN_REMOTE]);
	}
}

static void link_xdp(struct netcfg_link *l, const struct nlattr *xdp)
{
	struct attrs x = {.max = IFLA_XDP_MAX};

	mnl_attr_parse_nested(xdp, attr_cb, &x);
	l->xdp_mode = get_u8(x.tb[IFLA_XDP_ATTACHED], 0);
	l->xdp_prog_id = get_u32(x.tb[IFLA_XDP_PROG_ID], 0);
	if (!l->xdp_prog_id)
		l->xdp_prog_id =
		    get_u32(x.tb[IFLA_XDP_DRV_PROG_ID], get_u32(x.tb[IFLA_XDP_SKB_PROG_ID], 0));
}

int netcfg_nl_link_parse(const struct nlmsghdr *nlh, struct netcfg_link *l)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct attrs t = {.max = IFLA_MAX};
	const struct nlattr *a;

	if (mnl_attr_parse(nlh, sizeof(*ifm), attr_cb, &t) < 0)
		return -EBADMSG;
	l->ifindex = ifm->ifi_index;
	l->type = ifm->ifi_type;
	l->flags = ifm->ifi_flags;
	get_str(t.tb[IFLA_IFNAME], l->name, sizeof(l->name));
	l->operstate = get_u8(t.tb[IFLA_OPERSTATE], 0);
	l->mtu = get_u32(t.tb[IFLA_MTU], 0);
	l->master = (int)get_u32(t.tb[IFLA_MASTER], 0);
	l->link = (int)get_u32(t.tb[IFLA_LINK], 0);
	l->link_netnsid = (int)get_u32(t.tb[IFLA_LINK_NETNSID], (uint32_t)-1);
	l->promiscuity = get_u32(t.tb[IFLA_PROMISCUITY], 0);
	a = t.tb[IFLA_ADDRESS];
	if (a && mnl_attr_get_payload_len(a) <= NETCFG_HWADDR) {
		l->addr_len = (uint8_t)mnl_attr_get_payload_len(a);
		memcpy(l->addr, mnl_attr_get_payload(a), l->addr_len);
	}
	if (t.tb[IFLA_LINKINFO])
		link_info(l, t.tb[IFLA_LINKINFO]);
	if (t.tb[IFLA_XDP])
		link_xdp(l, t.tb[IFLA_XDP]);
	return 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netcfg *cfg = data;
	struct netcfg_link *l;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	l = netcfg_add_link(cfg);
	if (!l) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	if (netcfg_nl_link_parse(nlh, l) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netcfg *cfg = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct attrs t = {.max = IFA_MAX};
	struct netcfg_addr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*ifa), attr_cb, &t) < 0)
		return MNL_CB_ERROR;
	a = netcfg_add_addr(cfg);
	if (!a)
		return MNL_CB_ERROR;
	a->ifindex = (int)ifa->ifa_index;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = get_u32(t.tb[IFA_FLAGS], ifa->ifa_flags);
	a->address = get_in4(t.tb[IFA_ADDRESS]);
	a->local = t.tb[IFA_LOCAL] ? get_in4(t.tb[IFA_LOCAL]) : a->address;
	a->broadcast = get_in4(t.tb[IFA_BROADCAST]);
	get_str(t.tb[IFA_LABEL], a->label, sizeof(a->label));
	return MNL_CB_OK;
}

static void route_multipath(struct netcfg_route *r, const struct nlattr *mp)
{
	const struct rtnexthop *nh = mnl_attr_get_payload(mp);
	int left = (int)mnl_attr_get_payload_len(mp);

	while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) && nh->rtnh_len <= left &&
	       r->nh_count < NETCFG_MAX_NH) {
		struct netcfg_nexthop *x = &r->nh[r->nh_count++];
		const struct nlattr *attr;

		x->ifindex = nh->rtnh_ifindex;
		x->weight = (uint8_t)(nh->rtnh_hops + 1);
		x->flags = nh->rtnh_flags;
		mnl_attr_for_each_payload((const void *)RTNH_DATA(nh), nh->rtnh_len - sizeof(*nh))
		{
			if (mnl_attr_get_type(attr) == RTA_GATEWAY)
				x->gw = get_in4(attr);
		}
		left -= RTNH_ALIGN(nh->rtnh_len);
		nh = (const struct rtnexthop *)((const char *)nh + RTNH_ALIGN(nh->rtnh_len));
	}
}

int netcfg_nl_route_parse(const struct nlmsghdr *nlh, struct netcfg_route *r)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct attrs t = {.max = RTA_MAX};

	if (mnl_attr_parse(nlh, sizeof(*rtm), attr_cb, &t) < 0)
		return -EBADMSG;
	r->table = get_u32(t.tb[RTA_TABLE], rtm->rtm_table);
	r->type = rtm->rtm_type;
	r->scope = rtm->rtm_scope;
	r->proto = rtm->rtm_protocol;
	r->dst_len = rtm->rtm_dst_len;
	r->tos = rtm->rtm_tos;
	r->flags = rtm->rtm_flags;
	r->dst = get_in4(t.tb[RTA_DST]);
	r->prefsrc = get_in4(t.tb[RTA_PREFSRC]);
	r->metric = get_u32(t.tb[RTA_PRIORITY], 0);
	if (t.tb[RTA_MULTIPATH]) {
		route_multipath(r, t.tb[RTA_MULTIPATH]);
	} else if (t.tb[RTA_OIF] || t.tb[RTA_GATEWAY]) {
		r->nh_count = 1;
		r->nh[0].ifindex = (int)get_u32(t.tb[RTA_OIF], 0);
		r->nh[0].gw = get_in4(t.tb[RTA_GATEWAY]);
		r->nh[0].weight = 1;
		r->nh[0].flags = rtm->rtm_flags & 0xff;
	}
	return 0;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netcfg *cfg = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct netcfg_route *r;

	if (nlh->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return MNL_CB_OK;
	r = netcfg_add_route(cfg);
	if (!r || netcfg_nl_route_parse(nlh, r) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netcfg *cfg = data;
	const struct fib_rule_hdr *h = mnl_nlmsg_get_payload(nlh);
	struct attrs t = {.max = 63};
	struct netcfg_rule *r;

	if (nlh->nlmsg_type != RTM_NEWRULE || h->family != AF_INET)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*h), attr_cb, &t) < 0)
		return MNL_CB_ERROR;
	r = netcfg_add_rule(cfg);
	if (!r)
		return MNL_CB_ERROR;
	r->priority = get_u32(t.tb[FRA_PRIORITY], 0);
	r->action = h->action;
	r->table = get_u32(t.tb[FRA_TABLE], h->table);
	r->src_len = h->src_len;
	r->dst_len = h->dst_len;
	r->tos = h->tos;
	r->flags = h->flags;
	r->src = get_in4(t.tb[FRA_SRC]);
	r->dst = get_in4(t.tb[FRA_DST]);
	r->fwmark = get_u32(t.tb[FRA_FWMARK], 0);
	r->fwmask = get_u32(t.tb[FRA_FWMASK], r->fwmark ? 0xffffffff : 0);
	r->goto_target = get_u32(t.tb[FRA_GOTO], 0);
	r->suppress_prefixlen = (int32_t)get_u32(t.tb[FRA_SUPPRESS_PREFIXLEN], (uint32_t)-1);
	r->suppress_ifgroup = (int32_t)get_u32(t.tb[FRA_SUPPRESS_IFGROUP], (uint32_t)-1);
	get_str(t.tb[FRA_IIFNAME], r->iif, sizeof(r->iif));
	get_str(t.tb[FRA_OIFNAME], r->oif, sizeof(r->oif));
	r->unmodeled = t.tb[FRA_L3MDEV] || t.tb[FRA_UID_RANGE] || t.tb[FRA_IP_PROTO] ||
		       t.tb[FRA_SPORT_RANGE] || t.tb[FRA_DPORT_RANGE] || t.tb[FRA_TUN_ID];
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netcfg *cfg = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	struct attrs t = {.max = NDA_MAX};
	struct netcfg_neigh *n;
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || nd->ndm_family != AF_INET)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*nd), attr_cb, &t) < 0)
		return MNL_CB_ERROR;
	n = netcfg_add_neigh(cfg);
	if (!n)
		return MNL_CB_ERROR;
	n->ifindex = nd->ndm_ifindex;
	n->state = nd->ndm_state;
	n->flags = nd->ndm_flags;
	n->dst = get_in4(t.tb[NDA_DST]);
	a = t.tb[NDA_LLADDR];
	if (a && mnl_attr_get_payload_len(a) <= NETCFG_HWADDR) {
		n->lladdr_len = (uint8_t)mnl_attr_get_payload_len(a);
		memcpy(n->lladdr, mnl_attr_get_payload(a), n->lladdr_len);
	}
	return MNL_CB_OK;
}

/* The family header each kind of message starts with (0: not ours). */
static size_t hdr_len(uint16_t type)
{
	switch (type) {
	case RTM_NEWLINK:
		return sizeof(struct ifinfomsg);
	case RTM_NEWADDR:
		return sizeof(struct ifaddrmsg);
	case RTM_NEWROUTE:
		return sizeof(struct rtmsg);
	case RTM_NEWRULE:
		return sizeof(struct fib_rule_hdr);
	case RTM_NEWNEIGH:
		return sizeof(struct ndmsg);
	default:
		return 0;
	}
}

/* One message of a dump, to its parser by type. */
static int any_cb(const struct nlmsghdr *nlh, void *data)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		return link_cb(nlh, data);
	case RTM_NEWADDR:
		return addr_cb(nlh, data);
	case RTM_NEWROUTE:
		return route_cb(nlh, data);
	case RTM_NEWRULE:
		return rule_cb(nlh, data);
	case RTM_NEWNEIGH:
		return neigh_cb(nlh, data);
	default:
		return MNL_CB_OK;
	}
}

int netcfg_nl_parse(const void *buf, size_t len, struct netcfg *cfg)
{
	/* not libmnl's walk: a recorded dump is not the kernel's word, and
	 * every length in it is checked before it is believed */
	const uint8_t *p = buf;
	int ret = 0;

	while (len >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const void *)p;
		size_t step = ((size_t)nlh->nlmsg_len + 3) & ~(size_t)3;
		size_t need = hdr_len(nlh->nlmsg_type);

		/* libmnl reads attributes up to the aligned end: it must be there */
		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len || step > len ||
		    nlh->nlmsg_len < NLMSG_LENGTH(need)) {
			ret = -EBADMSG;
			break;
		}
		if (nlh->nlmsg_type == NLMSG_DONE)
			break;
		if (need && any_cb(nlh, cfg) < 0) {
			ret = -EBADMSG;
			break;
		}
		p += step;
		len -= step;
	}
	netcfg_sort(cfg);
	return ret;
}

int netcfg_nl_dump_all(struct rtnl *nl, struct netcfg *cfg, char *err, size_t errlen)
{
	static const struct {
		uint16_t type;
		uint8_t family;
		size_t hdrlen;
		mnl_cb_t cb;
		const char *what;
	} dumps[] = {
	    {RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg), link_cb, "links"},
	    {RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg), addr_cb, "addresses"},
	    {RTM_GETROUTE, AF_INET, sizeof(struct rtmsg), route_cb, "routes"},
	    {RTM_GETRULE, AF_INET, sizeof(struct fib_rule_hdr), rule_cb, "rules"},
	    {RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg), neigh_cb, "neighbours"},
	};
	int ret;

	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		ret = rtnl_dump(nl, dumps[i].type, dumps[i].family, dumps[i].hdrlen, dumps[i].cb,
				cfg);
		if (ret < 0) {
			snprintf(err, errlen, "netlink dump of %s: %s", dumps[i].what,
				 strerror(-ret));
			return ret;
		}
	}
	netcfg_sort(cfg);
	return 0;
}

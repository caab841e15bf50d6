// SPDX-License-Identifier: GPL-2.0
/* xfrminfo: IPsec policies over NETLINK_XFRM. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>

#include "host/nsexec.h"
#include "host/rtnl.h"
#include "host/xfrminfo.h"

struct ctx {
	struct xfrminfo_policy *out;
	int n, found;
};

static int policy_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct xfrm_userpolicy_info *pi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct xfrminfo_policy p = {0};

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*pi))
		return MNL_CB_OK;
	p.family = pi->sel.family;
	memcpy(p.src, &pi->sel.saddr, 16);
	memcpy(p.dst, &pi->sel.daddr, 16);
	p.src_len = pi->sel.prefixlen_s;
	p.dst_len = pi->sel.prefixlen_d;
	p.proto = pi->sel.proto;
	p.sport = pi->sel.sport_mask ? ntohs(pi->sel.sport) : 0;
	p.dport = pi->sel.dport_mask ? ntohs(pi->sel.dport) : 0;
	p.dir = pi->dir;
	p.block = pi->action == XFRM_POLICY_BLOCK;
	p.priority = pi->priority;
	mnl_attr_for_each(a, nlh, sizeof(*pi)) if (mnl_attr_get_type(a) == XFRMA_TMPL) p.has_tmpl =
	    true;
	if (c->found < c->n)
		c->out[c->found] = p;
	c->found++;
	return MNL_CB_OK;
}

int xfrminfo_list(int nsfd, struct xfrminfo_policy *out, int n)
{
	struct ctx c = {.out = out, .n = n};
	struct rtnl nl = {0};
	char buf[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int err = rtnl_open_in(&nl, NETLINK_XFRM, 0, nsfd);

	if (err)
		return err;
	nlh->nlmsg_type = XFRM_MSG_GETPOLICY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	err = rtnl_talk(&nl, nlh, policy_cb, &c);
	rtnl_close(&nl);
	return err ? err : (c.found < n ? c.found : n);
}

static bool prefix_has(const uint8_t *net, unsigned len, const uint8_t *a)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(net, a, full))
		return false;
	return !rest || !((net[full] ^ a[full]) & (0xff00 >> rest));
}

bool xfrminfo_matches(const struct xfrminfo_policy *p, int family, const void *src, const void *dst,
		      int proto, int sport, int dport)
{
	if (p->family && p->family != family)
		return false;
	if (!prefix_has(p->src, p->src_len, src) || !prefix_has(p->dst, p->dst_len, dst))
		return false;
	if (p->proto && p->proto != proto)
		return false;
	return (!p->sport || p->sport == sport) && (!p->dport || p->dport == dport);
}

void xfrminfo_format(const struct xfrminfo_policy *p, char *buf, size_t n)
{
	static const char *const dirs[] = {"in", "out", "fwd"};
	int fam = p->family ? p->family : AF_INET;
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	size_t k;

	inet_ntop(fam, p->src, s, sizeof(s));
	inet_ntop(fam, p->dst, d, sizeof(d));
	k = (size_t)snprintf(buf, n, "src %s/%u dst %s/%u", s, p->src_len, d, p->dst_len);
	if (k < n && p->proto)
		k += (size_t)snprintf(buf + k, n - k, " proto %u", p->proto);
	if (k < n && p->sport)
		k += (size_t)snprintf(buf + k, n - k, " sport %u", p->sport);
	if (k < n && p->dport)
		k += (size_t)snprintf(buf + k, n - k, " dport %u", p->dport);
	if (k < n)
		snprintf(buf + k, n - k, " dir %s", p->dir < 3 ? dirs[p->dir] : "?");
}

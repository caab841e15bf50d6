// SPDX-License-Identifier: GPL-2.0
/* tcinfo: clsact filters over rtnetlink. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "host/rtnl.h"
#include "host/tcinfo.h"

struct ctx {
	struct tcinfo_filter *out;
	int n, found;
};

static int opt_cb(const struct nlattr *a, void *data)
{
	struct tcinfo_filter *t = data;

	switch (mnl_attr_get_type(a)) {
	case TCA_BPF_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			t->prog_id = mnl_attr_get_u32(a);
		break;
	case TCA_BPF_NAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(t->prog_name, sizeof(t->prog_name), "%s", mnl_attr_get_str(a));
		break;
	case TCA_BPF_TAG:
		if (mnl_attr_get_payload_len(a) >= 8) {
			const uint8_t *g = mnl_attr_get_payload(a);

			for (int i = 0; i < 8; i++)
				snprintf(t->tag + 2 * i, 3, "%02x", g[i]);
		}
		break;
	case TCA_BPF_FLAGS:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			t->direct_action = mnl_attr_get_u32(a) & TCA_BPF_FLAG_ACT_DIRECT;
		break;
	}
	return MNL_CB_OK;
}

static int filter_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct tcmsg *tm = mnl_nlmsg_get_payload(nlh);
	struct tcinfo_filter t = {0};
	const struct nlattr *a, *opts = NULL;

	if (nlh->nlmsg_type != RTM_NEWTFILTER || mnl_nlmsg_get_payload_len(nlh) < sizeof(*tm))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*tm))
	{
		if (mnl_attr_get_type(a) == TCA_KIND &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(t.kind, sizeof(t.kind), "%s", mnl_attr_get_str(a));
		else if (mnl_attr_get_type(a) == TCA_OPTIONS)
			opts = a;
	}
	/* a filter's chain/priority head comes without options: skip it */
	if (!opts)
		return MNL_CB_OK;
	t.prio = TC_H_MAJ(tm->tcm_info) >> 16;
	t.proto = ntohs((uint16_t)TC_H_MIN(tm->tcm_info));
	if (!strcmp(t.kind, "bpf"))
		mnl_attr_parse_nested(opts, opt_cb, &t);
	if (c->found < c->n)
		c->out[c->found] = t;
	c->found++;
	return MNL_CB_OK;
}

int tcinfo_list(int nsfd, int ifindex, bool egress, struct tcinfo_filter *out, int n)
{
	struct ctx c = {.out = out, .n = n};
	struct rtnl nl = {0};
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct tcmsg *tm;
	int err = rtnl_open_in(&nl, NETLINK_ROUTE, 0, nsfd);

	if (err)
		return err;
	nlh->nlmsg_type = RTM_GETTFILTER;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	tm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tm));
	tm->tcm_family = AF_UNSPEC;
	tm->tcm_ifindex = ifindex;
	tm->tcm_parent = TC_H_MAKE(TC_H_CLSACT, egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS);
	err = rtnl_talk(&nl, nlh, filter_cb, &c);
	rtnl_close(&nl);
	if (err == -EINVAL || err == -ENOENT)
		err = 0; /* no clsact qdisc on the device */
	return err ? err : (c.found < n ? c.found : n);
}

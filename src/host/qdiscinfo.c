// SPDX-License-Identifier: GPL-2.0
/* qdiscinfo: RTM_GETQDISC for one device. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "host/qdiscinfo.h"
#include "host/rtnl.h"

struct ctx {
	int ifindex;
	struct qdiscinfo *out;
	int n, found;
};

static void options(const char *kind, const struct nlattr *opts, struct qdiscinfo *q)
{
	const struct nlattr *a;

	if (!strcmp(kind, "pfifo") || !strcmp(kind, "bfifo") || !strcmp(kind, "pfifo_head_drop")) {
		if (mnl_attr_get_payload_len(opts) >= sizeof(struct tc_fifo_qopt)) {
			const struct tc_fifo_qopt *o = mnl_attr_get_payload(opts);

			q->limit = o->limit;
			q->limit_bytes = !strcmp(kind, "bfifo");
		}
		return;
	}
	if (strcmp(kind, "tbf"))
		return;
	mnl_attr_for_each_nested(a, opts)
	{
		if (mnl_attr_get_type(a) == TCA_TBF_PARMS &&
		    mnl_attr_get_payload_len(a) >= sizeof(struct tc_tbf_qopt)) {
			const struct tc_tbf_qopt *o = mnl_attr_get_payload(a);

			q->limit = o->limit;
			q->limit_bytes = true;
			q->rate_bps = (uint64_t)o->rate.rate * 8;
		} else if (mnl_attr_get_type(a) == TCA_TBF_RATE64 &&
			   mnl_attr_get_payload_len(a) >= 8) {
			q->rate_bps = mnl_attr_get_u64(a) * 8;
		}
	}
}

static void stats2(const struct nlattr *st, struct qdiscinfo *q)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, st)
	{
		if (mnl_attr_get_type(a) == TCA_STATS_QUEUE &&
		    mnl_attr_get_payload_len(a) >= sizeof(struct gnet_stats_queue)) {
			const struct gnet_stats_queue *s = mnl_attr_get_payload(a);

			q->qlen = s->qlen;
			q->backlog = s->backlog;
			q->drops = s->drops;
			q->overlimits = s->overlimits;
			q->requeues = s->requeues;
		}
	}
}

static int qdisc_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct tcmsg *tm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *opts = NULL, *st = NULL;
	struct qdiscinfo q = {0};

	if (nlh->nlmsg_type != RTM_NEWQDISC || mnl_nlmsg_get_payload_len(nlh) < sizeof(*tm) ||
	    tm->tcm_ifindex != c->ifindex)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*tm))
	{
		if (mnl_attr_get_type(a) == TCA_KIND &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(q.kind, sizeof(q.kind), "%s", mnl_attr_get_str(a));
		else if (mnl_attr_get_type(a) == TCA_OPTIONS)
			opts = a;
		else if (mnl_attr_get_type(a) == TCA_STATS2)
			st = a;
	}
	q.handle = tm->tcm_handle;
	q.parent = tm->tcm_parent;
	q.root = tm->tcm_parent == TC_H_ROOT;
	if (opts)
		options(q.kind, opts, &q);
	if (st)
		stats2(st, &q);
	if (c->found < c->n) {
		/* the root first */
		if (q.root && c->found) {
			c->out[c->found] = c->out[0];
			c->out[0] = q;
		} else {
			c->out[c->found] = q;
		}
	}
	c->found++;
	return MNL_CB_OK;
}

int qdiscinfo_list(int nsfd, int ifindex, struct qdiscinfo *out, int n)
{
	struct ctx c = {.ifindex = ifindex, .out = out, .n = n};
	int err = rtnl_dump_in(nsfd, RTM_GETQDISC, AF_UNSPEC, sizeof(struct tcmsg), qdisc_cb, &c);

	return err ? err : (c.found < n ? c.found : n);
}

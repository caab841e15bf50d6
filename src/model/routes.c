// SPDX-License-Identifier: GPL-2.0
/* routes: IPv4 default routes of a namespace over rtnetlink (libmnl). */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/netns.h"
#include "model/routes.h"

struct routes_ctx {
	struct flow_route *out;
	int n, max;
	uint32_t netns;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RTA_MAX) < 0)
		return MNL_CB_OK;
	if ((type == RTA_OIF || type == RTA_PRIORITY || type == RTA_TABLE || type == RTA_GATEWAY) &&
	    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	tb[type] = a;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct routes_ctx *c = data;
	const struct rtmsg *rm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	struct flow_route *r;

	if (rm->rtm_family != AF_INET || rm->rtm_dst_len != 0 || rm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*rm), attr_cb, tb) < 0 || !tb[RTA_OIF] || c->n >= c->max)
		return MNL_CB_OK;
	r = &c->out[c->n++];
	memset(r, 0, sizeof(*r));
	r->ifindex = mnl_attr_get_u32(tb[RTA_OIF]);
	r->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rm->rtm_table;
	r->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
	if (tb[RTA_GATEWAY])
		r->gw.s_addr = mnl_attr_get_u32(tb[RTA_GATEWAY]);
	if (netns_ifname(c->netns, r->ifindex, r->dev, sizeof(r->dev)))
		snprintf(r->dev, sizeof(r->dev), "#%u", r->ifindex);
	return MNL_CB_OK;
}

/* The dump itself, in whatever namespace we are in. */
static int routes_dump(struct routes_ctx *c, char *err, size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh;
	struct rtmsg *rm;
	unsigned seq = (unsigned)time(NULL), portid;
	int ret = -EIO;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		snprintf(err, errlen, "netlink: %s", strerror(errno));
		goto cleanup;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	rm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rm));
	rm->rtm_family = AF_INET;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		snprintf(err, errlen, "netlink: %s", strerror(errno));
		goto cleanup;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = -errno;
			snprintf(err, errlen, "netlink: %s", strerror(errno));
			goto cleanup;
		}
		ret = mnl_cb_run(buf, n, seq, portid, route_cb, c);
		if (ret <= MNL_CB_STOP)
			break;
	}
	if (ret < 0) {
		ret = -errno;
		snprintf(err, errlen, "netlink route dump: %s", strerror(errno));
		goto cleanup;
	}
	ret = c->n;
cleanup:
	if (nl)
		mnl_socket_close(nl);
	return ret;
}

int routes_defaults(uint32_t netns_inode, struct flow_route *out, int max, char *err, size_t errlen)
{
	struct routes_ctx c = {.out = out, .max = max, .netns = netns_inode};
	struct netns_ref ns = {.fd = -1};
	char spec[16];
	int saved = -1, rc;

	snprintf(spec, sizeof(spec), "%u", netns_inode);
	rc = netns_resolve(spec, &ns);
	if (rc) {
		snprintf(err, errlen, "network namespace %u is gone", netns_inode);
		return rc;
	}
	rc = netns_enter(ns.fd, &saved);
	if (rc) {
		snprintf(err, errlen, "entering network namespace %u: %s", netns_inode,
			 strerror(-rc));
		goto cleanup;
	}
	rc = routes_dump(&c, err, errlen);
cleanup:
	if (saved >= 0 && netns_leave(&saved) && rc >= 0) {
		snprintf(err, errlen, "cannot return to our network namespace");
		rc = -EIO;
	}
	netns_ref_close(&ns);
	return rc;
}

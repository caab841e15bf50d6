// SPDX-License-Identifier: GPL-2.0
/* brport: a bridge port's state over rtnetlink. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "host/brport.h"
#include "host/rtnl.h"

struct job {
	int ifindex;
	int state; /* -1 until found */
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct job *j = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *b;

	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    ifi->ifi_index != j->ifindex)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifi))
	{
		if (mnl_attr_get_type(a) != IFLA_PROTINFO)
			continue;
		if (!(a->nla_type & NLA_F_NESTED)) {
			/* an old layout: the state as one byte */
			if (mnl_attr_get_payload_len(a) >= 1)
				j->state = *(const uint8_t *)mnl_attr_get_payload(a);
			continue;
		}
		mnl_attr_for_each_nested(b, a) if (mnl_attr_get_type(b) == IFLA_BRPORT_STATE &&
						   mnl_attr_get_payload_len(b) >= 1) j->state =
		    mnl_attr_get_u8(b);
	}
	return MNL_CB_OK;
}

int brport_state(int nsfd, int ifindex, int *state)
{
	struct job j = {.ifindex = ifindex, .state = -1};
	int err = rtnl_dump_in(nsfd, RTM_GETLINK, AF_BRIDGE, sizeof(struct ifinfomsg), link_cb, &j);

	if (err)
		return err;
	if (j.state < 0)
		return -ENOENT;
	*state = j.state;
	return 0;
}

const char *brport_state_name(int state)
{
	static const char *const names[] = {"disabled", "listening", "learning", "forwarding",
					    "blocking"};

	return state >= 0 && state < 5 ? names[state] : "?";
}

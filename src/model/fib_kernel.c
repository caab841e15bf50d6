// SPDX-License-Identifier: GPL-2.0
/* fib: asking the live kernel (RTM_GETROUTE, as `ip route get DST from SRC
 * iif DEV` does) and comparing its answer with the model's. */
#include <errno.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "model/fib.h"

static int answer_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fib_kernel_answer *a = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	a->type = rtm->rtm_type;
	a->table = rtm->rtm_table;
	mnl_attr_for_each(attr, nlh, sizeof(*rtm))
	{
		uint16_t t = mnl_attr_get_type(attr);

		if (mnl_attr_get_payload_len(attr) < 4)
			continue;
		if (t == RTA_OIF)
			a->oif = (int)mnl_attr_get_u32(attr);
		else if (t == RTA_GATEWAY)
			memcpy(&a->gw, mnl_attr_get_payload(attr), 4);
		else if (t == RTA_TABLE)
			a->table = mnl_attr_get_u32(attr);
		else if (t == RTA_PREFSRC)
			memcpy(&a->prefsrc, mnl_attr_get_payload(attr), 4);
	}
	return MNL_CB_OK;
}

int fib_kernel_get(struct rtnl *nl, uint32_t src, uint32_t dst, int iif, uint32_t mark,
		   struct fib_kernel_answer *a)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	int err;

	memset(a, 0, sizeof(*a));
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put(nlh, RTA_DST, 4, &dst);
	if (src) {
		rtm->rtm_src_len = 32;
		mnl_attr_put(nlh, RTA_SRC, 4, &src);
	}
	if (iif)
		mnl_attr_put_u32(nlh, RTA_IIF, (uint32_t)iif);
	if (mark)
		mnl_attr_put_u32(nlh, RTA_MARK, mark);
	err = rtnl_talk(nl, nlh, answer_cb, a);
	if (err == -EBADF || err == -ENOTSOCK || err == -ECONNREFUSED)
		return err; /* could not ask */
	a->err = err;
	return 0;
}

bool fib_agrees(const struct fib_result *m, const struct fib_kernel_answer *k)
{
	if (m->err != k->err)
		return false;
	if (k->err)
		return true; /* same errno class: the kernel says no more */
	if (m->type != k->type)
		return false;
	for (int i = 0; i < m->n_paths; i++)
		if (m->oif[i] == k->oif && m->gw[i] == k->gw)
			return true;
	return false;
}

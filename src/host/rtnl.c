// SPDX-License-Identifier: GPL-2.0
/* rtnl: the libmnl request/answer loop. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "host/nsexec.h"
#include "host/rtnl.h"

int rtnl_open(struct rtnl *r, unsigned groups)
{
	return rtnl_open_bus(r, NETLINK_ROUTE, groups);
}

int rtnl_open_bus(struct rtnl *r, int bus, unsigned groups)
{
	return rtnl_open_in(r, bus, groups, -1);
}

int rtnl_open_in(struct rtnl *r, int bus, unsigned groups, int nsfd)
{
	int one = 1, err, fd;

	memset(r, 0, sizeof(*r));
	r->buf = malloc(RTNL_BUFSIZE);
	if (!r->buf)
		return -ENOMEM;
	fd = netns_socket(nsfd, AF_NETLINK, SOCK_RAW, bus);
	if (fd < 0) {
		err = fd;
		goto fail;
	}
	r->nl = mnl_socket_fdopen(fd);
	if (!r->nl) {
		err = -errno;
		close(fd);
		goto fail;
	}
	/* Extended acks, and strict checking so dumps honour filters. */
	mnl_socket_setsockopt(r->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(r->nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	r->portid = mnl_socket_get_portid(r->nl);
	r->seq = (uint32_t)time(NULL);
	return 0;
fail:
	rtnl_close(r);
	return err;
}

void rtnl_close(struct rtnl *r)
{
	if (r->nl)
		mnl_socket_close(r->nl);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

int rtnl_fd(const struct rtnl *r)
{
	return mnl_socket_get_fd(r->nl);
}

int rtnl_talk(struct rtnl *r, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = ++r->seq;
	nlh->nlmsg_pid = 0;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(r->nl, r->buf, RTNL_BUFSIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		ret = mnl_cb_run(r->buf, (size_t)n, r->seq, r->portid, cb, data);
		if (ret < 0)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

int rtnl_dump(struct rtnl *r, uint16_t type, uint8_t family, size_t hdrlen, mnl_cb_t cb, void *data)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	uint8_t *fam;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	fam = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	fam[0] = family; /* every rtnetlink family header starts with it */
	return rtnl_talk(r, nlh, cb, data);
}

int rtnl_drain(struct rtnl *r, mnl_cb_t cb, void *data)
{
	int seen = 0;

	for (;;) {
		ssize_t n = recv(rtnl_fd(r), r->buf, RTNL_BUFSIZE, MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return seen;
			return -errno;
		}
		if (n == 0)
			return seen;
		/* Notifications carry seq 0 and portid 0: no checks. */
		if (mnl_cb_run(r->buf, (size_t)n, 0, 0, cb, data) < 0 && errno)
			return -errno;
		seen++;
	}
}

int rtnl_dump_in(int nsfd, uint16_t type, uint8_t family, size_t hdrlen, mnl_cb_t cb, void *data)
{
	struct rtnl nl = {0};
	int err = rtnl_open_in(&nl, NETLINK_ROUTE, 0, nsfd);

	if (err)
		return err;
	err = rtnl_dump(&nl, type, family, hdrlen, cb, data);
	rtnl_close(&nl);
	return err;
}

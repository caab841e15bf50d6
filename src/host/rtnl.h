/* SPDX-License-Identifier: GPL-2.0 */
/* rtnl: one rtnetlink socket (libmnl) and the request/answer loop every
 * reader of kernel network state shares (netcfg dumps, fib's RTM_GETROUTE,
 * the cache's change notifications). The socket belongs to the namespace
 * it was opened in: the calling thread's, or nsfd's (rtnl_open_in). */
#ifndef DROPDOC_RTNL_H
#define DROPDOC_RTNL_H

#include <libmnl/libmnl.h>
#include <stdint.h>

struct rtnl {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	char *buf; /* receive buffer, RTNL_BUFSIZE */
};

#define RTNL_BUFSIZE (64 * 1024)

/* groups: RTMGRP_* bits to listen to (0 for a request socket). */
int rtnl_open(struct rtnl *r, unsigned groups);
/* The same loop on another netlink bus (NETLINK_SOCK_DIAG for sockdiag). */
int rtnl_open_bus(struct rtnl *r, int bus, unsigned groups);
/* Either, opened in the namespace nsfd (an open namespace file; -1: the
 * calling thread's) without this process entering it (nsexec.h). */
int rtnl_open_in(struct rtnl *r, int bus, unsigned groups, int nsfd);
void rtnl_close(struct rtnl *r);
/* Sends nlh (seq and portid filled here) and runs cb on every answer until
 * DONE or ACK. Returns 0 or -errno (the kernel's errno for NLMSG_ERROR). */
int rtnl_talk(struct rtnl *r, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* A dump request of this type and family with an empty family header of
 * hdrlen bytes. */
int rtnl_dump(struct rtnl *r, uint16_t type, uint8_t family, size_t hdrlen, mnl_cb_t cb,
	      void *data);
/* One dump on a socket of its own opened in the namespace nsfd (-1: ours),
 * closed after: 0 or -errno. */
int rtnl_dump_in(int nsfd, uint16_t type, uint8_t family, size_t hdrlen, mnl_cb_t cb, void *data);
/* Non-blocking: reads pending notifications, calling cb for each. Returns
 * the number of messages seen, or -errno (-ENOBUFS when some were lost). */
int rtnl_drain(struct rtnl *r, mnl_cb_t cb, void *data);
int rtnl_fd(const struct rtnl *r);

#endif

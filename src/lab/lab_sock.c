// SPDX-License-Identifier: GPL-2.0
/* lab_sock: sockets a scenario holds open while it runs — a UDP receiver
 * that never reads, its buffer as small as the scenario says — opened in
 * the scenario's namespace (netns_socket) and closed at teardown, before
 * the namespace goes (a socket keeps its namespace alive). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>

#include "host/netns.h"
#include "host/nsexec.h"
#include "lab/lab.h"

#define LAB_SINKS 8

static int sinks[LAB_SINKS];
static int nsinks;

int lab_sink_open(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		  size_t errlen)
{
	struct netns_ref ref = {.fd = -1};
	struct sockaddr_in6 a = {.sin6_family = AF_INET6};
	int port = atoi(st->arg), rcvbuf = atoi(st->value), off = 0, fd, rc = 0;

	if (ctx->trace) {
		fprintf(ctx->trace, "+ [%s] udp socket on port %d, SO_RCVBUF %d, never read\n", ns,
			port, rcvbuf);
		fflush(ctx->trace);
	}
	if (nsinks == LAB_SINKS || port <= 0 || port > 65535) {
		snprintf(err, errlen, "udp sink in %s: bad port %s or too many", ns, st->arg);
		return -EINVAL;
	}
	rc = netns_resolve(ns, &ref);
	if (rc) {
		snprintf(err, errlen, "namespace %s: %s", ns, strerror(-rc));
		return rc;
	}
	fd = netns_socket(ref.fd, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	netns_ref_close(&ref);
	if (fd < 0) {
		snprintf(err, errlen, "udp socket in %s: %s", ns, strerror(-fd));
		return fd;
	}
	a.sin6_port = htons((uint16_t)port);
	/* [::]:port takes IPv4 too */
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		rc = -errno;
		snprintf(err, errlen, "udp socket on port %d in %s: %s", port, ns, strerror(-rc));
		close(fd);
		return rc;
	}
	/* TARGET "filter": a socket filter that takes nothing (ret #0) */
	if (st->target && !strcmp(st->target, "filter")) {
		struct sock_filter nothing[] = {{BPF_RET | BPF_K, 0, 0, 0}};
		struct sock_fprog prog = {.len = 1, .filter = nothing};

		if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0) {
			rc = -errno;
			snprintf(err, errlen, "socket filter on port %d in %s: %s", port, ns,
				 strerror(-rc));
			close(fd);
			return rc;
		}
	}
	sinks[nsinks++] = fd;
	return 0;
}

void lab_sinks_close(void)
{
	for (int i = 0; i < nsinks; i++)
		close(sinks[i]);
	nsinks = 0;
}

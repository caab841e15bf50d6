// SPDX-License-Identifier: GPL-2.0
/* lab traffic: sending a scenario's packets from inside its namespaces —
 * ordinary sockets for normal traffic (created in the namespace, used after
 * leaving it), the injector for crafted frames. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lab/inject.h"
#include "lab/lab.h"
#include "host/netns.h"
#include "host/nsexec.h"

#define LAB_PAYLOAD	"dropdoc lab\n"
#define LAB_MAX_PAYLOAD 9000 /* UDP .size: the most */

union lab_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* dst text -> socket address with port; returns its length or -EINVAL. */
static int lab_sockaddr(const char *addr, int port, union lab_sockaddr *sa)
{
	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, addr, &sa->in.sin_addr) == 1) {
		sa->in.sin_family = AF_INET;
		sa->in.sin_port = htons((uint16_t)port);
		return sizeof(sa->in);
	}
	if (inet_pton(AF_INET6, addr, &sa->in6.sin6_addr) == 1) {
		sa->in6.sin6_family = AF_INET6;
		sa->in6.sin6_port = htons((uint16_t)port);
		return sizeof(sa->in6);
	}
	return -EINVAL;
}

/* A socket created inside namespace nsfd, bound to dev when given. */
static int lab_socket_in(int nsfd, int family, int type, int proto, const char *dev)
{
	int fd = netns_socket(nsfd, family, type, proto);

	if (fd < 0)
		return fd;
	/* the device is looked up in the socket's namespace */
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, strlen(dev)) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

/* An ICMP (v4) or ICMPv6 echo request from a raw socket, like `ping -I dev`. */
/* The traffic's TTL (hop limit) on fd, when it sets one. */
static int lab_set_ttl(int fd, int family, int ttl)
{
	if (!ttl)
		return 0;
	if (family == AF_INET ? setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))
			      : setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)))
		return -errno;
	return 0;
}

static int lab_send_ping(int nsfd, const struct lab_traffic *t, uint16_t seq)
{
	uint8_t msg[8 + sizeof(LAB_PAYLOAD) - 1];
	union lab_sockaddr sa;
	int fd, len, rc = 0;
	uint16_t csum;

	len = lab_sockaddr(t->dst, 0, &sa);
	if (len < 0)
		return len;
	fd = lab_socket_in(nsfd, sa.sa.sa_family, SOCK_RAW,
			   sa.sa.sa_family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6, t->dev);
	if (fd < 0)
		return fd;
	memset(msg, 0, sizeof(msg));
	msg[0] = sa.sa.sa_family == AF_INET ? 8 : 128; /* echo request */
	msg[4] = 0xdd;				       /* id */
	msg[6] = seq >> 8;
	msg[7] = seq & 0xff;
	memcpy(msg + 8, LAB_PAYLOAD, sizeof(LAB_PAYLOAD) - 1);
	if (sa.sa.sa_family == AF_INET) { /* the kernel sums ICMPv6 itself */
		csum = inject_csum(msg, sizeof(msg), 0);
		msg[2] = csum >> 8;
		msg[3] = csum & 0xff;
	}
	rc = lab_set_ttl(fd, sa.sa.sa_family, t->ttl);
	if (!rc && sendto(fd, msg, sizeof(msg), 0, &sa.sa, (socklen_t)len) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Bind fd to the wildcard address and port (0: leave it to the kernel). */
static int lab_bind_port(int fd, int family, int port, int len)
{
	union lab_sockaddr local;
	int one = 1;

	if (!port)
		return 0;
	memset(&local, 0, sizeof(local));
	local.sa.sa_family = (sa_family_t)family;
	local.in.sin_port = htons((uint16_t)port); /* same offset in in6 */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, &local.sa, (socklen_t)len) < 0)
		return -errno;
	return 0;
}

/* A link-local or link-scope multicast IPv6 destination needs its link:
 * dev's index as the socket's namespace numbers it (SIOCGIFINDEX on fd). */
static int lab_scope(int fd, const char *dev, union lab_sockaddr *sa)
{
	struct ifreq ifr = {0};

	if (sa->sa.sa_family != AF_INET6 || !dev ||
	    !(IN6_IS_ADDR_LINKLOCAL(&sa->in6.sin6_addr) ||
	      IN6_IS_ADDR_MC_LINKLOCAL(&sa->in6.sin6_addr)))
		return 0;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return -errno;
	sa->in6.sin6_scope_id = (uint32_t)ifr.ifr_ifindex;
	return 0;
}

/* DF on (IPv4): the packet may not be fragmented on the way; PROBE so
 * that a path MTU learnt from an earlier round does not stop it here. */
static int lab_set_df(int fd, int family)
{
	int v = family == AF_INET ? IP_PMTUDISC_PROBE : IPV6_PMTUDISC_PROBE;

	if (family == AF_INET ? setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v))
			      : setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v, sizeof(v)))
		return -errno;
	return 0;
}

static int lab_send_udp(int nsfd, const struct lab_traffic *t)
{
	static uint8_t big[LAB_MAX_PAYLOAD];
	const void *payload = LAB_PAYLOAD;
	size_t plen = sizeof(LAB_PAYLOAD) - 1;
	union lab_sockaddr sa;
	int fd, len, rc;

	len = lab_sockaddr(t->dst, t->dport, &sa);
	if (len < 0)
		return len;
	fd = lab_socket_in(nsfd, sa.sa.sa_family, SOCK_DGRAM, 0, t->dev);
	if (fd < 0)
		return fd;
	rc = lab_scope(fd, t->dev, &sa);
	if (!rc)
		rc = lab_bind_port(fd, sa.sa.sa_family, t->sport, len);
	if (!rc)
		rc = lab_set_ttl(fd, sa.sa.sa_family, t->ttl);
	if (!rc && t->size) {
		plen = t->size < LAB_MAX_PAYLOAD ? (size_t)t->size : LAB_MAX_PAYLOAD;
		memset(big, 0xdd, plen);
		payload = big;
		rc = lab_set_df(fd, sa.sa.sa_family);
	}
	for (int i = 0, tries = 0; !rc && i < (t->count > 0 ? t->count : 1); i++) {
		if (sendto(fd, payload, plen, 0, &sa.sa, (socklen_t)len) >= 0 || errno == EMSGSIZE)
			continue;
		rc = -errno;
		/* a link just brought up: its routes (IPv6 multicast's too)
		 * come with carrier, a moment later; wait at most 2 s */
		if (rc == -ENETUNREACH && tries++ < 100) {
			const struct timespec ms20 = {.tv_nsec = 20 * 1000 * 1000};

			nanosleep(&ms20, NULL);
			rc = 0;
			i--;
		}
	}
	close(fd);
	return rc;
}

/* A TCP SYN to dst:dport: a non-blocking connect, not waited for. The
 * socket is closed at once, so the answer (an RST, an ICMP error, or
 * nothing) finds no one. */
static int lab_send_tcp(int nsfd, const struct lab_traffic *t)
{
	union lab_sockaddr sa;
	int fd, len, rc = 0;

	len = lab_sockaddr(t->dst, t->dport, &sa);
	if (len < 0)
		return len;
	fd = lab_socket_in(nsfd, sa.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK, 0, t->dev);
	if (fd < 0)
		return fd;
	rc = lab_bind_port(fd, sa.sa.sa_family, t->sport, len);
	if (!rc && connect(fd, &sa.sa, (socklen_t)len) < 0 && errno != EINPROGRESS)
		rc = -errno;
	close(fd);
	return rc;
}

static int lab_send_frame(int nsfd, const struct lab_traffic *t)
{
	struct inject_frame f = {
	    .proto = t->proto ? (uint8_t)t->proto : IPPROTO_UDP,
	    .sport = (uint16_t)t->sport,
	    .dport = (uint16_t)t->dport,
	    .payload_len = sizeof(LAB_PAYLOAD) - 1,
	    .csum_delta = t->csum_delta,
	    .totlen_delta = t->totlen_delta,
	    .l4_csum_delta = t->l4_csum_delta,
	    .first_fragment = t->first_fragment,
	    .icmp_type = (uint8_t)t->icmp_type,
	    .ttl = (uint8_t)t->ttl_frame,
	};
	uint8_t buf[INJECT_MAX_FRAME];
	int len;

	if (inject_parse_mac(t->smac, f.smac) || inject_parse_mac(t->dmac, f.dmac))
		return -EINVAL;
	if (inet_pton(AF_INET, t->src, &f.src.v4) == 1 &&
	    inet_pton(AF_INET, t->dst, &f.dst.v4) == 1)
		f.family = AF_INET;
	else if (inet_pton(AF_INET6, t->src, &f.src.v6) == 1 &&
		 inet_pton(AF_INET6, t->dst, &f.dst.v6) == 1)
		f.family = AF_INET6;
	else
		return -EINVAL;
	len = inject_build(&f, buf, sizeof(buf));
	if (len < 0)
		return len;
	return inject_send(nsfd, t->dev, buf, (size_t)len);
}

static const char *const kind_names[] = {
    [LAB_TX_PING] = "ping",
    [LAB_TX_UDP] = "udp",
    [LAB_TX_FRAME] = "frame",
    [LAB_TX_TCP] = "tcp",
};

static void lab_trace_traffic(const struct lab_ctx *ctx, const char *ns,
			      const struct lab_traffic *t)
{
	if (!ctx->trace)
		return;
	fprintf(ctx->trace, "+ [%s] %s", ns, kind_names[t->kind]);
	if (t->dev)
		fprintf(ctx->trace, " dev %s", t->dev);
	if (t->smac)
		fprintf(ctx->trace, " %s > %s", t->smac, t->dmac);
	fprintf(ctx->trace, " %s > %s", t->src ? t->src : "*", t->dst);
	if (t->kind != LAB_TX_PING)
		fprintf(ctx->trace, " port %d > %d", t->sport, t->dport);
	if (t->csum_delta)
		fprintf(ctx->trace, " ip-checksum%+d", t->csum_delta);
	if (t->totlen_delta)
		fprintf(ctx->trace, " tot_len%+d", t->totlen_delta);
	if (t->ttl)
		fprintf(ctx->trace, " ttl %d", t->ttl);
	if (t->size)
		fprintf(ctx->trace, " %d bytes, DF", t->size);
	if (t->count > 1)
		fprintf(ctx->trace, " x%d", t->count);
	fputs("\n", ctx->trace);
	fflush(ctx->trace);
}

static int lab_fire_one(const struct lab_ctx *ctx, const struct lab_scenario *sc,
			const struct lab_traffic *t, int round, char *err, size_t errlen)
{
	struct netns_ref ref = {.fd = -1};
	char ns[LAB_NAME_MAX];
	int rc;

	rc = lab_ns_name(ctx, sc, t->role, ns, sizeof(ns));
	if (rc) {
		snprintf(err, errlen, "scenario %s: bad traffic role %s", sc->name, t->role);
		return rc;
	}
	rc = netns_resolve(ns, &ref);
	if (rc) {
		snprintf(err, errlen, "namespace %s does not exist (is %s up?)", ns, sc->name);
		return rc;
	}
	if (round == 0)
		lab_trace_traffic(ctx, ns, t);
	if (t->kind == LAB_TX_PING)
		rc = lab_send_ping(ref.fd, t, (uint16_t)(round + 1));
	else if (t->kind == LAB_TX_UDP)
		rc = lab_send_udp(ref.fd, t);
	else if (t->kind == LAB_TX_TCP)
		rc = lab_send_tcp(ref.fd, t);
	else
		rc = lab_send_frame(ref.fd, t);
	if (rc)
		snprintf(err, errlen, "sending %s from %s to %s: %s", kind_names[t->kind], ns,
			 t->dst, strerror(-rc));
	netns_ref_close(&ref);
	return rc;
}

int lab_fire(const struct lab_ctx *ctx, const struct lab_scenario *sc, int times, char *err,
	     size_t errlen)
{
	const struct timespec gap = {.tv_nsec = 20 * 1000 * 1000};
	int rc;

	for (int round = 0; round < times; round++) {
		for (const struct lab_traffic *t = sc->traffic; t->kind != LAB_TX_END; t++) {
			if (ctx->stop && *ctx->stop) {
				snprintf(err, errlen, "interrupted while sending");
				return -EINTR;
			}
			rc = lab_fire_one(ctx, sc, t, round, err, errlen);
			if (rc)
				return rc;
		}
		if (round + 1 < times)
			nanosleep(&gap, NULL);
	}
	return 0;
}

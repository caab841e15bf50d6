/* SPDX-License-Identifier: GPL-2.0 */
/* route6: a namespace's IPv6 routes of every table, dumped over rtnetlink
 * (RTM_GETROUTE, AF_INET6) — what `ip -6 route show table all` lists — for
 * the explanations that need the route an IPv6 packet met (a blackhole,
 * the device on). The IPv6 model proper (rules, lookup) is not built yet:
 * callers pick the longest covering prefix and say so. Nothing prints. */
#ifndef DROPDOC_ROUTE6_H
#define DROPDOC_ROUTE6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct route6 {
	uint8_t type;  /* RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT, ... */
	uint8_t proto; /* RTPROT_* */
	uint8_t dst_len;
	uint32_t table;
	uint32_t metric;
	struct in6_addr dst;
	struct in6_addr gw; /* :: when none */
	int oif;
};

struct route6_set {
	struct route6 *v;
	size_t n, cap;
};

/* The routes of the namespace open at nsfd (-1: ours) into s (emptied
 * first). 0 or -errno. */
int route6_dump(int nsfd, struct route6_set *s);
void route6_set_free(struct route6_set *s);
/* Does r's prefix cover a? */
bool route6_covers(const struct route6 *r, const struct in6_addr *a);
/* The covering route with the longest prefix (then the lowest metric) of
 * the given type (-1: any but local/broadcast/multicast), or NULL. */
const struct route6 *route6_best(const struct route6_set *s, const struct in6_addr *a, int type);
/* "blackhole 2001:db8:9::/48 table main metric 1024" */
void route6_format(const struct route6 *r, const char *dev, char *buf, size_t n);

#endif

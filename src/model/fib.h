/* SPDX-License-Identifier: GPL-2.0 */
/* fib: an offline IPv4 route lookup over a netcfg model that answers what
 * the kernel would: policy rules (priority, from/to/iif/oif/fwmark/tos,
 * goto, nop, suppress_prefixlength), longest prefix match per table, route
 * types and metrics, and the input path's checks (martians, local source,
 * rp_filter strict/loose as fib_validate_source does them, forwarding).
 * Also asks the live kernel the same question (RTM_GETROUTE) for cross-
 * checks. Nothing here prints. */
#ifndef DROPDOC_FIB_H
#define DROPDOC_FIB_H

#include <stdbool.h>
#include <stdint.h>

#include "model/netcfg.h"
#include "host/rtnl.h"

#define FIB_LOOPBACK_IFINDEX 1

/* Why a packet is not delivered or forwarded. Names: fib_cause_name(). */
enum fib_cause {
	FIB_OK = 0,
	FIB_MARTIAN_SRC,    /* source multicast/broadcast/0.0.0.0/8/127.0.0.0/8 */
	FIB_MARTIAN_DST,    /* destination 0.0.0.0/8, 127.0.0.0/8, or not routable */
	FIB_LOCAL_SRC,	    /* source is one of this host's addresses */
	FIB_RPF_STRICT,	    /* rp_filter=1: best route back leaves by another device */
	FIB_RPF_NO_ROUTE,   /* rp_filter: no route back to the source at all */
	FIB_INVALID_SRC,    /* route back to the source is not unicast */
	FIB_NO_ROUTE,	    /* no route to the destination */
	FIB_BLACKHOLE,	    /* blackhole route or rule */
	FIB_UNREACHABLE,    /* unreachable route or rule */
	FIB_PROHIBIT,	    /* prohibit route or rule */
	FIB_NOT_FORWARDING, /* not for this host and forwarding is off on the device */
	FIB_MULTICAST,	    /* multicast destination: not modelled */
	FIB_NO_DEVICE,	    /* the input device does not exist */
	FIB_CAUSE_MAX,
};

enum fib_verdict {
	FIB_V_LOCAL,	 /* delivered to this host */
	FIB_V_BROADCAST, /* delivered as broadcast */
	FIB_V_FORWARD,	 /* forwarded (or sent, for output lookups) */
	FIB_V_DROP,
};

/* One lookup through rules and tables. */
struct fib_flow {
	uint32_t src, dst;
	int iif, oif;
	uint8_t tos;
	uint32_t mark;
	uint8_t scope;
};

struct fib_match {
	const struct netcfg_route *route; /* NULL when no route */
	const struct netcfg_rule *rule;	  /* the rule that decided, NULL in the fast path */
	uint32_t table;			  /* as the kernel reports it */
};

struct fib_result {
	int err; /* the errno RTM_GETROUTE answers (0, -EINVAL, -ENETUNREACH...) */
	enum fib_verdict verdict;
	enum fib_cause cause;
	uint8_t type; /* RTN_* of the answer (local, unicast, broadcast) */
	uint32_t table;
	int n_paths; /* >1: multipath, the kernel picks one by hash */
	int oif[NETCFG_MAX_NH];
	uint32_t gw[NETCFG_MAX_NH];
	const struct netcfg_route *route; /* the route used (forward/local) */
	const struct netcfg_rule *rule;
	/* the lookup's own failure before forwarding-off overrode it */
	enum fib_cause lookup_cause;
	bool forwarding_off;
	/* source validation evidence */
	int rpf;			      /* effective rp_filter of iif */
	const struct netcfg_route *rev_route; /* best route back to the source */
	int rev_oif;			      /* its device */
	bool unmodeled_rules;		      /* a rule uses selectors not modelled */
};

/* The kernel's fib_lookup(): 0, or -errno (-ENETUNREACH no route, -EINVAL
 * blackhole, -EHOSTUNREACH unreachable, -EACCES prohibit). */
int fib_lookup(const struct netcfg *cfg, const struct fib_flow *fl, struct fib_match *m);

/* A packet src→dst arriving on iif (ip_route_input_slow). Always fills res;
 * returns res->err. */
int fib_input(const struct netcfg *cfg, uint32_t src, uint32_t dst, int iif, uint8_t tos,
	      uint32_t mark, struct fib_result *res);
/* A packet this host sends from src (a local address, or 0) to dst. */
int fib_output(const struct netcfg *cfg, uint32_t src, uint32_t dst, uint32_t mark,
	       struct fib_result *res);

const char *fib_cause_name(enum fib_cause c); /* "rp_filter_strict" ... */
const char *fib_verdict_name(enum fib_verdict v);

/* What the live kernel answers (RTM_GETROUTE) on a socket opened in the
 * namespace. iif 0: an output lookup. Returns 0 when the kernel answered
 * (a->err holds its errno), -errno when it could not be asked. */
struct fib_kernel_answer {
	int err;
	uint8_t type;
	int oif;
	uint32_t gw;
	uint32_t table;
	uint32_t prefsrc;
};
int fib_kernel_get(struct rtnl *nl, uint32_t src, uint32_t dst, int iif, uint32_t mark,
		   struct fib_kernel_answer *a);

/* Does the model agree with the kernel's answer? (errno, type, device,
 * gateway; for multipath any of the paths.) */
bool fib_agrees(const struct fib_result *m, const struct fib_kernel_answer *k);

#endif

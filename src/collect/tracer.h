/* SPDX-License-Identifier: GPL-2.0 */
/* tracer: the trace collector's lifecycle (open → set the filter → load →
 * attach to the hop tracepoints), ring-buffer polling and its counters. */
#ifndef DROPDOC_TRACER_H
#define DROPDOC_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf/cbpf.h"
#include "bpf/trace_events.h"
#include "collect/collect.h"

struct tracer_opts {
	/* where a packet's first hop may be, the filter that selects it, ring
	 * (4 MiB), bytes kept per hop (DD_HOP_CAP) */
	struct collect_opts c;
	uint64_t xdp_cow_start, xdp_cow_end; /* skb_pp_cow_data's text, 0 if unknown */
	bool keep_hooks;		     /* never detach the route hook (see below) */
};

struct tracer;
typedef int (*tracer_hop_fn)(const struct dd_hop *h, void *arg);

/* Returns 0 or -errno with a one-line reason in err (-EPERM privileges,
 * -EOPNOTSUPP/-ENOENT the kernel lacks BTF or a tracepoint). */
int tracer_open(const struct tracer_opts *o, tracer_hop_fn fn, void *arg, struct tracer **out,
		char *err, size_t errlen);
/* Handles the hops that arrived, waiting up to timeout_ms when there are
 * none. Returns the number handled or -errno (-EINTR on a signal). */
int tracer_poll(struct tracer *t, int timeout_ms);
/* The route hook (fib:fib_table_lookup) fires several times per packet
 * and costs even when its program returns at once. While the host is busy
 * and the filter selects nothing, it is detached; a selected packet, or a
 * quiet host, brings it back. The rule, apart from the collector so it can
 * be tested: fed the counters at least every TRACER_TICK_NS, it says
 * whether the hook should be attached. */
#define TRACER_TICK_NS 100000000ull  /* how often the counters are read */
#define TRACER_BUSY_HI 20000	     /* first hops/s above which the host is busy */
#define TRACER_BUSY_LO 5000	     /* ... and below which it is quiet again */
#define TRACER_IDLE_NS 1000000000ull /* busy and nothing selected this long: detach */

struct tracer_policy {
	bool attached;
	bool started;
	bool busy; /* busy, and nothing selected, since busy_since_ns */
	uint64_t busy_since_ns;
	uint64_t last_ns, last_candidates, last_selected;
};

/* One step: the counters now (DD_TSTAT_CANDIDATES, DD_TSTAT_SELECTED) at
 * now_ns. Returns p->attached, the state wanted from now on. */
bool tracer_policy_step(struct tracer_policy *p, uint64_t now_ns, uint64_t candidates,
			uint64_t selected);

/* Applies the rule (unless keep_hooks): reads the counters when a tick has
 * passed and attaches or detaches the route hook. Returns 0 or -errno with
 * a one-line reason in err (re-attaching failed). */
int tracer_tick(struct tracer *t, uint64_t now_ns, char *err, size_t errlen);
/* Is the route hook attached now? How many times was it detached? */
bool tracer_route_hook(const struct tracer *t, unsigned *detaches);

/* Sums of the per-CPU counters, indexed by enum dd_trace_stat. */
int tracer_stats(struct tracer *t, uint64_t st[DD_TSTAT_MAX]);
void tracer_close(struct tracer *t);

#endif

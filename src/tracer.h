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

struct tracer_opts {
	uint32_t netns;			/* 0 = all: where a packet's first hop may be */
	uint32_t ifindex;		/* 0 = all */
	const struct cbpf_prog *filter; /* NULL = every packet */
	uint32_t ring_bytes;		/* 0 = default */
	bool verbose;
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
/* Sums of the per-CPU counters, indexed by enum dd_trace_stat. */
int tracer_stats(struct tracer *t, uint64_t st[DD_TSTAT_MAX]);
void tracer_close(struct tracer *t);

#endif

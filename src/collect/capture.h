/* SPDX-License-Identifier: GPL-2.0 */
/* capture: the drops collector's lifecycle (open → set filters → load →
 * attach), ring-buffer polling, loss accounting and the in-kernel summary. */
#ifndef DROPDOC_CAPTURE_H
#define DROPDOC_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf/events.h"
#include "bpf/cbpf.h"
#include "collect/collect.h"

struct capture_opts {
	struct collect_opts c; /* target, filter, ring (8 MiB), snaplen (DD_CAP_MAX) */
	uint32_t excl[DD_MAX_EXCLUDE];
	int nexcl;
	bool summary;
};

struct capture;
typedef int (*capture_event_fn)(const struct dd_event *e, void *arg);

struct capture_row {
	struct dd_sum_key key;
	uint64_t count;
};

/* Returns 0 or -errno with a one-line reason in err: -EPERM missing
 * privileges, -EOPNOTSUPP/-ENOENT the kernel lacks BTF or the tracepoint. */
int capture_open(const struct capture_opts *o, capture_event_fn fn, void *arg, struct capture **out,
		 char *err, size_t errlen);
/* Handles the events that arrived; waits up to timeout_ms when there are
 * none. Returns the number handled, or -errno (-EINTR on a signal). */
int capture_poll(struct capture *c, int timeout_ms);
/* Sums of the per-CPU counters, indexed by enum dd_stat. */
int capture_stats(struct capture *c, uint64_t st[DD_STAT_MAX]);
/* --summary rows (unsorted) into a malloc'd array; returns their number or
 * -errno. */
int capture_summary(struct capture *c, struct capture_row **rows);
/* Removes one summary row (a long-running reader ageing out the rows of
 * namespaces and devices that are gone). Returns 0 or -errno. */
int capture_summary_delete(struct capture *c, const struct dd_sum_key *key);
void capture_close(struct capture *c);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* exporter: drop counters for Prometheus, read from the collector's
 * in-kernel summary at every scrape.
 *
 * Labels, and how many there can be:
 *   reason    the kernel's drop reason name (~130 on 6.x kernels)
 *   location  the kernel function, without the offset (a few dozen)
 *   device    the device name in its namespace ("" when the skb had none)
 *   netns     `ip netns` name, else "pid/comm" of a process in it, else
 *             the inode
 *   container short container id, when the cgroup of that process
 *             names one (label left out otherwise)
 * Rows of the kernel table whose labels come out equal (two offsets in
 * one function) are summed into one series. At most max_series label sets
 * are served: a set is admitted when first seen while there is room and
 * stays until it ages out; drops of sets beyond the cap are counted in one
 * series whose labels are all "other".
 *
 * Namespaces and devices come and go: when a row's namespace or device is
 * gone, it is served with its last labels for expire seconds (so every
 * scraper sees its final value), then deleted from the kernel table and
 * no longer served — Prometheus marks the series stale. A namespace that
 * is neither in /run/netns nor home to any process counts as gone. */
#ifndef DROPDOC_EXPORTER_H
#define DROPDOC_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "out/prom.h"

#define EXPORTER_MAX_SERIES 2000
#define EXPORTER_EXPIRE	    300

struct exporter_opts {
	unsigned max_series; /* 0 = EXPORTER_MAX_SERIES */
	long expire;	     /* seconds; < 0 = EXPORTER_EXPIRE */
	bool verbose;
};

struct exporter;

/* Loads the collector in summary mode. Returns 0 or -errno (capture_open's)
 * with a one-line reason in err. */
int exporter_open(const struct exporter_opts *o, struct exporter **out, char *err, size_t n);
/* Appends the metrics page to b. Returns 0, or -errno when the kernel
 * table could not be read (the page then says dropdoc_up 0). */
int exporter_scrape(struct exporter *ex, struct prom_buf *b);
void exporter_close(struct exporter *ex);

#endif

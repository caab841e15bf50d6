/* SPDX-License-Identifier: GPL-2.0 */
/* softnet: the per-CPU packet backlog's counters (/proc/net/softnet_stat,
 * hex columns): packets processed, dropped because the backlog was full
 * (net.core.netdev_max_backlog), and times the budget ran out with work
 * left (time_squeeze). The file is the same in every namespace. Nothing
 * here prints. */
#ifndef DROPDOC_SOFTNET_H
#define DROPDOC_SOFTNET_H

#include <stdint.h>

#define SOFTNET_MAX_CPUS 1024

struct softnet_cpu {
	int cpu; /* the 13th column when the kernel gives it, else the row */
	uint32_t processed, dropped, time_squeeze;
};

/* Parses the file's text into up to n rows; returns how many, or -EINVAL
 * when a line is not the format. */
int softnet_parse(const char *text, struct softnet_cpu *out, int n);
/* Reads /proc/net/softnet_stat. */
int softnet_read(struct softnet_cpu *out, int n);

#endif

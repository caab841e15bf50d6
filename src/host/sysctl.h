/* SPDX-License-Identifier: GPL-2.0 */
/* sysctl: one value of /proc/sys as a namespace sees it ("net.core.rmem_max",
 * "net.netfilter.nf_conntrack_max"), read from a side thread in the
 * namespace (nsexec) — net.* values are per namespace. */
#ifndef DROPDOC_SYSCTL_H
#define DROPDOC_SYSCTL_H

#include <stddef.h>

/* nsfd -1: ours. The value without its newline (tabs kept) into buf.
 * Returns 0, -ENOENT (no such key here), or -errno. */
int sysctl_read(int nsfd, const char *name, char *buf, size_t n);

#endif

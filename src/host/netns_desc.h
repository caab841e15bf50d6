/* SPDX-License-Identifier: GPL-2.0 */
/* netns_desc: what a reader says about a namespace, resolved once — its
 * name, the container behind it, the two command-line prefixes that run
 * something in it, and the names of its devices — in a table the reader
 * owns (a live run holds one).
 *
 * Lifetime: a descriptor returned by netns_descs_get() stays valid and
 * unchanged until the reader's next netns_descs_tick(), however many other
 * namespaces it looks up meanwhile, so a record can point into it while it
 * is printed. A descriptor older than NETNS_DESC_TTL_NS is resolved again
 * into a new one (a namespace named since, an inode reused after a delete);
 * one not asked for in NETNS_DESC_IDLE_NS is dropped at a tick: memory
 * follows the namespaces in use, however many come and go. */
#ifndef DROPDOC_NETNS_DESC_H
#define DROPDOC_NETNS_DESC_H

#include <stddef.h>
#include <stdint.h>

#define NETNS_DESC_TTL_NS  2000000000ull  /* re-resolved after */
#define NETNS_DESC_IDLE_NS 60000000000ull /* dropped when unused for */
#define NETNS_DESC_IFS	   32		  /* device names kept per namespace */
#define NETNS_DESC_MAX	   4096 /* past this, a tick keeps only those used since the last */

struct netns_desc {
	uint32_t inode;
	char name[64];	    /* ip netns name, "pid/comm", or "" */
	char container[16]; /* short container id, or "" */
	char exec[96];	    /* "ip netns exec NAME ", "nsenter -t PID -n ", "" (ours) */
	char ip[96];	    /* "ip -n NAME", "nsenter -t PID -n ip", "ip" (ours) */
};

struct netns_descs;
/* Returns 0 or -ENOMEM. */
int netns_descs_new(struct netns_descs **out);
void netns_descs_free(struct netns_descs *t); /* NULL is fine */
/* The descriptor of the namespace with this inode (0: ours); never NULL
 * but when out of memory. now_ns: CLOCK_MONOTONIC. */
const struct netns_desc *netns_descs_get(struct netns_descs *t, uint32_t inode, uint64_t now_ns);
/* The name of device ifindex in that namespace, cached with its
 * descriptor. Returns 0, -ENOENT (no such namespace) or -ENODEV. */
int netns_descs_ifname(struct netns_descs *t, uint32_t inode, uint32_t ifindex, uint64_t now_ns,
		       char *buf, size_t n);
/* Between records: frees replaced descriptors and idle ones. */
void netns_descs_tick(struct netns_descs *t, uint64_t now_ns);
/* How many descriptors are held (tests, memory checks). */
size_t netns_descs_count(const struct netns_descs *t);

#endif

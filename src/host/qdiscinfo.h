/* SPDX-License-Identifier: GPL-2.0 */
/* qdiscinfo: the queueing disciplines of one device in a namespace, as
 * `tc -s qdisc show dev DEV` lists them — kind, handle, parent, the limit
 * where the kind has one (pfifo/bfifo/pfifo_head_drop: packets or bytes;
 * tbf: bytes; htb: none), and the statistics (queue length, backlog in
 * bytes, drops, overlimits, requeues) — over rtnetlink (RTM_GETQDISC).
 * Nothing here prints. */
#ifndef DROPDOC_QDISCINFO_H
#define DROPDOC_QDISCINFO_H

#include <stdbool.h>
#include <stdint.h>

#define QDISCINFO_MAX 8

struct qdiscinfo {
	char kind[16];
	uint32_t handle, parent; /* TC_H_ROOT for the root */
	bool root;
	uint32_t limit;		/* 0 when the kind has none we read */
	bool limit_bytes;	/* bfifo, tbf: limit in bytes */
	uint64_t rate_bps;	/* tbf: its rate, bits/s, 0 */
	uint32_t qlen, backlog; /* packets, bytes queued now */
	uint32_t drops, overlimits, requeues;
};

/* The qdiscs of ifindex in the namespace open at nsfd (-1: ours), the
 * root first. Fills up to n, returns how many, or -errno. */
int qdiscinfo_list(int nsfd, int ifindex, struct qdiscinfo *out, int n);

#endif

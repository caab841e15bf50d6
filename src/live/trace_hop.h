/* SPDX-License-Identifier: GPL-2.0 */
/* trace_hop: one hop from the trace collector (struct dd_hop) as the
 * printers see it (struct trace_hop_rec): kinds, tables, route types,
 * reasons, symbols, NUD states and XDP actions named, addresses and the
 * packet decoded; and how a journey ended, from its last hops. */
#ifndef DROPDOC_TRACE_HOP_H
#define DROPDOC_TRACE_HOP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "bpf/trace_events.h"
#include "decode/decode.h"
#include "decode/record.h"

struct reasons;
struct ksyms;
struct netns_descs;

/* What naming a hop needs. */
struct trace_hop_names {
	struct reasons *reasons;
	struct ksyms *ksyms;
	int64_t boot_to_real;	/* CLOCK_REALTIME - CLOCK_BOOTTIME, ns */
	struct netns_descs *ns; /* the run's namespace descriptors, or NULL */
	const uint64_t *now;	/* their clock (CLOCK_MONOTONIC), with ns */
};

/* Per-hop storage for the strings a record points to. */
struct trace_hop_bufs {
	struct pkt pkt;
	char table[16], gw[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	char prefsrc[INET_ADDRSTRLEN], reason[32], in_dev[16], dev[16], nud[16], target[16];
};

/* Fills r from h (prev: the hop before, NULL for the first); the strings
 * r points to live in b. */
void trace_hop_record(const struct trace_hop_names *s, const struct dd_hop *h,
		      const struct dd_hop *prev, struct trace_hop_bufs *b, struct trace_hop_rec *r);
/* Does the journey end with h: freed, or an XDP verdict other than
 * XDP_PASS? Is h a loss (a drop, or an XDP verdict that lost the packet),
 * one to explain? */
bool trace_hop_is_end(const struct dd_hop *h);
bool trace_hop_is_loss(const struct dd_hop *h);
/* How the journey of hops[0..n) ended (n > 0): delivered, dropped,
 * forwarded, sent, redirected, xdp_unseen or unfinished. */
const char *trace_hop_end(const struct dd_hop *hops, int n);

#endif

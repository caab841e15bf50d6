/* SPDX-License-Identifier: GPL-2.0 */
/* trace: the journey pipeline behind `dropdoc trace` — validate the
 * options, attach the trace collector, group hops into packets, name
 * devices/namespaces/reasons, pair requests with replies and flag
 * asymmetric routing, hand complete packets and findings to the printers. */
#ifndef DROPDOC_TRACE_H
#define DROPDOC_TRACE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/record.h"
#include "live/drops.h"
#include "explain/flows.h"




struct pcapng;

struct trace_opts {
	const char *filter; /* pcap-filter, or NULL: every packet */
	const char *iface;  /* -i: where the first hop may be */
	const char *netns;  /* -n */
	long count;	    /* stop after COUNT packets */
	double seconds;
	bool json;
	bool no_explain;       /* drop hops without the explain work's finding */
	bool quiet;	       /* -w without --print: no journey lines */
	struct pcapng *pcapng; /* -w: hops with bytes written here too */
	unsigned buffer_kb;
	unsigned snaplen; /* bytes kept per hop, 0 = DD_HOP_CAP */
	bool keep_hooks;  /* never detach the route hook (tracer.h) */
	bool verbose;
	FILE *out;
	/* hooks for the lab: on_ready once attached; on_drop for each drop
	 * hop; on_finding for each finding. Any may be NULL. */
	void (*on_ready)(void *arg);
	void (*on_drop)(const struct drop_record *d, void *arg);
	void (*on_finding)(const struct finding *f, void *arg);
	void *arg;
	volatile sig_atomic_t *stop;
};

/* Runs until COUNT, SECONDS or *stop; returns 0 or -errno (live.h) and, on
 * failure, a one-line reason in err. */
int trace_run(const struct trace_opts *o, char *err, size_t errlen);

#endif

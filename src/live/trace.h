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

#include "live/drops.h"
#include "explain/flows.h"

/* One hop as the printers see it. Fields that do not apply are NULL / -1. */
struct trace_hop_rec {
	uint64_t packet;
	unsigned hop;
	const char *kind; /* rx route rpf tx tx_error icmp neigh to_xdp xdp drop deliver sent */
	uint64_t time_ns; /* wall clock */
	const char *dev;  /* RX/TX/...: the device; ROUTE/RPF: the chosen one */
	uint32_t ifindex;
	uint32_t netns;
	const char *netns_name;
	const struct pkt *pkt; /* decoded headers; NULL for ROUTE/RPF */
	uint32_t len;
	/* route, rpf */
	const char *table; /* "main", "local", or the number */
	const char *route_type;
	const char *gateway;
	const char *lookup_src, *lookup_dst;
	const char *prefsrc;
	long metric;	    /* -1 when no route */
	int err;	    /* 0 or -errno */
	const char *in_dev; /* the lookup's input device; NULL for output lookups */
	bool output;
	bool ipv6; /* an IPv6 lookup */
	/* drop, deliver, sent */
	const char *reason;
	const char *location;
	uint64_t location_off;
	/* neigh: the next hop (gateway) and its state */
	const char *neigh_state;
	/* xdp: the action, the program, the redirect's target (err above) */
	const char *xdp_action;
	uint32_t xdp_prog_id;
	const char *target_dev;
	/* icmp */
	int icmp_type, icmp_code;
	int tx_rc;
};

struct trace_packet {
	uint64_t id;
	int nhops;
	const struct trace_hop_rec *hops;
	const char
	    *end; /* delivered, dropped, forwarded, sent, redirected, xdp_unseen, unfinished */
	const char *summary; /* tcpdump-like line of its first hop */
	bool partial;	     /* selected while the route hook was detached */
};

struct trace_stats {
	uint64_t candidates; /* first hops the filter looked at */
	uint64_t selected;   /* packets it selected */
	uint64_t hops;	     /* hops delivered */
	uint64_t lost;	     /* hops lost (ring buffer full) */
	uint64_t track_full; /* selected but not followed (table full) */
	uint64_t partial;    /* selected while the route hook was detached */
	unsigned route_hook_detaches;
	uint64_t printed; /* packets printed */
	uint64_t findings;
	double seconds;
};

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

/* Runs until COUNT, SECONDS or *stop; returns an exit code (cmd.h) and, on
 * failure, a one-line reason in err. */
int trace_run(const struct trace_opts *o, char *err, size_t errlen);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* drops: the live drop pipeline (attach, filter, poll, decode, print),
 * shared by `dropdoc drops` and `dropdoc lab`. */
#ifndef DROPDOC_DROPS_H
#define DROPDOC_DROPS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/record.h"

#define DROPS_MAX_EXCLUDE 16



struct pcapng;

struct drops_opts {
	const char *filter;			/* pcap-filter expression, or NULL */
	const char *iface;			/* -i: interface in the -n namespace (or ours) */
	const char *netns;			/* -n: name, path, pid or inode; NULL = all */
	const char *exclude[DROPS_MAX_EXCLUDE]; /* -x reason names */
	int nexclude;
	long count;	/* stop after COUNT printed drops; 0 = no limit */
	double seconds; /* stop after SECONDS; 0 = no limit */
	bool json;
	bool summary;
	struct pcapng *pcapng; /* -w: write every drop here too (pcapng.h) */
	bool quiet;	       /* no per-drop lines (-w without --print) */
	uint32_t snaplen;      /* -s: bytes kept per packet; 0 = DD_CAP_MAX */
	double interval;       /* --summary refresh period; 0 = only at exit */
	unsigned buffer_kb;    /* ring buffer size; 0 = default */
	bool verbose;
	bool no_explain; /* skip explanations (for raw speed) */
	FILE *out;
	/* Hooks for callers that drive traffic themselves (lab): on_ready runs
	 * once everything is attached; on_drop sees every matching drop before
	 * it is printed. Either may be NULL. */
	void (*on_ready)(void *arg);
	void (*on_drop)(const struct drop_record *d, void *arg);
	void *arg;
	volatile sig_atomic_t *stop; /* set to non-zero to end the run */
};

/* Runs until COUNT, SECONDS or *stop; returns 0 or -errno (live.h) and, on
 * failure, a one-line reason in err. */
int drops_run(const struct drops_opts *o, char *err, size_t errlen);

#endif

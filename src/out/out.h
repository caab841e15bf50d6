/* SPDX-License-Identifier: GPL-2.0 */
/* out: printers. Commands fill result structs; text (out_text.c) and JSON
 * lines (out_json.c) print them and never decide anything. */
#ifndef DROPDOC_OUT_H
#define DROPDOC_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/record.h"

struct out_stats {
	uint64_t seen;	   /* drops the kernel reported, any namespace */
	uint64_t matched;  /* passed every filter */
	uint64_t printed;  /* delivered and printed */
	uint64_t lost;	   /* matched, but the ring buffer was full */
	uint64_t sum_full; /* matched, but the summary table was full */
	double seconds;
};

struct out_sum_row {
	const char *reason;
	const char *location; /* NULL when unknown */
	uint64_t location_off;
	uint64_t location_addr;
	const char *dev;
	uint32_t ifindex;
	uint32_t netns;
	const char *netns_name;
	const char *container;
	uint64_t count;
};

void out_text_drop(FILE *f, const struct drop_record *d);
void out_text_stats(FILE *f, const struct out_stats *s);
/* Drops of normal operation folded: "normal  ×12  mcast-not-joined in ns1:
 * SUMMARY (REASON at LOCATION) in the last 1.0 s", one line a class. */
struct out_fold {
	uint64_t count;
	const char *id, *netns, *reason, *location, *summary;
	double seconds;
};
void out_text_fold(FILE *f, const struct out_fold *o);
void out_text_summary(FILE *f, const struct out_sum_row *rows, int n, uint64_t time_ns);

void out_json_drop(FILE *f, const struct drop_record *d);
void out_json_stats(FILE *f, const struct out_stats *s);
void out_json_summary(FILE *f, const struct out_sum_row *rows, int n, uint64_t time_ns);
void out_json_error(FILE *f, int code, const char *msg);

/* -w: the drop as a packet of a pcapng file, on an interface per device
 * and namespace ("dev@netns"), with reason, location, netns, container and
 * finding in its comment. filter (or NULL) goes into each interface's
 * description block. Returns 0 or -errno (a write error). */
struct pcapng;
struct trace_hop_rec;
/* trace -w: a hop that carried the packet's bytes (end: how the journey
 * ended, on its last hop; else NULL). */
int out_pcapng_hop(struct pcapng *w, const struct trace_hop_rec *r, const uint8_t *data,
		   uint32_t caplen, uint32_t snaplen, const char *end);
int out_pcapng_drop(struct pcapng *w, const struct drop_record *d, uint32_t snaplen,
		    const char *filter);

/* A one-line error: "dropdoc: MSG" on stderr; with json also
 * {"type":"error","message":MSG,"exit_code":CODE} on stdout. */
void out_error(bool json, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Time as ISO 8601 UTC with microseconds, and as tcpdump's local HH:MM:SS.us */
void out_time_iso(uint64_t ns, char *buf, size_t n);
void out_time_short(uint64_t ns, char *buf, size_t n);

#endif

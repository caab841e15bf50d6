/* SPDX-License-Identifier: GPL-2.0 */
/* prom: the Prometheus text exposition format (version 0.0.4) written into
 * a growing buffer — HELP and TYPE lines, samples, label escaping. A
 * printer: it writes what it is given and decides nothing. */
#ifndef DROPDOC_PROM_H
#define DROPDOC_PROM_H

#include <stddef.h>
#include <stdint.h>

#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct prom_buf {
	char *data; /* NUL-terminated; malloc'd */
	size_t len, cap;
	int err; /* -ENOMEM once an append failed; the text is then cut short */
};

struct prom_label {
	const char *name;
	const char *value; /* escaped here; NULL or "" values are left out */
};

/* "# HELP name help" and "# TYPE name type" (counter, gauge, ...). */
void prom_family(struct prom_buf *b, const char *name, const char *type, const char *help);
/* name{labels} value — integers (counters) and doubles (gauges). */
void prom_sample_u64(struct prom_buf *b, const char *name, const struct prom_label *l, int n,
		     uint64_t v);
void prom_sample_f64(struct prom_buf *b, const char *name, const struct prom_label *l, int n,
		     double v);
/* The label set alone, as it goes between the braces:
 * name="value",... (escaped); for callers that group samples by it. */
void prom_labels(struct prom_buf *b, const struct prom_label *l, int n);
/* name{<labels rendered by prom_labels>} v */
void prom_sample_raw(struct prom_buf *b, const char *name, const char *labels, uint64_t v);
void prom_buf_free(struct prom_buf *b);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* out_reasons: what `dropdoc reasons` prints — the catalogue against the
 * running kernel, one reason (or reason at a location) a row, and the
 * coverage line — in text or JSON lines. Plain data in, no decisions. */
#ifndef DROPDOC_OUT_REASONS_H
#define DROPDOC_OUT_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct out_reason_row {
	long code;	      /* the running kernel's value, -1 when it has none */
	const char *reason;   /* "IP_RPFILTER" */
	const char *location; /* NULL: the reason anywhere */
	const char *status;   /* explained described normal not-here unknown absent */
	const char *rule;     /* the rule's class ("reverse-path filter"), or NULL */
	const char *id;	      /* the finding id it gets, or NULL */
	const char *meaning;
	const char *note;
};

struct out_reason_cover {
	size_t reasons; /* in the running kernel (or the table, without BTF) */
	size_t explained, described, normal, not_here;
	size_t unknown; /* the kernel has, the table lacks: a newer kernel */
	size_t absent;	/* the table has, the kernel lacks: an older kernel */
	size_t locations, loc_explained, loc_normal;
};

void out_reasons_row(FILE *f, bool json, const struct out_reason_row *r);
/* "N of M reasons explained, K normal, J not producible here" ... */
void out_reasons_cover(FILE *f, bool json, const struct out_reason_cover *c);

#endif

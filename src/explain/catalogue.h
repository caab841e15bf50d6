/* SPDX-License-Identifier: GPL-2.0 */
/* catalogue: every drop reason of enum skb_drop_reason dropdoc knows, and
 * for NOT_SPECIFIED (and the reasons whose sense depends on where the
 * kernel freed the packet) every location seen on the paths dropdoc
 * watches — each with what the kernel checked, its status here, what to
 * look at and the counters that belong to it. Data, read top to bottom
 * (catalogue.c); `dropdoc reasons` prints it against the running kernel.
 *
 * A status says how a drop of that reason is explained:
 *   EXPLAINED  a row of explain_rules names this host's facts and a fix;
 *   DESCRIBED  the kernel's check, the facts to look at and the related
 *              counters — dropdoc cannot know more from the configuration;
 *   NORMAL     ordinary operation: an info finding that says why;
 *   NOT_HERE   the kernel cannot produce it on this machine (note: why). */
#ifndef DROPDOC_CATALOGUE_H
#define DROPDOC_CATALOGUE_H

#include <stdbool.h>

enum cat_status {
	CAT_EXPLAINED = 0,
	CAT_DESCRIBED,
	CAT_NORMAL,
	CAT_NOT_HERE,
};

#define CAT_MAX_COUNTERS 4

struct cat_entry {
	const char *reason;   /* kernel name without SKB_DROP_REASON_ */
	const char *location; /* a function, or NULL: the reason anywhere */
	enum cat_status status;
	const char *id;	     /* finding id (NORMAL, DESCRIBED); NULL: from the reason */
	const char *meaning; /* what the kernel checked, in operator terms */
	/* NORMAL: why this is expected; DESCRIBED: the facts to look at (a
	 * "{ns}" is the namespace's command prefix); NOT_HERE: why not here;
	 * EXPLAINED: what the rule reads */
	const char *note;
	const char *counters[CAT_MAX_COUNTERS + 1]; /* nstat names, NULL-ended */
};

extern const struct cat_entry catalogue[];
extern const unsigned catalogue_n;
/* dropdoc's own reasons for frames lost in XDP (no skb, no kernel reason) */
extern const struct cat_entry catalogue_own[];
extern const unsigned catalogue_own_n;

/* The entry for a drop: its location's entry when the catalogue has one,
 * else the reason's; NULL when neither (a reason newer than the table, or
 * NOT_SPECIFIED at a location it does not list). */
const struct cat_entry *catalogue_find(const char *reason, const char *location);
/* The reason's own entry (location NULL), or NULL. */
const struct cat_entry *catalogue_reason(const char *reason);
/* Does the catalogue hold entries by location for this reason? */
bool catalogue_by_location(const char *reason);
const char *cat_status_name(enum cat_status s); /* "explained", ... */
/* The finding id of e: its own, or the reason in lower case with '-' (and
 * "-at-" its location: "not-specified-at-ip-forward"). */
void catalogue_id(const struct cat_entry *e, char *buf, unsigned n);

#endif

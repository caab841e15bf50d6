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
#include "live/live.h"

#define DROPS_MAX_EXCLUDE 16

/* Drops of normal operation (info findings: multicast nobody joined, a
 * late echo reply, ...): text folds them into one line per class and
 * namespace a second, unless -v; JSON and pcapng keep each. */
enum drops_normal {
	DROPS_NORMAL_FOLD = 0,
	DROPS_NORMAL_SHOW, /* --show-normal: each, in full */
	DROPS_NORMAL_HIDE, /* --hide-normal: none, in any output */
};

struct drops_opts {
	struct live_opts live;			/* -i -n -c -t -B -w -s -v, FILTER, hooks */
	const char *exclude[DROPS_MAX_EXCLUDE]; /* -x reason names */
	int nexclude;
	bool summary;	 /* count in the kernel; a table instead of drop lines */
	double interval; /* --summary refresh period; 0 = only at exit */
	enum drops_normal normal;
};

/* Runs until COUNT, SECONDS or *stop; returns 0 or -errno (live.h) and, on
 * failure, a one-line reason in err. */
int drops_run(const struct drops_opts *o, char *err, size_t errlen);

#endif

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

struct drops_opts {
	struct live_opts live;			/* -i -n -c -t -B -w -s -v, FILTER, hooks */
	const char *exclude[DROPS_MAX_EXCLUDE]; /* -x reason names */
	int nexclude;
	bool summary;	 /* count in the kernel; a table instead of drop lines */
	double interval; /* --summary refresh period; 0 = only at exit */
};

/* Runs until COUNT, SECONDS or *stop; returns 0 or -errno (live.h) and, on
 * failure, a one-line reason in err. */
int drops_run(const struct drops_opts *o, char *err, size_t errlen);

#endif

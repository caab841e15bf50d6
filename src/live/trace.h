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
#include "live/live.h"
#include "explain/flows.h"

struct trace_opts {
	struct live_opts live; /* -i -n -c -t -B -w -s -v, FILTER, hooks */
	bool keep_hooks;       /* never detach the route hook (tracer.h) */
	/* for the lab: each finding, besides live.on_drop for each drop hop */
	void (*on_finding)(const struct finding *f, void *arg);
};

/* Runs until COUNT, SECONDS or *stop; returns 0 or -errno (live.h) and, on
 * failure, a one-line reason in err. */
int trace_run(const struct trace_opts *o, char *err, size_t errlen);

#endif

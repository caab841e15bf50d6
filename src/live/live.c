// SPDX-License-Identifier: GPL-2.0
/* live: preparing a live run and its poll loop, one way for drops and
 * trace. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collect.h"
#include "collect/filter.h"
#include "decode/ksym.h"
#include "decode/reasons.h"
#include "host/netns.h"
#include "host/netns_desc.h"
#include "live/live.h"
#include "model/netcfg.h"

uint64_t live_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int live_filter(struct live_run *r, const char *expr, char *err, size_t errlen)
{
	char why[256];
	int e;

	if (!expr || !*expr)
		return 0;
	r->filter = calloc(1, sizeof(*r->filter));
	if (!r->filter) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	e = filter_compile(expr, r->filter, why, sizeof(why));
	if (e) {
		snprintf(err, errlen, "%s filter expression '%s': %s",
			 e == -EINVAL ? "bad" : "cannot run the", expr, why);
		return -ENOEXEC;
	}
	return 0;
}

int live_prepare(struct live_run *r, const struct live_opts *o, bool explain, char *err,
		 size_t errlen)
{
	int e;

	memset(r, 0, sizeof(*r));
	r->o = o;
	e = live_filter(r, o->filter, err, errlen);
	if (e)
		return e;
	e = netns_target(o->netns, o->iface, &r->netns, &r->ifindex, err, errlen);
	if (e)
		return live_err_target(e);
	/* without names, reasons are shown by code (REASON_n) */
	if (reasons_load(NULL, &r->reasons))
		fprintf(stderr,
			"dropdoc: the kernel names no drop reasons (no enum skb_drop_reason "
			"in its BTF); showing their codes\n");
	if (ksym_load(NULL, &r->ksyms) && o->verbose)
		fprintf(stderr, "dropdoc: kernel symbols hidden; locations shown as addresses\n");
	if (netns_descs_new(&r->ns)) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r->now = live_clock(CLOCK_MONOTONIC);
	if (explain) {
		if (facts_explainer_open(&r->ex, r->ns, err, errlen))
			return -EIO;
		r->explaining = true;
	}
	r->boot_to_real = (int64_t)(live_clock(CLOCK_REALTIME) - live_clock(CLOCK_BOOTTIME));
	return 0;
}

void live_collect_opts(const struct live_run *r, struct collect_opts *c)
{
	c->netns = r->netns;
	c->ifindex = r->ifindex;
	c->filter = r->filter;
	c->ring_bytes = r->o->buffer_kb * 1024u;
	c->snaplen = r->o->snaplen;
	c->verbose = r->o->verbose;
}

void live_release(struct live_run *r)
{
	facts_explainer_close(&r->ex);
	netns_descs_free(r->ns);
	ksym_free(r->ksyms);
	reasons_free(r->reasons);
	free(r->filter);
	memset(r, 0, sizeof(*r));
}

/* The output went away (a closed pipe, a full disk): nobody reads on. */
static bool live_out_gone(FILE *out)
{
	/* a printer's own fflush may have met the error and emptied the
	 * buffer: the stream's error flag remembers it */
	return fflush(out) == EOF || ferror(out);
}

int live_loop_run(struct live_run *r, const struct live_loop *l, char *err, size_t errlen)
{
	const struct live_opts *o = r->o;
	int e;

	r->start = live_clock(CLOCK_MONOTONIC);
	if (o->on_ready)
		o->on_ready(o->arg);
	while (!(o->stop && *o->stop) && !*l->done) {
		uint64_t now;

		r->now = live_clock(CLOCK_MONOTONIC);
		e = l->poll(l->src, 100);
		if (e < 0 && e != -EINTR) {
			snprintf(err, errlen, "reading %s: %s", l->what, strerror(-e));
			return -EIO;
		}
		now = live_clock(CLOCK_MONOTONIC);
		if (l->tick) {
			e = l->tick(l->arg, now, err, errlen);
			if (e)
				return e;
		}
		/* between records: descriptors replaced or idle go */
		netns_descs_tick(r->ns, now);
		if (r->explaining)
			netcfg_cache_tick(r->ex.cfgs);
		if (live_out_gone(o->out))
			return 0;
		if (o->seconds > 0 && now - r->start >= (uint64_t)(o->seconds * 1e9))
			break;
	}
	/* What the ring already holds was matched: hand it on too. */
	while (!*l->done && l->poll(l->src, 0) > 0)
		;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* drops: the live drop pipeline — validate the user's filters, attach the
 * collector, turn raw events into drop records, print them, count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect/capture.h"
#include "decode/decode.h"
#include "live/drops.h"
#include "live/live.h"
#include "explain/explain.h"
#include "live/facts.h"
#include "model/netcfg.h"
#include "collect/filter.h"
#include "decode/ksym.h"
#include "host/netns_desc.h"
#include "out/out.h"
#include "decode/reasons.h"
#include "host/xdpinfo.h"

/* Normal drops folded since the last flush: one slot per class (finding
 * id) and namespace; a full table flushes early. */
#define FOLD_SLOTS 32
#define FOLD_NS	   1000000000ull
struct fold {
	uint32_t netns;
	uint64_t count;
	char id[48], netns_name[64], reason[48], location[64], summary[160];
};

struct run {
	const struct drops_opts *o;
	struct fold fold[FOLD_SLOTS];
	int nfold;
	uint64_t fold_since;  /* monotonic ns of the first fold since the flush */
	struct live_run live; /* filter, target, names, explainer, clock */
	struct capture *c;
	struct finding_recent shown; /* text mode prints each once per 10 s */
	uint64_t printed;
	uint64_t next_sum; /* --summary --interval: when the table is due */
	int write_err;	   /* -errno of the first failed write to -w */
	bool done;
};

/* The XDP part of an event, names filled in. */
static void drops_xdp(struct run *r, const struct dd_event *e, struct drop_xdp *x, char *to_dev,
		      size_t n)
{
	memset(x, 0, sizeof(*x));
	x->prog_id = e->prog_id;
	x->prog_name = e->prog_name;
	x->act = e->xdp_act;
	x->action = xdpinfo_action_name(e->xdp_act);
	x->err = e->xdp_err;
	x->err_name = xdpinfo_errno_name(e->xdp_err);
	x->to_ifindex = e->to_ifindex;
	if (e->to_ifindex &&
	    !netns_descs_ifname(r->live.ns, e->netns, e->to_ifindex, r->live.now, to_dev, n))
		x->to_dev = to_dev;
	x->map_id = e->map_id;
	x->frames = e->xdp_frames;
}

static void fold_flush(struct run *r, uint64_t now)
{
	double secs = r->fold_since && now > r->fold_since ? (now - r->fold_since) / 1e9 : 0;

	for (int i = 0; i < r->nfold; i++) {
		const struct fold *s = &r->fold[i];
		struct out_fold o = {.count = s->count,
				     .id = s->id,
				     .netns = s->netns_name,
				     .reason = s->reason,
				     .location = s->location,
				     .summary = s->summary,
				     .seconds = secs < 0.1 ? 0.1 : secs};

		out_text_fold(r->o->live.out, &o);
	}
	r->nfold = 0;
	r->fold_since = 0;
}

/* Counts a normal drop into its class's slot. */
static void fold_add(struct run *r, const struct drop_record *d, const struct finding *f)
{
	/* a normal finding says "normal: MEANING (REASON at FUNCTION)"; the
	 * line prints reason and function itself: keep the meaning, which may
	 * hold parentheses of its own */
	const char *sum = strncmp(f->summary, "normal: ", 8) ? f->summary : f->summary + 8;
	const char *tail = strrchr(sum, '(');
	int len = tail && tail > sum && tail[-1] == ' ' ? (int)(tail - sum - 1) : (int)strlen(sum);
	struct fold *s = NULL;
	uint64_t now = live_clock(CLOCK_MONOTONIC);

	for (int i = 0; i < r->nfold && !s; i++)
		if (r->fold[i].netns == d->netns && !strcmp(r->fold[i].id, f->id))
			s = &r->fold[i];
	if (!s && r->nfold == FOLD_SLOTS)
		fold_flush(r, now);
	if (!s) {
		s = &r->fold[r->nfold++];
		memset(s, 0, sizeof(*s));
		s->netns = d->netns;
		snprintf(s->id, sizeof(s->id), "%s", f->id);
		snprintf(s->netns_name, sizeof(s->netns_name), "%s",
			 d->netns_name ? d->netns_name : "");
		snprintf(s->reason, sizeof(s->reason), "%s", d->reason);
		snprintf(s->location, sizeof(s->location), "%s", d->location ? d->location : "?");
		snprintf(s->summary, sizeof(s->summary), "%.*s", len, sum);
	}
	if (!r->fold_since)
		r->fold_since = now;
	s->count++;
}

static int on_event(const struct dd_event *e, void *arg)
{
	struct run *r = arg;
	const struct live_opts *o = &r->o->live;
	struct drop_record d;
	struct drop_xdp x;
	struct finding finding;
	struct pkt p;
	const struct netns_desc *ns;
	char rbuf[32], to_dev[16];

	if (r->done || e->kind != DD_EV_DROP)
		return 0;
	pkt_decode(e->data, e->caplen, e->len, &p);
	memset(&d, 0, sizeof(d));
	d.pkt = &p;
	if (e->flags & DD_F_XDP) {
		drops_xdp(r, e, &x, to_dev, sizeof(to_dev));
		d.xdp = &x;
		d.pkt = NULL; /* the XDP tracepoints give no frame */
	}
	d.icmp_type = e->flags & DD_F_ICMP ? e->icmp_type : -1;
	d.icmp_code = e->flags & DD_F_ICMP ? e->icmp_code : -1;
	for (int i = 0, n = 0; i < DD_CALLERS && e->callers[i]; i++) {
		uint64_t off;
		const char *sym = ksym_lookup(r->live.ksyms, e->callers[i], &off);

		if (sym)
			d.callers[n++] = sym;
	}
	d.time_ns = e->ts_ns + r->live.boot_to_real;
	d.reason_code = e->reason;
	d.reason = reasons_label(r->live.reasons, e->reason, rbuf, sizeof(rbuf));
	d.location_addr = e->location;
	d.location = ksym_lookup(r->live.ksyms, e->location, &d.location_off);
	d.dev = e->ifname;
	d.ifindex = e->ifindex;
	d.netns = e->netns;
	/* resolved once per namespace; valid until the loop's next tick */
	ns = netns_descs_get(r->live.ns, e->netns, r->live.now);
	d.ns = ns;
	d.netns_name = ns ? ns->name : "";
	d.container = ns ? ns->container : "";
	d.len = e->len;
	d.mark = e->mark;
	d.pkt_type = e->pkt_type;
	d.data = e->data;
	d.caplen = o->snaplen && e->caplen > o->snaplen ? o->snaplen : e->caplen;
	d.synth_l2 = e->flags & DD_F_SYNTH_L2;
	if (r->live.explaining)
		facts_explain(&r->live.ex, &d, &finding);
	if (o->on_drop)
		o->on_drop(&d, o->arg);
	if (r->live.explaining) {
		if (finding.severity == FINDING_INFO && r->o->normal == DROPS_NORMAL_HIDE)
			return 0;
		if (finding.severity == FINDING_INFO && r->o->normal == DROPS_NORMAL_FOLD &&
		    !o->json && !o->verbose && !o->quiet) {
			if (o->pcapng)
				goto write; /* the file keeps each */
			fold_add(r, &d, &finding);
			goto counted;
		}
		d.finding_repeat = !o->json && finding_recent(&r->shown, &finding, d.time_ns);
	}
write:
	if (o->pcapng) {
		r->write_err =
		    out_pcapng_drop(o->pcapng, &d, o->snaplen ? o->snaplen : DD_CAP_MAX, o->filter);
		if (r->write_err) {
			r->done = true;
			return 0;
		}
	}
	if (!o->quiet) {
		if (o->json)
			out_json_drop(o->out, &d);
		else
			out_text_drop(o->out, &d);
	}
counted:
	r->printed++;
	if (o->count && r->printed >= (uint64_t)o->count)
		r->done = true;
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct capture_row *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static int print_summary(struct run *r, struct capture *c)
{
	struct capture_row *rows = NULL;
	struct out_sum_row *out;
	char(*devs)[16], (*rbufs)[32];
	int n = capture_summary(c, &rows);

	if (n < 0)
		return n;
	qsort(rows, n, sizeof(*rows), cmp_rows);
	out = calloc(n ? n : 1, sizeof(*out));
	devs = calloc(n ? n : 1, sizeof(*devs));
	rbufs = calloc(n ? n : 1, sizeof(*rbufs));
	if (!out || !devs || !rbufs) {
		n = -ENOMEM;
		goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		const struct dd_sum_key *k = &rows[i].key;

		out[i].reason =
		    reasons_label(r->live.reasons, k->reason, rbufs[i], sizeof(rbufs[i]));
		out[i].location_addr = k->location;
		out[i].location = ksym_lookup(r->live.ksyms, k->location, &out[i].location_off);
		const struct netns_desc *ns = netns_descs_get(r->live.ns, k->netns, r->live.now);

		if (k->ifindex && !netns_descs_ifname(r->live.ns, k->netns, k->ifindex, r->live.now,
						      devs[i], sizeof(devs[i])))
			out[i].dev = devs[i];
		out[i].ifindex = k->ifindex;
		out[i].netns = k->netns;
		/* valid until the loop's next tick, after the table is out */
		out[i].netns_name = ns ? ns->name : "";
		out[i].container = ns ? ns->container : "";
		out[i].count = rows[i].count;
	}
	if (r->o->live.json) {
		out_json_summary(r->o->live.out, out, n, live_clock(CLOCK_REALTIME));
	} else {
		if (isatty(fileno(r->o->live.out)))
			fputs("\033[H\033[2J", r->o->live.out); /* redraw like top */
		out_text_summary(r->o->live.out, out, n, live_clock(CLOCK_REALTIME));
	}
	fflush(r->o->live.out);
cleanup:
	free(rows);
	free(out);
	free(devs);
	free(rbufs);
	return n < 0 ? n : 0;
}

/* Checks the options; fills the collector's. Returns 0 or -errno (live.h). */
static int prepare(struct run *r, struct capture_opts *co, char *err, size_t errlen)
{
	const struct drops_opts *o = r->o;
	int e;

	e = live_prepare(&r->live, &o->live, !o->live.no_explain && !o->summary, err, errlen);
	if (e)
		return e;
	if (o->nexclude && !r->live.reasons) {
		snprintf(err, errlen,
			 "-x: the kernel names no drop reasons (no enum "
			 "skb_drop_reason in its BTF)");
		return -EOPNOTSUPP;
	}
	for (int i = 0; i < o->nexclude; i++) {
		if (reasons_code(r->live.reasons, o->exclude[i], &co->excl[co->nexcl])) {
			snprintf(err, errlen, "unknown drop reason '%s' (this kernel has %zu)",
				 o->exclude[i], reasons_count(r->live.reasons));
			return -EINVAL;
		}
		co->nexcl++;
	}
	live_collect_opts(&r->live, &co->c);
	co->summary = o->summary;
	return 0;
}

static int poll_events(void *src, int timeout_ms)
{
	return capture_poll(src, timeout_ms);
}

/* --summary --interval: the table when it is due. */
static int tick(void *arg, uint64_t now, char *err, size_t errlen)
{
	struct run *r = arg;

	(void)err;
	(void)errlen;
	if (r->nfold && now - r->fold_since >= FOLD_NS)
		fold_flush(r, now);
	if (r->next_sum && now >= r->next_sum) {
		print_summary(r, r->c);
		r->next_sum += (uint64_t)(r->o->interval * 1e9);
	}
	return 0;
}

static void print_stats(struct run *r)
{
	const struct live_opts *o = &r->o->live;
	struct out_stats st = {0};
	uint64_t kst[DD_STAT_MAX];

	capture_stats(r->c, kst);
	st.seen = kst[DD_STAT_SEEN];
	st.matched = kst[DD_STAT_MATCHED];
	st.lost = kst[DD_STAT_LOST];
	st.sum_full = kst[DD_STAT_SUM_FULL];
	st.printed = r->printed;
	st.seconds = (live_clock(CLOCK_MONOTONIC) - r->live.start) / 1e9;
	fflush(o->out);
	if (o->json)
		out_json_stats(o->out, &st);
	else
		out_text_stats(r->o->summary ? o->out : stderr, &st);
	fflush(o->out);
}

int drops_run(const struct drops_opts *o, char *err, size_t errlen)
{
	struct run r = {.o = o};
	struct capture_opts co = {0};
	struct live_loop loop = {
	    .poll = poll_events, .tick = tick, .arg = &r, .done = &r.done, .what = "events"};
	int rc;

	rc = prepare(&r, &co, err, errlen);
	if (rc)
		goto cleanup;
	rc = capture_open(&co, on_event, &r, &r.c, err, errlen);
	if (rc) {
		rc = live_err_open(rc);
		goto cleanup;
	}
	loop.src = r.c;
	if (o->summary && o->interval > 0)
		r.next_sum = live_clock(CLOCK_MONOTONIC) + (uint64_t)(o->interval * 1e9);
	rc = live_loop_run(&r.live, &loop, err, errlen);
	if (rc)
		goto cleanup;
	if (r.write_err) {
		snprintf(err, errlen, "writing the capture file: %s", strerror(-r.write_err));
		rc = -EIO;
		goto cleanup;
	}
	if (o->summary)
		print_summary(&r, r.c);
	fold_flush(&r, live_clock(CLOCK_MONOTONIC));
	print_stats(&r);
cleanup:
	capture_close(r.c);
	live_release(&r.live);
	return rc;
}

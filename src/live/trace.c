// SPDX-License-Identifier: GPL-2.0
/* trace: the journey pipeline. Hops arrive from the collector in the order
 * the kernel made them (one ring buffer, per-CPU order; a packet's hops
 * happen on one CPU or hand over through queues, so they arrive in order).
 * Each packet's hops are kept until its journey ends (dropped or consumed)
 * or goes quiet for TRACE_IDLE_NS, then printed as one block. Requests and
 * replies are paired as they pass (flows.c), so a reply can be compared
 * with a request whose block is still open. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "decode/ksym.h"
#include "host/netns.h"
#include "host/netns_desc.h"
#include "out/out_finding.h"
#include "out/out_trace.h"
#include "decode/reasons.h"
#include "model/netcfg.h"
#include "live/live.h"
#include "live/trace.h"
#include "live/trace_hop.h"
#include "out/out.h"
#include "live/facts.h"
#include "collect/tracer.h"
#include "host/xdpinfo.h"

#define TRACE_BUCKETS 4096
#define TRACE_IDLE_NS 500000000ull /* a packet quiet this long is printed */
/* ... unless it waits on a neighbour being resolved (the collector keeps
 * following it as long) */
#define TRACE_NEIGH_WAIT_NS 30000000000ull
#define TRACE_MAX_HOPS	    64
#define TRACE_MAX_ROUTES    16

struct journey {
	uint64_t id;
	struct dd_hop *hops;
	int n, cap;
	uint64_t last_mono;
	struct journey *next;
	/* the last route hop, for pairing its TX with flows */
	bool has_route;
	uint32_t route_netns, route_table, route_metric, route_oif;
	struct in_addr route_gw;
	struct finding *finding; /* printed after the packet */
};

struct trace_state {
	const struct trace_opts *o;
	struct live_run live; /* filter, target, names, explainer, clock */
	struct tracer *t;
	struct trace_hop_names names; /* the live run's reasons, symbols, clock */
	struct flows *flows;
	struct xdpinfo_cache progs; /* XDP program names by id */
	uint64_t last_flush;
	struct journey *bucket[TRACE_BUCKETS];
	struct finding_recent recent; /* findings shown lately (text) */
	uint64_t printed, findings;
	bool done;
};

static struct journey **journey_slot(struct trace_state *s, uint64_t id)
{
	struct journey **p = &s->bucket[id % TRACE_BUCKETS];

	while (*p && (*p)->id != id)
		p = &(*p)->next;
	return p;
}

static void journey_free(struct journey *j)
{
	if (!j)
		return;
	free(j->hops);
	free(j->finding);
	free(j);
}

/* A drop hop as the drops pipeline sees a drop, explained when we can. */
static void drop_hop(struct trace_state *s, const struct dd_hop *h, const struct trace_hop_rec *r,
		     struct finding *f)
{
	struct drop_record d = {0};
	struct xdpinfo_prog info;
	struct drop_xdp x;

	d.time_ns = r->time_ns;
	d.reason = r->reason;
	d.reason_code = h->reason;
	d.location = r->location;
	d.location_off = r->location_off;
	d.location_addr = h->location;
	d.dev = h->ifname;
	d.ifindex = h->ifindex;
	d.netns = h->netns;
	d.netns_name = r->netns_name;
	d.ns = netns_descs_get(s->live.ns, h->netns, s->live.now);
	d.len = h->len;
	d.pkt = r->pkt;
	d.data = h->data;
	d.caplen = h->caplen;
	d.icmp_type = d.icmp_code = -1;
	if (h->kind == DD_HOP_XDP) { /* as the drops pipeline sees an XDP loss */
		memset(&x, 0, sizeof(x));
		x.prog_id = h->prog_id;
		x.prog_name = !xdpinfo_prog_cached(&s->progs, h->prog_id, &info) ? info.name : "";
		x.act = h->xdp_act;
		x.action = r->xdp_action;
		x.err = h->err;
		x.err_name = xdpinfo_errno_name(h->err);
		x.to_ifindex = h->oif;
		x.to_dev = r->target_dev;
		x.frames = 1;
		d.xdp = &x;
		d.pkt = NULL;
	}
	if (s->live.explaining)
		facts_explain(&s->live.ex, &d, f);
	if (s->o->live.on_drop)
		s->o->live.on_drop(&d, s->o->live.arg);
}

static void print_finding(struct trace_state *s, const struct finding *f)
{
	const struct live_opts *o = &s->o->live;

	if (o->quiet)
		;
	else if (o->json)
		out_finding_json(o->out, f);
	else /* in full once per FINDING_RECENT_NS, as drops does */
		out_finding_text(o->out, f, OUT_FINDING_LINE,
				 finding_recent(&s->recent, f, live_clock(CLOCK_MONOTONIC)));
	if (s->o->on_finding)
		s->o->on_finding(f, o->arg);
	s->findings++;
}

static void journey_print(struct trace_state *s, struct journey *j)
{
	const struct live_opts *o = &s->o->live;
	struct trace_hop_rec *recs = calloc(j->n, sizeof(*recs));
	struct trace_hop_bufs *bufs = calloc(j->n, sizeof(*bufs));
	struct trace_packet p = {.id = j->id, .nhops = j->n};
	struct finding drop_finding;
	bool dropped = false;
	char summary[512] = "";

	if (!recs || !bufs)
		goto cleanup;
	for (int i = 0; i < j->n; i++) {
		trace_hop_record(&s->names, &j->hops[i], i ? &j->hops[i - 1] : NULL, &bufs[i],
				 &recs[i]);
		if (!summary[0] && recs[i].pkt)
			pkt_format(recs[i].pkt, summary, sizeof(summary));
		if (trace_hop_is_loss(&j->hops[i])) {
			drop_finding.id[0] = 0;
			drop_hop(s, &j->hops[i], &recs[i], &drop_finding);
			dropped = drop_finding.id[0] != 0;
		}
	}
	p.hops = recs;
	p.end = trace_hop_end(j->hops, j->n);
	p.partial = j->n && (j->hops[0].flags & DD_HOPF_PARTIAL);
	p.summary = summary[0] ? summary : NULL;
	for (int i = 0; o->pcapng && i < j->n; i++)
		if (j->hops[i].caplen) /* write errors surface at pcapng_close */
			out_pcapng_hop(o->pcapng, &recs[i], j->hops[i].data, j->hops[i].caplen,
				       DD_HOP_CAP, i == j->n - 1 ? p.end : NULL);
	if (o->quiet)
		;
	else if (o->json)
		out_json_trace_packet(o->out, &p);
	else
		out_text_trace_packet(o->out, &p);
	s->printed++;
	if (dropped)
		print_finding(s, &drop_finding);
	if (j->finding)
		print_finding(s, j->finding);
	if (o->count && s->printed >= (uint64_t)o->count)
		s->done = true;
cleanup:
	free(recs);
	free(bufs);
}

static void journey_finish(struct trace_state *s, struct journey **slot)
{
	struct journey *j = *slot;

	*slot = j->next;
	if (!s->done)
		journey_print(s, j);
	journey_free(j);
}

/* The model of a namespace: the explainer's cached one, else read now
 * (trace --no-explain); NULL when it cannot be read. */
static struct netcfg *trace_cfg(struct trace_state *s, uint32_t inode)
{
	struct netcfg *cfg = NULL;
	char err[128];
	int e, fd = -1;

	if (s->live.ex.cfgs)
		return netcfg_cache_get(s->live.ex.cfgs, inode, &e);
	if (netns_open_inode(inode, &fd))
		return NULL;
	if (netcfg_load(fd, &cfg, err, sizeof(err)))
		cfg = NULL;
	close(fd);
	return cfg;
}

/* The finding for an asymmetric reply, with the namespace's default routes
 * as evidence and policy-routing commands as the fix. */
static struct finding *asym_finding(struct trace_state *s, const struct flow_asym *a)
{
	struct flow_route routes[TRACE_MAX_ROUTES];
	struct finding *f = malloc(sizeof(*f));
	const struct netns_desc *ns = netns_descs_get(s->live.ns, a->netns, s->live.now);
	struct netcfg *cfg = trace_cfg(s, a->netns);
	int n;

	if (!f) {
		netcfg_unref(cfg);
		return NULL;
	}
	n = flows_default_routes(cfg, routes, TRACE_MAX_ROUTES);
	netcfg_unref(cfg);
	flows_asym_finding(a, routes, n > 0 ? n : 0, ns ? ns->ip : "ip", f);
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", ns ? ns->name : "");
	return f;
}

/* Streaming: requests and replies are paired as their hops pass. */
static void flow_hop(struct trace_state *s, struct journey *j, const struct dd_hop *h)
{
	struct flow_hop fh = {0};
	struct flow_asym a;
	struct pkt p;

	if (h->kind == DD_HOP_ROUTE) {
		/* flows pair IPv4 replies with the route that chose them */
		j->has_route = !h->err && h->route_type && !(h->flags & DD_HOPF_IPV6);
		j->route_netns = h->netns;
		j->route_table = h->tb_id;
		j->route_metric = h->metric;
		j->route_oif = h->oif;
		j->route_gw.s_addr = h->gw4;
		return;
	}
	if ((h->kind != DD_HOP_RX && h->kind != DD_HOP_TX) || !h->caplen)
		return;
	pkt_decode(h->data, h->caplen, h->len, &p);
	fh.packet = h->packet;
	fh.netns = h->netns;
	fh.ifindex = h->ifindex;
	fh.dev = h->ifname;
	fh.pkt = &p;
	if (h->kind == DD_HOP_RX) {
		flows_hop_rx(s->flows, &fh);
		return;
	}
	if (j->has_route && j->route_netns == h->netns && j->route_oif == h->ifindex) {
		fh.has_route = true;
		fh.table = j->route_table;
		fh.metric = j->route_metric;
		fh.route_ifindex = j->route_oif;
		fh.gw = j->route_gw;
	}
	if (flows_hop_tx(s->flows, &fh, &a) && !j->finding)
		j->finding = asym_finding(s, &a);
}

static int on_hop(const struct dd_hop *h, void *arg)
{
	struct trace_state *s = arg;
	struct journey **slot = journey_slot(s, h->packet), *j = *slot;

	if (s->done)
		return 0;
	if (!j) {
		j = calloc(1, sizeof(*j));
		if (!j)
			return -ENOMEM;
		j->id = h->packet;
		*slot = j;
	}
	if (j->n == j->cap) {
		int cap = j->cap ? j->cap * 2 : 8;
		struct dd_hop *nh;

		if (cap > TRACE_MAX_HOPS) { /* a loop: print what we have */
			journey_finish(s, slot);
			return 0;
		}
		nh = realloc(j->hops, cap * sizeof(*nh));
		if (!nh)
			return -ENOMEM;
		j->hops = nh;
		j->cap = cap;
	}
	j->hops[j->n++] = *h;
	j->last_mono = live_clock(CLOCK_MONOTONIC);
	flow_hop(s, j, h);
	if (trace_hop_is_end(h))
		journey_finish(s, slot);
	return 0;
}

/* Print the packets that went quiet (all of them when final). */
static void flush_idle(struct trace_state *s, bool final)
{
	uint64_t now = live_clock(CLOCK_MONOTONIC);

	for (int b = 0; b < TRACE_BUCKETS; b++) {
		struct journey **p = &s->bucket[b];

		while (*p) {
			const struct journey *j = *p;
			uint64_t idle = j->hops[j->n - 1].kind == DD_HOP_NEIGH ? TRACE_NEIGH_WAIT_NS
									       : TRACE_IDLE_NS;

			if (final || now - j->last_mono >= idle)
				journey_finish(s, p);
			else
				p = &(*p)->next;
		}
	}
}

/* Checks the options; fills the collector's. Returns 0 or -errno (live.h). */
static int prepare(struct trace_state *s, struct tracer_opts *to, char *err, size_t errlen)
{
	const struct trace_opts *o = s->o;
	int e;

	e = live_prepare(&s->live, &o->live, !o->live.no_explain, err, errlen);
	if (e)
		return e;
	s->names.reasons = s->live.reasons;
	s->names.ksyms = s->live.ksyms;
	s->names.boot_to_real = s->live.boot_to_real;
	s->names.ns = s->live.ns;
	s->names.now = &s->live.now;
	/* where an skb copied for XDP is freed: its journey goes on in XDP */
	if (ksym_range(s->live.ksyms, "skb_pp_cow_data", &to->xdp_cow_start, &to->xdp_cow_end))
		to->xdp_cow_start = to->xdp_cow_end = 0;
	s->flows = flows_new();
	if (!s->flows) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	live_collect_opts(&s->live, &to->c);
	to->keep_hooks = o->keep_hooks;
	return 0;
}

static int poll_hops(void *src, int timeout_ms)
{
	return tracer_poll(src, timeout_ms);
}

/* The route hook's policy, and the packets that went quiet. */
static int tick(void *arg, uint64_t now, char *err, size_t errlen)
{
	struct trace_state *s = arg;

	if (tracer_tick(s->t, now, err, errlen))
		return -EIO;
	if (now - s->last_flush >= TRACE_IDLE_NS / 4) {
		flush_idle(s, false);
		s->last_flush = now;
	}
	return 0;
}

static void print_stats(struct trace_state *s)
{
	const struct live_opts *o = &s->o->live;
	struct trace_stats st = {0};
	uint64_t kst[DD_TSTAT_MAX];

	tracer_stats(s->t, kst);
	st.candidates = kst[DD_TSTAT_CANDIDATES];
	st.selected = kst[DD_TSTAT_SELECTED];
	st.hops = kst[DD_TSTAT_HOPS];
	st.lost = kst[DD_TSTAT_LOST];
	st.track_full = kst[DD_TSTAT_TRACK_FULL];
	st.partial = kst[DD_TSTAT_PARTIAL];
	tracer_route_hook(s->t, &st.route_hook_detaches);
	st.printed = s->printed;
	st.findings = s->findings;
	st.seconds = (live_clock(CLOCK_MONOTONIC) - s->live.start) / 1e9;
	if (o->json)
		out_json_trace_stats(o->out, &st);
	else
		out_text_trace_stats(stderr, &st);
	fflush(o->out);
}

static void trace_free(struct trace_state *s)
{
	if (!s)
		return;
	tracer_close(s->t);
	for (int b = 0; b < TRACE_BUCKETS; b++)
		while (s->bucket[b]) {
			struct journey *j = s->bucket[b];

			s->bucket[b] = j->next;
			journey_free(j);
		}
	flows_free(s->flows);
	live_release(&s->live);
	free(s);
}

int trace_run(const struct trace_opts *o, char *err, size_t errlen)
{
	struct trace_state *s = calloc(1, sizeof(*s));
	struct tracer_opts to = {0};
	struct live_loop loop = {.poll = poll_hops, .tick = tick, .what = "hops"};
	int rc;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->o = o;
	rc = prepare(s, &to, err, errlen);
	if (rc)
		goto cleanup;
	rc = tracer_open(&to, on_hop, s, &s->t, err, errlen);
	if (rc) {
		rc = live_err_open(rc);
		goto cleanup;
	}
	loop.src = s->t;
	loop.arg = s;
	loop.done = &s->done;
	s->last_flush = live_clock(CLOCK_MONOTONIC);
	rc = live_loop_run(&s->live, &loop, err, errlen);
	if (rc)
		goto cleanup;
	flush_idle(s, true);
	print_stats(s);
cleanup:
	trace_free(s);
	return rc;
}

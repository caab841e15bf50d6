// SPDX-License-Identifier: GPL-2.0
/* tracer: trace collector lifecycle, ring buffer and counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "collect/collect.h"
#include "collect/filter.h"
#include "collect/filter_jit.h"
#include "collect/tracer.h" /* first: the skeleton needs struct cbpf_prog */

#include "trace.skel.h"

struct tracer {
	struct trace_bpf *skel;
	struct collect_ring *rb;
	struct bpf_link *route_link[2]; /* trace_fib, trace_fib6: attached apart (tracer_tick) */
	struct tracer_policy policy;
	unsigned detaches;
	bool keep_hooks;
	tracer_hop_fn fn;
	void *arg;
};

bool tracer_policy_step(struct tracer_policy *p, uint64_t now_ns, uint64_t candidates,
			uint64_t selected)
{
	uint64_t dt = now_ns - p->last_ns, prev = p->last_ns;
	double rate;
	bool picked;

	if (!p->started) {
		*p = (struct tracer_policy){.started = true, .attached = true};
		goto remember;
	}
	if (now_ns < p->last_ns + TRACER_TICK_NS)
		return p->attached;
	rate = (double)(candidates - p->last_candidates) * 1e9 / (double)dt;
	picked = selected != p->last_selected;
	if (picked || rate < TRACER_BUSY_LO) {
		p->busy = false; /* something to follow, or the hook costs little */
		p->attached = true;
	} else if (rate >= TRACER_BUSY_HI) {
		if (!p->busy) {
			p->busy = true;
			p->busy_since_ns = prev;
		}
		if (now_ns - p->busy_since_ns >= TRACER_IDLE_NS)
			p->attached = false;
	} else if (p->attached) {
		p->busy = false; /* between the marks: no change, and no busy spell */
	}
remember:
	p->last_ns = now_ns;
	p->last_candidates = candidates;
	p->last_selected = selected;
	return p->attached;
}

static void route_hook_drop(struct tracer *t)
{
	for (int i = 0; i < 2; i++) {
		bpf_link__destroy(t->route_link[i]);
		t->route_link[i] = NULL;
	}
}

/* The route hook: the IPv4 and IPv6 lookups, attached and detached as one. */
static int route_hook_set(struct tracer *t, bool on)
{
	struct bpf_program *progs[2] = {t->skel->progs.trace_fib, t->skel->progs.trace_fib6};

	if (on == (t->route_link[0] != NULL))
		return 0;
	if (!on) {
		/* said before it goes: a packet selected from now on is partial */
		t->skel->bss->route_hook_on = 0;
		route_hook_drop(t);
		t->detaches++;
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		t->route_link[i] = bpf_program__attach(progs[i]);
		if (!t->route_link[i]) {
			int e = -errno;

			route_hook_drop(t);
			return e;
		}
	}
	t->skel->bss->route_hook_on = 1;
	return 0;
}

int tracer_tick(struct tracer *t, uint64_t now_ns, char *err, size_t errlen)
{
	uint64_t st[DD_TSTAT_MAX];
	int e;

	if (t->keep_hooks || now_ns < t->policy.last_ns + TRACER_TICK_NS)
		return 0;
	e = tracer_stats(t, st);
	if (e)
		return collect_errmsg(err, errlen, e, "reading the trace counters");
	e = route_hook_set(t, tracer_policy_step(&t->policy, now_ns, st[DD_TSTAT_CANDIDATES],
						 st[DD_TSTAT_SELECTED]));
	if (e)
		return collect_errmsg(
		    err, errlen, e,
		    "re-attaching to fib:fib_table_lookup and fib6:fib6_table_lookup");
	return 0;
}

bool tracer_route_hook(const struct tracer *t, unsigned *detaches)
{
	if (detaches)
		*detaches = t->detaches;
	return t->route_link[0] != NULL;
}

static int on_record(const void *rec, void *arg)
{
	struct tracer *t = arg;

	return t->fn(rec, t->arg);
}

int tracer_open(const struct tracer_opts *o, tracer_hop_fn fn, void *arg, struct tracer **out,
		char *err, size_t errlen)
{
	static const struct collect_layout layout = {
	    .size = sizeof(struct dd_hop),
	    .version_off = offsetof(struct dd_hop, version),
	    .version = DD_HOP_VERSION,
	};
	uint32_t ring = collect_ring_size(o->c.ring_bytes, 4u << 20);
	struct tracer *t;
	int e;

	e = collect_env_check(o->c.verbose, err, errlen);
	if (e)
		return e;
	t = calloc(1, sizeof(*t));
	if (!t)
		return collect_errmsg(err, errlen, -ENOMEM, "tracer");
	t->fn = fn;
	t->arg = arg;
	t->keep_hooks = o->keep_hooks;
	t->skel = trace_bpf__open();
	if (!t->skel) {
		e = collect_errmsg(err, errlen, -errno, "opening the BPF trace collector");
		goto cleanup;
	}
	t->skel->rodata->targ_netns = o->c.netns;
	t->skel->rodata->targ_ifindex = o->c.ifindex;
	if (o->c.filter) {
		uint32_t span = filter_span(o->c.filter);

		memcpy((void *)&t->skel->rodata->filter, o->c.filter, sizeof(*o->c.filter));
		/* output_route reads the IPv4 header: Ethernet + 20 bytes */
		t->skel->rodata->filter_snap = span > 34 ? span : 34;
		/* the programs that select packets run the filter translated */
		e = filter_jit_patch(t->skel->progs.trace_rx, o->c.filter);
		if (e == 1)
			e = filter_jit_patch(t->skel->progs.trace_tx, o->c.filter);
		if (e == 1)
			e = filter_jit_patch(t->skel->progs.trace_neigh, o->c.filter);
		if (e != 1) {
			e = collect_errmsg(err, errlen, e < 0 ? e : -ENOEXEC,
					   "translating the filter for the kernel");
			goto cleanup;
		}
	}
	t->skel->rodata->hop_snap =
	    o->c.snaplen && o->c.snaplen < DD_HOP_CAP ? o->c.snaplen : DD_HOP_CAP;
	t->skel->rodata->xdp_cow_lo = o->xdp_cow_start;
	t->skel->rodata->xdp_cow_hi = o->xdp_cow_end;
	t->skel->rodata->wakeup_bytes = ring / 16 < 65536 ? ring / 16 : 65536;
	bpf_map__set_max_entries(t->skel->maps.events, ring);
	e = trace_bpf__load(t->skel);
	if (e) {
		e = collect_errmsg(err, errlen, e, "loading the BPF trace collector");
		goto cleanup;
	}
	bpf_program__set_autoattach(t->skel->progs.trace_fib, false);
	bpf_program__set_autoattach(t->skel->progs.trace_fib6, false);
	e = trace_bpf__attach(t->skel);
	if (!e)
		e = route_hook_set(t, true);
	if (e) {
		e = collect_errmsg(err, errlen, e, "attaching to the net/fib/skb/icmp tracepoints");
		goto cleanup;
	}
	e = collect_ring_open(bpf_map__fd(t->skel->maps.events), &layout, on_record, t, &t->rb);
	if (e) {
		e = collect_errmsg(err, errlen, e, "ring buffer");
		goto cleanup;
	}
	*out = t;
	return 0;
cleanup:
	tracer_close(t);
	return e;
}

int tracer_poll(struct tracer *t, int timeout_ms)
{
	return collect_ring_poll(t->rb, timeout_ms);
}

int tracer_stats(struct tracer *t, uint64_t st[DD_TSTAT_MAX])
{
	return collect_stats(bpf_map__fd(t->skel->maps.stats), st, DD_TSTAT_MAX);
}

void tracer_close(struct tracer *t)
{
	if (!t)
		return;
	collect_ring_close(t->rb);
	route_hook_drop(t);
	trace_bpf__destroy(t->skel);
	free(t);
}

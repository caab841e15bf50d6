// SPDX-License-Identifier: GPL-2.0
/* tracer: trace collector lifecycle, ring buffer and counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "capture.h"
#include "tracer.h" /* first: the skeleton needs struct cbpf_prog */

#include "trace.skel.h"

struct tracer {
	struct trace_bpf *skel;
	struct ring_buffer *rb;
	tracer_hop_fn fn;
	void *arg;
	int ncpus;
};

static int on_sample(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;
	const struct dd_hop *h = data;

	if (size < sizeof(*h) || h->version != DD_HOP_VERSION)
		return 0;
	return t->fn(h, t->arg);
}

int tracer_open(const struct tracer_opts *o, tracer_hop_fn fn, void *arg, struct tracer **out,
		char *err, size_t errlen)
{
	uint32_t ring = capture_ring_size(o->ring_bytes ? o->ring_bytes : 4u << 20);
	struct tracer *t;
	int e;

	e = capture_env_check(o->verbose, err, errlen);
	if (e)
		return e;
	t = calloc(1, sizeof(*t));
	if (!t)
		return capture_errmsg(err, errlen, -ENOMEM, "tracer");
	t->fn = fn;
	t->arg = arg;
	t->ncpus = libbpf_num_possible_cpus();
	t->skel = trace_bpf__open();
	if (!t->skel) {
		e = capture_errmsg(err, errlen, -errno, "opening the BPF trace collector");
		goto cleanup;
	}
	t->skel->rodata->targ_netns = o->netns;
	t->skel->rodata->targ_ifindex = o->ifindex;
	if (o->filter)
		memcpy((void *)&t->skel->rodata->filter, o->filter, sizeof(*o->filter));
	t->skel->rodata->wakeup_bytes = ring / 16 < 65536 ? ring / 16 : 65536;
	bpf_map__set_max_entries(t->skel->maps.events, ring);
	e = trace_bpf__load(t->skel);
	if (e) {
		e = capture_errmsg(err, errlen, e, "loading the BPF trace collector");
		goto cleanup;
	}
	e = trace_bpf__attach(t->skel);
	if (e) {
		e = capture_errmsg(err, errlen, e, "attaching to the net/fib/skb/icmp tracepoints");
		goto cleanup;
	}
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), on_sample, t, NULL);
	if (!t->rb) {
		e = capture_errmsg(err, errlen, -errno, "ring buffer");
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
	int n = ring_buffer__consume(t->rb);

	if (n != 0)
		return n;
	return ring_buffer__poll(t->rb, timeout_ms);
}

int tracer_stats(struct tracer *t, uint64_t st[DD_TSTAT_MAX])
{
	uint64_t *vals = calloc(t->ncpus, sizeof(uint64_t));
	int fd = bpf_map__fd(t->skel->maps.stats);

	if (!vals)
		return -ENOMEM;
	for (uint32_t i = 0; i < DD_TSTAT_MAX; i++) {
		st[i] = 0;
		if (bpf_map_lookup_elem(fd, &i, vals))
			continue;
		for (int cpu = 0; cpu < t->ncpus; cpu++)
			st[i] += vals[cpu];
	}
	free(vals);
	return 0;
}

void tracer_close(struct tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	trace_bpf__destroy(t->skel);
	free(t);
}

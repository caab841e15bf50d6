// SPDX-License-Identifier: GPL-2.0
/* capture: drops collector lifecycle, ring buffer and counters. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "collect/capture.h"
#include "collect/collect.h"
#include "collect/filter_jit.h"
#include "bpf/cbpf.h"
#include "drops.skel.h"

#define RING_DEFAULT (8u << 20)

struct capture {
	struct drops_bpf *skel;
	struct collect_ring *rb;
	capture_event_fn fn;
	void *arg;
	int ncpus;
};

/* The collector's optional programs: their tracepoints are missing on some
 * kernels, and drops of skbs are worth reporting without them. */
static void capture_optional(struct drops_bpf *skel, bool summary)
{
	static const char *const tps[] = {"xdp_exception", "xdp_redirect_err", "xdp_devmap_xmit",
					  "icmp_send"};
	struct bpf_program *progs[] = {skel->progs.on_xdp_exception,
				       skel->progs.on_xdp_redirect_err,
				       skel->progs.on_xdp_devmap_xmit, skel->progs.on_icmp_send};

	for (size_t i = 0; i < sizeof(tps) / sizeof(tps[0]); i++) {
		bool icmp = progs[i] == skel->progs.on_icmp_send;

		if (libbpf_find_vmlinux_btf_id(tps[i], BPF_TRACE_RAW_TP) < 0 || (icmp && summary))
			bpf_program__set_autoload(progs[i], false);
	}
}

static int on_record(const void *rec, void *arg)
{
	struct capture *c = arg;

	return c->fn(rec, c->arg);
}

int capture_open(const struct capture_opts *o, capture_event_fn fn, void *arg, struct capture **out,
		 char *err, size_t errlen)
{
	struct capture *c;
	uint32_t ring = collect_ring_size(o->c.ring_bytes, RING_DEFAULT);
	int e;

	e = collect_env_check(o->c.verbose, err, errlen);
	if (e)
		return e;
	c = calloc(1, sizeof(*c));
	if (!c)
		return collect_errmsg(err, errlen, -ENOMEM, "capture");
	c->fn = fn;
	c->arg = arg;
	c->ncpus = libbpf_num_possible_cpus();
	c->skel = drops_bpf__open();
	if (!c->skel) {
		e = collect_errmsg(err, errlen, -errno, "opening the BPF collector");
		goto cleanup;
	}
	c->skel->rodata->targ_netns = o->c.netns;
	c->skel->rodata->targ_ifindex = o->c.ifindex;
	for (int i = 0; i < o->nexcl && i < DD_MAX_EXCLUDE; i++)
		c->skel->rodata->excl_reasons[i] = o->excl[i];
	c->skel->rodata->n_excl = o->nexcl;
	c->skel->rodata->summary_mode = o->summary;
	c->skel->rodata->snaplen = o->c.snaplen ? o->c.snaplen : DD_CAP_MAX;
	if (o->c.filter) {
		memcpy((void *)&c->skel->rodata->filter, o->c.filter, sizeof(*o->c.filter));
		e = filter_jit_patch(c->skel->progs.on_kfree_skb, o->c.filter);
		if (e != 1) {
			e = collect_errmsg(err, errlen, e < 0 ? e : -ENOEXEC,
					   "translating the filter for the kernel");
			goto cleanup;
		}
	}
	/* Wake the reader once a batch has piled up; the poll timeout picks
	 * up the rest. One wake-up per event would cost ~4.5 µs each. */
	c->skel->rodata->wakeup_bytes = ring / 16 < 65536 ? ring / 16 : 65536;
	bpf_map__set_max_entries(c->skel->maps.events, o->summary ? COLLECT_RING_MIN : ring);
	capture_optional(c->skel, o->summary);
	e = drops_bpf__load(c->skel);
	if (e) {
		e = collect_errmsg(err, errlen, e, "loading the BPF collector");
		goto cleanup;
	}
	e = drops_bpf__attach(c->skel);
	if (e) {
		e = collect_errmsg(err, errlen, e, "attaching to skb:kfree_skb");
		goto cleanup;
	}
	if (!o->summary) {
		static const struct collect_layout layout = {
		    .size = sizeof(struct dd_event),
		    .version_off = offsetof(struct dd_event, version),
		    .version = DD_EVENT_VERSION,
		};

		e = collect_ring_open(bpf_map__fd(c->skel->maps.events), &layout, on_record, c,
				      &c->rb);
		if (e) {
			e = collect_errmsg(err, errlen, e, "ring buffer");
			goto cleanup;
		}
	}
	*out = c;
	return 0;
cleanup:
	capture_close(c);
	return e;
}

int capture_poll(struct capture *c, int timeout_ms)
{
	return collect_ring_poll(c->rb, timeout_ms);
}

int capture_stats(struct capture *c, uint64_t st[DD_STAT_MAX])
{
	return collect_stats(bpf_map__fd(c->skel->maps.stats), st, DD_STAT_MAX);
}

int capture_summary(struct capture *c, struct capture_row **rows)
{
	int fd = bpf_map__fd(c->skel->maps.summary);
	struct dd_sum_key key, next, *prev = NULL;
	struct capture_row *v = NULL;
	uint64_t *vals = calloc(c->ncpus, sizeof(uint64_t));
	int n = 0, cap = 0;

	if (!vals)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue; /* deleted meanwhile */
		if (n == cap) {
			struct capture_row *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				free(vals);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n].key = key;
		v[n].count = 0;
		for (int cpu = 0; cpu < c->ncpus; cpu++)
			v[n].count += vals[cpu];
		n++;
	}
	free(vals);
	*rows = v;
	return n;
}

int capture_summary_delete(struct capture *c, const struct dd_sum_key *key)
{
	return bpf_map_delete_elem(bpf_map__fd(c->skel->maps.summary), key) ? -errno : 0;
}

void capture_close(struct capture *c)
{
	if (!c)
		return;
	collect_ring_close(c->rb);
	drops_bpf__destroy(c->skel);
	free(c);
}

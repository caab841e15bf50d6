// SPDX-License-Identifier: GPL-2.0
/* capture: drops collector lifecycle, ring buffer and counters. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "collect/capture.h"
#include "collect/filter_jit.h"
#include "bpf/cbpf.h"
#include "drops.skel.h"

#define RING_DEFAULT (8u << 20)

struct capture {
	struct drops_bpf *skel;
	struct ring_buffer *rb;
	capture_event_fn fn;
	void *arg;
	int ncpus;
};

static bool verbose_libbpf;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || (!verbose_libbpf && level == LIBBPF_INFO))
		return 0;
	if (!verbose_libbpf)
		return 0; /* our own one-line errors say what went wrong */
	return vfprintf(stderr, fmt, ap);
}

uint32_t capture_ring_size(uint32_t bytes)
{
	uint32_t v = CAPTURE_RING_MIN;

	if (!bytes)
		return RING_DEFAULT;
	while (v < bytes && v < (1u << 30))
		v <<= 1;
	return v;
}

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

static int on_sample(void *ctx, void *data, size_t size)
{
	struct capture *c = ctx;

	if (size < sizeof(struct dd_event))
		return 0;
	return c->fn(data, c->arg);
}

int capture_errmsg(char *err, size_t n, int e, const char *what)
{
	if (e == -EPERM)
		snprintf(err, n, "%s: missing privileges (need root, or CAP_BPF and CAP_PERFMON)",
			 what);
	else if (e == -EACCES)
		snprintf(err, n, "%s: the kernel's verifier rejected it (-v shows its log)", what);
	else if (e == -ENOENT || e == -ESRCH || e == -EOPNOTSUPP || e == -EINVAL)
		snprintf(err, n, "%s: the kernel does not support it (%s)", what, strerror(-e));
	else
		snprintf(err, n, "%s: %s", what, strerror(-e));
	return e == -EACCES || e == -ESRCH || e == -EINVAL ? -EOPNOTSUPP : e;
}

/* Root, or CAP_BPF with CAP_PERFMON (5.8+), or CAP_SYS_ADMIN. */
static bool privileged(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2] = {};
	uint64_t eff;

	if (syscall(SYS_capget, &h, d))
		return true; /* cannot tell: let the kernel decide */
	eff = ((uint64_t)d[1].effective << 32) | d[0].effective;
	if (eff & (1ull << CAP_SYS_ADMIN))
		return true;
	return (eff & (1ull << 39 /* CAP_BPF */)) && (eff & (1ull << 38 /* CAP_PERFMON */));
}

int capture_env_check(bool verbose, char *err, size_t errlen)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(err, errlen,
			 "the kernel has no BTF (/sys/kernel/btf/vmlinux; "
			 "needs CONFIG_DEBUG_INFO_BTF)");
		return -EOPNOTSUPP;
	}
	if (!privileged()) {
		snprintf(err, errlen,
			 "missing privileges: tracing needs root, or "
			 "CAP_BPF and CAP_PERFMON");
		return -EPERM;
	}
	verbose_libbpf = verbose;
	libbpf_set_print(print_fn);
	return 0;
}

int capture_open(const struct capture_opts *o, capture_event_fn fn, void *arg, struct capture **out,
		 char *err, size_t errlen)
{
	struct capture *c;
	uint32_t ring = capture_ring_size(o->ring_bytes);
	int e;

	e = capture_env_check(o->verbose, err, errlen);
	if (e)
		return e;
	c = calloc(1, sizeof(*c));
	if (!c)
		return capture_errmsg(err, errlen, -ENOMEM, "capture");
	c->fn = fn;
	c->arg = arg;
	c->ncpus = libbpf_num_possible_cpus();
	c->skel = drops_bpf__open();
	if (!c->skel) {
		e = capture_errmsg(err, errlen, -errno, "opening the BPF collector");
		goto cleanup;
	}
	c->skel->rodata->targ_netns = o->netns;
	c->skel->rodata->targ_ifindex = o->ifindex;
	for (int i = 0; i < o->nexcl && i < DD_MAX_EXCLUDE; i++)
		c->skel->rodata->excl_reasons[i] = o->excl[i];
	c->skel->rodata->n_excl = o->nexcl;
	c->skel->rodata->summary_mode = o->summary;
	c->skel->rodata->snaplen = o->snaplen ? o->snaplen : DD_CAP_MAX;
	if (o->filter) {
		memcpy((void *)&c->skel->rodata->filter, o->filter, sizeof(*o->filter));
		e = filter_jit_patch(c->skel->progs.on_kfree_skb, o->filter);
		if (e != 1) {
			e = capture_errmsg(err, errlen, e < 0 ? e : -ENOEXEC,
					   "translating the filter for the kernel");
			goto cleanup;
		}
	}
	/* Wake the reader once a batch has piled up; the poll timeout picks
	 * up the rest. One wake-up per event would cost ~4.5 µs each. */
	c->skel->rodata->wakeup_bytes = ring / 16 < 65536 ? ring / 16 : 65536;
	bpf_map__set_max_entries(c->skel->maps.events, o->summary ? CAPTURE_RING_MIN : ring);
	capture_optional(c->skel, o->summary);
	e = drops_bpf__load(c->skel);
	if (e) {
		e = capture_errmsg(err, errlen, e, "loading the BPF collector");
		goto cleanup;
	}
	e = drops_bpf__attach(c->skel);
	if (e) {
		e = capture_errmsg(err, errlen, e, "attaching to skb:kfree_skb");
		goto cleanup;
	}
	if (!o->summary) {
		c->rb = ring_buffer__new(bpf_map__fd(c->skel->maps.events), on_sample, c, NULL);
		if (!c->rb) {
			e = capture_errmsg(err, errlen, -errno, "ring buffer");
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
	int n;

	if (!c->rb) {
		usleep(timeout_ms * 1000);
		return 0;
	}
	/* Drain what is there first: with wake-ups batched, poll() alone
	 * would sleep while a partial batch waits. */
	n = ring_buffer__consume(c->rb);
	if (n != 0)
		return n;
	return ring_buffer__poll(c->rb, timeout_ms);
}

int capture_stats(struct capture *c, uint64_t st[DD_STAT_MAX])
{
	struct dd_stats *vals = calloc(c->ncpus, sizeof(*vals));
	int fd = bpf_map__fd(c->skel->maps.stats);
	uint32_t zero = 0;

	if (!vals)
		return -ENOMEM;
	for (uint32_t i = 0; i < DD_STAT_MAX; i++)
		st[i] = 0;
	if (!bpf_map_lookup_elem(fd, &zero, vals))
		for (int cpu = 0; cpu < c->ncpus; cpu++)
			for (uint32_t i = 0; i < DD_STAT_MAX; i++)
				st[i] += vals[cpu].v[i];
	free(vals);
	return 0;
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
	ring_buffer__free(c->rb);
	drops_bpf__destroy(c->skel);
	free(c);
}

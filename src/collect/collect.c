// SPDX-License-Identifier: GPL-2.0
/* collect: what the drops and trace collectors share. */
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

#include "collect/collect.h"

struct collect_ring {
	struct ring_buffer *rb;
	struct collect_layout layout;
	collect_fn fn;
	void *arg;
	uint64_t rejected;
};

static bool verbose_libbpf;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !verbose_libbpf)
		return 0; /* our own one-line errors say what went wrong */
	return vfprintf(stderr, fmt, ap);
}

uint32_t collect_ring_size(uint32_t bytes, uint32_t dflt)
{
	uint32_t v = COLLECT_RING_MIN;

	if (!bytes)
		return dflt;
	while (v < bytes && v < (1u << 30))
		v <<= 1;
	return v;
}

int collect_errmsg(char *err, size_t n, int e, const char *what)
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

int collect_env_check(bool verbose, char *err, size_t errlen)
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

static int on_sample(void *ctx, void *data, size_t size)
{
	struct collect_ring *r = ctx;
	const uint8_t *rec = data;

	if (size < r->layout.size || rec[r->layout.version_off] != r->layout.version) {
		r->rejected++;
		return 0;
	}
	return r->fn(rec, r->arg);
}

int collect_ring_open(int map_fd, const struct collect_layout *l, collect_fn fn, void *arg,
		      struct collect_ring **out)
{
	struct collect_ring *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->layout = *l;
	r->fn = fn;
	r->arg = arg;
	r->rb = ring_buffer__new(map_fd, on_sample, r, NULL);
	if (!r->rb) {
		int e = -errno;

		free(r);
		return e ? e : -EIO;
	}
	*out = r;
	return 0;
}

int collect_ring_poll(struct collect_ring *r, int timeout_ms)
{
	int n;

	if (!r) { /* a collector without a ring (drops --summary) */
		usleep(timeout_ms * 1000);
		return 0;
	}
	/* Drain what is there first: with wake-ups batched, poll() alone
	 * would sleep while a partial batch waits. */
	n = ring_buffer__consume(r->rb);
	if (n != 0)
		return n;
	return ring_buffer__poll(r->rb, timeout_ms);
}

uint64_t collect_ring_rejected(const struct collect_ring *r)
{
	return r ? r->rejected : 0;
}

void collect_ring_close(struct collect_ring *r)
{
	if (!r)
		return;
	ring_buffer__free(r->rb);
	free(r);
}

int collect_stats(int map_fd, uint64_t *st, unsigned n)
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t *vals;
	uint32_t zero = 0;

	if (ncpus < 1)
		return ncpus < 0 ? ncpus : -EIO;
	vals = calloc((size_t)ncpus * n, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	memset(st, 0, n * sizeof(*st));
	if (bpf_map_lookup_elem(map_fd, &zero, vals)) {
		int e = -errno;

		free(vals);
		return e;
	}
	for (int cpu = 0; cpu < ncpus; cpu++)
		for (unsigned i = 0; i < n; i++)
			st[i] += vals[(size_t)cpu * n + i];
	free(vals);
	return 0;
}

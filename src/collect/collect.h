/* SPDX-License-Identifier: GPL-2.0 */
/* collect: what the two collectors (capture: drops, tracer: journeys)
 * share — the environment check, one-line libbpf errors, ring-buffer
 * sizing, the ring reader with its layout and version check, and the
 * counters, which both keep as one per-CPU value of N u64s. */
#ifndef DROPDOC_COLLECT_H
#define DROPDOC_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COLLECT_RING_MIN 4096u

struct cbpf_prog;

/* What both collectors are told the same way. */
struct collect_opts {
	uint32_t netns;			/* 0 = all */
	uint32_t ifindex;		/* 0 = all */
	const struct cbpf_prog *filter; /* compiled pcap-filter, or NULL */
	uint32_t ring_bytes;		/* 0 = the collector's default */
	uint32_t snaplen;		/* bytes kept per packet; 0 = the most */
	bool verbose;			/* show libbpf's own messages */
};

/* BTF present and privileges enough; routes libbpf's messages to stderr
 * only when verbose. Returns 0, -EOPNOTSUPP or -EPERM with err filled. */
int collect_env_check(bool verbose, char *err, size_t errlen);
/* A libbpf failure e while doing what, as one line in err; returns the
 * -errno to hand on (verifier and missing-feature errors as -EOPNOTSUPP). */
int collect_errmsg(char *err, size_t n, int e, const char *what);
/* Ring-buffer bytes: dflt for 0, else a power of two >= bytes. */
uint32_t collect_ring_size(uint32_t bytes, uint32_t dflt);

/* A record of the ring is handed on only when it is at least size bytes
 * and its version byte (at version_off) is version: a collector built
 * from other headers is ignored, not misread. */
typedef int (*collect_fn)(const void *rec, void *arg);
struct collect_layout {
	size_t size;
	size_t version_off;
	uint8_t version;
};

struct collect_ring;
/* Returns 0 or -errno. */
int collect_ring_open(int map_fd, const struct collect_layout *l, collect_fn fn, void *arg,
		      struct collect_ring **out);
/* Handles the records that arrived, waiting up to timeout_ms when there
 * are none. Returns the number handled or -errno (-EINTR on a signal). */
int collect_ring_poll(struct collect_ring *r, int timeout_ms);
/* Records of the wrong size or version, ignored so far. */
uint64_t collect_ring_rejected(const struct collect_ring *r);
void collect_ring_close(struct collect_ring *r);

/* The counters: a per-CPU array of one value, n u64s, summed over CPUs
 * into st[0..n). Returns 0 or -errno. */
int collect_stats(int map_fd, uint64_t *st, unsigned n);

#endif

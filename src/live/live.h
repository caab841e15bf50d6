/* SPDX-License-Identifier: GPL-2.0 */
/* live: the core the live runs (drops, trace; the exporter uses the
 * collectors' counters only) share — their options, their preparation
 * (filter, target namespace and interface, reason names, kernel symbols,
 * the explainer), the poll loop and its clock.
 *
 * Errors are -errno values in these terms, which only cli/ turns into
 * exit codes:
 *   -EINVAL      bad options (usage)
 *   -ENOEXEC     a filter expression that does not compile or cannot run
 *   -ENOENT, -ENODEV  an unknown network namespace or interface
 *   -EPERM       missing privileges
 *   -EOPNOTSUPP  the kernel lacks a feature the run needs
 *   anything else  a failure at run time (-EIO when nothing more precise) */
#ifndef DROPDOC_LIVE_H
#define DROPDOC_LIVE_H

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "bpf/cbpf.h"
#include "live/facts.h"

struct pcapng;
struct drop_record;
struct reasons;
struct ksyms;

/* What every live run takes, with one meaning (cli/cmdopt parses them into
 * the struct a run embeds). */
struct live_opts {
	const char *filter;    /* pcap-filter expression, or NULL */
	const char *iface;     /* -i: interface in the -n namespace (or ours) */
	const char *netns;     /* -n: name, path, pid or inode; NULL = all */
	long count;	       /* stop after COUNT printed drops or packets; 0 = no limit */
	double seconds;	       /* stop after SECONDS; 0 = no limit */
	bool json;	       /* JSON lines */
	bool no_explain;       /* no findings (for raw speed) */
	bool quiet;	       /* no per-drop or per-packet lines (-w without --print) */
	bool verbose;	       /* libbpf's messages, warnings */
	struct pcapng *pcapng; /* -w: packets written here too (pcapng.h) */
	uint32_t snaplen;      /* -s: bytes kept per packet; 0 = the most */
	unsigned buffer_kb;    /* ring buffer size; 0 = the collector's default */
	FILE *out;
	/* Hooks for callers that drive traffic themselves (lab): on_ready runs
	 * once everything is attached; on_drop sees every matching drop before
	 * it is printed. Either may be NULL. */
	void (*on_ready)(void *arg);
	void (*on_drop)(const struct drop_record *d, void *arg);
	void *arg;
	volatile sig_atomic_t *stop; /* set to non-zero to end the run */
};

/* What a prepared run holds; live_release() frees it. */
struct live_run {
	const struct live_opts *o;
	struct reasons *reasons;  /* NULL: the kernel names none (codes shown) */
	struct ksyms *ksyms;	  /* NULL: symbols hidden (addresses shown) */
	struct cbpf_prog *filter; /* the compiled filter, NULL for none */
	uint32_t netns, ifindex;  /* -n, -i resolved; 0 = all */
	struct netns_descs *ns;	  /* the namespaces met, resolved once (netns_desc.h) */
	uint64_t now;		  /* CLOCK_MONOTONIC at the last poll */
	struct facts_explainer ex;
	bool explaining;
	int64_t boot_to_real; /* ns to add to CLOCK_BOOTTIME for wall time */
	uint64_t start;	      /* CLOCK_MONOTONIC when the loop began */
};

uint64_t live_clock(clockid_t id);

/* Compiles the filter, resolves -n/-i, loads reason names and symbols and,
 * when explain, opens the explainer. Returns 0 or -errno with a one-line
 * reason in err; live_release() either way. */
int live_prepare(struct live_run *r, const struct live_opts *o, bool explain, char *err,
		 size_t errlen);
void live_release(struct live_run *r);
/* What the collector is told, from the run (target, filter) and its
 * options (ring size, snaplen, verbosity). */
struct collect_opts;
void live_collect_opts(const struct live_run *r, struct collect_opts *c);

/* The poll loop: poll(src, ms) hands records to the run's callbacks; tick
 * (may be NULL) runs after each poll with the monotonic time. It ends on
 * *stop, *done, the time limit, or when the output went away (a closed
 * pipe: the run ends cleanly), then drains what the ring still holds.
 * Returns 0 or -errno with a one-line reason in err. */
struct live_loop {
	int (*poll)(void *src, int timeout_ms);
	void *src;
	int (*tick)(void *arg, uint64_t now, char *err, size_t errlen);
	void *arg;
	const bool *done;
	const char *what; /* "events", "hops": for the error line */
};
int live_loop_run(struct live_run *r, const struct live_loop *l, char *err, size_t errlen);

/* An error of netns_target(): the namespace or interface named by the
 * user was not found, or could not be looked at. */
static inline int live_err_target(int e)
{
	return e == -EPERM || e == -ENOENT || e == -ENODEV ? e : -EIO;
}

/* An error of opening a collector (capture_open, tracer_open): a missing
 * program type, map type or tracepoint is the kernel's lack. */
static inline int live_err_open(int e)
{
	if (e == -EPERM)
		return e;
	return e == -EOPNOTSUPP || e == -ENOENT ? -EOPNOTSUPP : -EIO;
}

#endif

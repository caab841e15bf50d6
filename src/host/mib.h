/* SPDX-License-Identifier: GPL-2.0 */
/* mib: a namespace's SNMP/MIB counters as nstat names them ("UdpNoPorts",
 * "TcpExtListenDrops", "Ip6InNoRoutes"), read from /proc/net/snmp,
 * /proc/net/netstat and /proc/net/snmp6 inside the namespace; and which of
 * them moved between two readings, errors and drops first.
 *
 * The tracker keeps one reading per namespace and answers "what moved
 * since the last time I asked about this namespace". Deltas need a
 * reading from before the drop: mib_tracker_baseline() takes one (the
 * facts module does it for every namespace it can see at start). Asked
 * about a namespace it has no reading of, the tracker answers with the
 * error counters' values instead (mib_delta.total set), and keeps the
 * reading as the baseline for the next question. Nothing here prints. */
#ifndef DROPDOC_MIB_H
#define DROPDOC_MIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most deltas one answer holds. */
#define MIB_MAX_DELTAS 8

/* A counter of /proc/net/{snmp,netstat,snmp6} that moved. */
struct mib_delta {
	char name[48]; /* "IpExtInNoRoutes", "UdpNoPorts", ... (nstat names) */
	int64_t delta;
	/* no earlier reading of this namespace: delta is the counter's value
	 * (everything since the namespace was created) */
	bool total;
};

struct mib_counter {
	char name[48];
	int64_t value; /* as printed; a few (TcpMaxConn) are -1 */
};

/* A reading: counters in file order (names are unique). */
struct mib_set {
	struct mib_counter *v;
	size_t n, cap;
};

void mib_set_free(struct mib_set *s);
/* Parsers of the two layouts, appending to s; return 0 or -errno (-EINVAL
 * when a header and its values line do not pair up). */
/* /proc/net/snmp, /proc/net/netstat: "Ip: A B" then "Ip: 1 2" → IpA, IpB */
int mib_parse_table(const char *text, struct mib_set *s);
/* /proc/net/snmp6: "Ip6InReceives  123" per line */
int mib_parse_lines(const char *text, struct mib_set *s);
/* All three files of the namespace open at nsfd (-1: ours). A file the
 * kernel lacks (no IPv6) is skipped. Returns 0 or -errno. */
int mib_read(int nsfd, struct mib_set *s);
const struct mib_counter *mib_get(const struct mib_set *s, const char *name);

/* Is this counter about errors, drops or refusals? Those come first: drops
 * and errors, then refusals (ICMP unreachable, RST), then the rest. */
bool mib_is_error(const char *name);
/* Counters that differ between before and now, errors first, then by size
 * of the change; fills up to n and returns how many it filled. */
int mib_moved(const struct mib_set *before, const struct mib_set *now, struct mib_delta *out,
	      int n);
/* Error counters with a non-zero value (total = true), largest first. */
int mib_totals(const struct mib_set *now, struct mib_delta *out, int n);

struct mib_tracker;
/* min_interval_ms: a question about a namespace read less than this ago
 * gets the previous answer again (floods of drops cost one reading per
 * interval; nothing is lost, the next reading diffs against the last). */
int mib_tracker_new(unsigned min_interval_ms, struct mib_tracker **out);
void mib_tracker_free(struct mib_tracker *t); /* NULL is fine */
/* Keep a reading of netns as its baseline (read at nsfd). */
int mib_tracker_baseline(struct mib_tracker *t, uint32_t netns, int nsfd);
/* Read netns at nsfd and answer what moved since the previous reading:
 * with names (NULL-terminated nstat names), those of them that moved (or
 * their totals, with no reading before); without, the counters that moved,
 * errors first (or the error counters' totals). */
int mib_tracker_moved(struct mib_tracker *t, uint32_t netns, int nsfd, const char *const *names,
		      struct mib_delta *out, int n);
/* The same with the reading given (now: moved into the tracker, left empty)
 * and the time in ms, for tests. */
int mib_tracker_update(struct mib_tracker *t, uint32_t netns, struct mib_set *now, uint64_t now_ms,
		       const char *const *names, struct mib_delta *out, int n);
/* How many readings the tracker has taken (tests, stats). */
unsigned long mib_tracker_reads(const struct mib_tracker *t);

#endif

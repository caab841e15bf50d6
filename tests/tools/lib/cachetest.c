// SPDX-License-Identifier: GPL-2.0
/* cachetest: exercises netcfg_cache on a namespace the test owns.
 *   cachetest NETNS DEV
 * 1. first get builds the model; 20000 more gets build nothing and are
 *    cheap; 2. a route added over netlink (ip route add) → the next get
 *    sees it (rebuilt once); 3. an rp_filter sysctl change (a netconf
 *    notification) → rebuilt; 4. a held reference stays valid and
 *    unchanged across rebuilds; 5. 5,000 routes added at once overrun the
 *    notification socket (ENOBUFS): the next get rebuilds whole and has
 *    them all; 6. bounded: 3 × NETCFG_CACHE_MAX
 *    namespaces asked for (the test's own, under other keys) leave at most
 *    NETCFG_CACHE_MAX held, with the fds they hold given back. Prints one
 *    line per step, exits 1 on failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/netcfg.h"
#include "host/netns.h"

static int failures;

#define EXPECT(cond, ...)                                                                          \
	do {                                                                                       \
		printf("%s - ", (cond) ? "ok" : "FAIL");                                           \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		if (!(cond))                                                                       \
			failures++;                                                                \
	} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *churn_ns;

/* Every key opens the test's namespace: many entries, one namespace. */
static int open_churn(uint32_t inode, int *fd)
{
	struct netns_ref r;
	int err;

	(void)inode;
	err = netns_resolve(churn_ns, &r);
	if (!err)
		*fd = r.fd;
	return err;
}

static int open_fds(void)
{
	char p[64];
	int n = 0;

	for (int fd = 0; fd < 4096; fd++) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		n += access(p, F_OK) == 0;
	}
	return n;
}

/* 5: the cache stays bounded however many namespaces come by. */
static void bounded(void)
{
	struct netcfg_cache *c;
	int err, fds0 = open_fds(), most = 0;

	if (netcfg_cache_new(open_churn, 0, &c))
		return;
	for (uint32_t k = 1; k <= 3 * NETCFG_CACHE_MAX; k++) {
		netcfg_unref(netcfg_cache_get(c, k, &err));
		if ((int)netcfg_cache_count(c) > most)
			most = (int)netcfg_cache_count(c);
	}
	EXPECT(most == NETCFG_CACHE_MAX && open_fds() - fds0 <= 2 * NETCFG_CACHE_MAX,
	       "%d namespaces asked for: at most %d held (limit %d), %d fds more than before",
	       3 * NETCFG_CACHE_MAX, most, NETCFG_CACHE_MAX, open_fds() - fds0);
	netcfg_cache_free(c);
	EXPECT(open_fds() == fds0, "freed: every fd given back (%d, was %d)", open_fds(), fds0);
}

/* 5: more notifications than the socket holds. */
static void overrun(struct netcfg_cache *c, uint32_t inode, const char *ns, const char *dev)
{
	char path[] = "/tmp/cachetest-XXXXXX", cmd[256];
	struct netcfg *m;
	size_t before;
	int fd = mkstemp(path), err;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		return;
	m = netcfg_cache_get(c, inode, &err);
	before = m ? m->n_routes : 0;
	netcfg_unref(m);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "route add 10.201.%d.%d/32 dev %s\n", i / 250, i % 250 + 1, dev);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -n %s -batch %s", ns, path);
	if (system(cmd) == 0) {
		m = netcfg_cache_get(c, inode, &err);
		EXPECT(m && m->n_routes == before + 5000 && netcfg_cache_overruns(c) >= 1,
		       "5000 routes at once: notifications lost %lu time(s), rebuilt whole: %zu -> "
		       "%zu routes",
		       netcfg_cache_overruns(c), before, m ? m->n_routes : 0);
		netcfg_unref(m);
	}
	unlink(path);
}

static int run(const char *fmt, const char *ns, const char *dev)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), fmt, ns, dev);
	return system(cmd);
}

int main(int argc, char **argv)
{
	struct netcfg_cache *c;
	struct netcfg *first, *m;
	struct netns_ref ref;
	size_t routes0;
	double t0, per;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: cachetest NETNS DEV\n");
		return 2;
	}
	if (netns_resolve(argv[1], &ref)) {
		fprintf(stderr, "cachetest: no namespace %s\n", argv[1]);
		return 2;
	}
	netns_ref_close(&ref);
	if (netcfg_cache_new(NULL, 0, &c))
		return 2;
	first = netcfg_cache_get(c, ref.inode, &err);
	EXPECT(first && netcfg_cache_builds(c) == 1, "first get builds the model (err %d)", err);
	if (!first)
		return 1;
	routes0 = first->n_routes;
	t0 = now();
	for (int i = 0; i < 20000; i++) {
		m = netcfg_cache_get(c, ref.inode, &err);
		netcfg_unref(m);
	}
	per = (now() - t0) / 20000 * 1e6;
	EXPECT(netcfg_cache_builds(c) == 1 && per < 50,
	       "20000 unchanged gets: %lu builds, %.2f us per get", netcfg_cache_builds(c), per);
	if (run("ip -n %s route add 10.99.0.0/16 dev %s", argv[1], argv[2]))
		return 2;
	m = netcfg_cache_get(c, ref.inode, &err);
	EXPECT(m && m->n_routes == routes0 + 1 && netcfg_cache_builds(c) == 2,
	       "route added → rebuilt once, %zu → %zu routes", routes0, m ? m->n_routes : 0);
	netcfg_unref(m);
	m = netcfg_cache_get(c, ref.inode, &err);
	EXPECT(netcfg_cache_builds(c) == 2, "no change since → no rebuild");
	netcfg_unref(m);
	if (run("ip netns exec %s sysctl -qw net.ipv4.conf.%s.rp_filter=2", argv[1], argv[2]))
		return 2;
	m = netcfg_cache_get(c, ref.inode, &err);
	EXPECT(m && netcfg_cache_builds(c) == 3 &&
		   netcfg_rp_filter(m, netcfg_link_by_name(m, argv[2])) == 2,
	       "rp_filter changed → rebuilt, model says %d",
	       m ? netcfg_rp_filter(m, netcfg_link_by_name(m, argv[2])) : -1);
	netcfg_unref(m);
	EXPECT(first->n_routes == routes0, "a held reference is untouched by rebuilds");
	overrun(c, ref.inode, argv[1], argv[2]);
	netcfg_unref(first);
	netcfg_cache_free(c);
	churn_ns = argv[1];
	bounded();
	return failures ? 1 : 0;
}

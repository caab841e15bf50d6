// SPDX-License-Identifier: GPL-2.0
/* cachetest: exercises netcfg_cache on a namespace the test owns.
 *   cachetest NETNS DEV
 * 1. first get builds the model; 20000 more gets build nothing and are
 *    cheap; 2. a route added over netlink (ip route add) → the next get
 *    sees it (rebuilt once); 3. an rp_filter sysctl change (a netconf
 *    notification) → rebuilt; 4. a held reference stays valid and
 *    unchanged across rebuilds. Prints one line per step, exits 1 on failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	netcfg_unref(first);
	netcfg_cache_free(c);
	return failures ? 1 : 0;
}

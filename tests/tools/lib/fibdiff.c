// SPDX-License-Identifier: GPL-2.0
/* fibdiff: the differential test of the offline FIB model. Run inside a
 * namespace (ip netns exec NS fibdiff ...): loads the model over netlink,
 * draws (src, dst, iif) cases from the addresses and prefixes it holds plus
 * odd ones (martians, local, broadcast, random), asks the kernel
 * (RTM_GETROUTE with iif) and the model, and counts agreement.
 *
 *   fibdiff [-s SEED] [-c COUNT] [-v]   differential run; prints
 *                                       "agree N/M" and exits 1 on any
 *                                       disagreement (each one printed)
 *   fibdiff --roundtrip                 model → JSON → model, must be equal
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "model/fib.h"
#include "model/netcfg.h"
#include "host/rtnl.h"
#include "model/snapshot.h"

static uint32_t rnd(void)
{
	return (uint32_t)random();
}

static uint32_t host_in(uint32_t net, unsigned len)
{
	uint32_t m = len ? ~0u << (32 - len) : 0;

	return htonl((ntohl(net) & m) | (rnd() & ~m));
}

/* An address drawn from what the model knows, or an odd one. */
static uint32_t pick_addr(const struct netcfg *cfg)
{
	switch (rnd() % 10) {
	case 0: /* a local address */
		if (cfg->n_addrs)
			return cfg->addrs[rnd() % cfg->n_addrs].local;
		break;
	case 1: /* odd: martians, broadcast */ {
		static const char *odd[] = {"0.0.0.0",	 "127.0.0.1", "255.255.255.255", "0.1.2.3",
					    "127.9.9.9", "8.8.8.8",   "1.1.1.1"};
		struct in_addr a;

		inet_pton(AF_INET, odd[rnd() % 7], &a);
		return a.s_addr;
	}
	case 2: /* fully random, not multicast */
		return htonl(rnd() % 0xe0000000u);
	case 3: /* a gateway */
		for (int t = 0; t < 8 && cfg->n_routes; t++) {
			const struct netcfg_route *r = &cfg->routes[rnd() % cfg->n_routes];

			if (r->nh_count && r->nh[0].gw)
				return r->nh[0].gw;
		}
		break;
	case 4: /* a connected subnet's broadcast */
		if (cfg->n_addrs) {
			const struct netcfg_addr *a = &cfg->addrs[rnd() % cfg->n_addrs];

			if (a->broadcast)
				return a->broadcast;
		}
		break;
	default: /* inside a route's prefix */
		if (cfg->n_routes) {
			const struct netcfg_route *r = &cfg->routes[rnd() % cfg->n_routes];
			uint32_t a = host_in(r->dst, r->dst_len);

			if ((ntohl(a) & 0xf0000000u) != 0xe0000000u)
				return a;
		}
	}
	return htonl(0x0a000000u | (rnd() & 0xffffff));
}

static void show(const char *what, const struct netcfg *cfg, int err, int type, int oif,
		 uint32_t gw, uint32_t table)
{
	char g[INET_ADDRSTRLEN], tb[16];

	inet_ntop(AF_INET, &gw, g, sizeof(g));
	fprintf(stderr, "    %-6s err=%s type=%d dev=%s gw=%s table=%s\n", what,
		err ? strerror(-err) : "0", type, oif ? netcfg_ifname(cfg, oif) : "-", g,
		netcfg_table_name(table, tb, sizeof(tb)));
}

static int differential(const struct netcfg *cfg, unsigned count, int verbose)
{
	struct rtnl nl;
	int cand[256], nc = 0, agree = 0, total = 0;
	int kinds[FIB_CAUSE_MAX + 4] = {0};

	for (size_t i = 0; i < cfg->n_links && nc < 256; i++)
		if (cfg->links[i].ifindex != FIB_LOOPBACK_IFINDEX && (cfg->links[i].flags & 1))
			cand[nc++] = cfg->links[i].ifindex;
	if (!nc) {
		fprintf(stderr, "fibdiff: no up interface\n");
		return 2;
	}
	if (rtnl_open(&nl, 0)) {
		fprintf(stderr, "fibdiff: netlink: %s\n", strerror(errno));
		return 2;
	}
	for (unsigned i = 0; i < count; i++) {
		uint32_t src = pick_addr(cfg), dst = pick_addr(cfg);
		int iif = cand[rnd() % (unsigned)nc];
		struct fib_result m;
		struct fib_kernel_answer k;
		char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

		if ((ntohl(dst) & 0xf0000000u) == 0xe0000000u)
			continue; /* multicast: not modelled */
		fib_input(cfg, src, dst, iif, 0, 0, &m);
		if (fib_kernel_get(&nl, src, dst, iif, 0, &k)) {
			fprintf(stderr, "fibdiff: cannot ask the kernel\n");
			rtnl_close(&nl);
			return 2;
		}
		total++;
		kinds[m.verdict == FIB_V_DROP ? 4 + (int)m.cause : (int)m.verdict]++;
		inet_ntop(AF_INET, &src, s, sizeof(s));
		inet_ntop(AF_INET, &dst, d, sizeof(d));
		if (fib_agrees(&m, &k)) {
			agree++;
			if (verbose)
				fprintf(stderr, "same %s -> %s iif %s: %s (%s)\n", s, d,
					netcfg_ifname(cfg, iif), fib_verdict_name(m.verdict),
					fib_cause_name(m.cause));
			continue;
		}
		fprintf(stderr, "DIFF ip route get %s from %s iif %s\n", d, s,
			netcfg_ifname(cfg, iif));
		show("kernel", cfg, k.err, k.type, k.oif, k.gw, k.table);
		show("model", cfg, m.err, m.type, m.n_paths ? m.oif[0] : 0, m.n_paths ? m.gw[0] : 0,
		     m.table);
		fprintf(stderr, "    model cause %s, rpf %d\n", fib_cause_name(m.cause), m.rpf);
	}
	rtnl_close(&nl);
	printf("# local %d broadcast %d forward %d", kinds[FIB_V_LOCAL], kinds[FIB_V_BROADCAST],
	       kinds[FIB_V_FORWARD]);
	for (int c = 1; c < FIB_CAUSE_MAX; c++)
		if (kinds[4 + c])
			printf(" %s %d", fib_cause_name((enum fib_cause)c), kinds[4 + c]);
	printf("\n");
	printf("agree %d/%d\n", agree, total);
	return agree == total ? 0 : 1;
}

static int roundtrip(struct netcfg *cfg)
{
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct snapshot s;
	int ret;

	if (!f || snapshot_write(f, &cfg, 1) || fclose(f)) {
		fprintf(stderr, "fibdiff: write failed\n");
		return 2;
	}
	ret = snapshot_parse(text, len, &s, err, sizeof(err));
	free(text);
	if (ret) {
		fprintf(stderr, "fibdiff: %s\n", err);
		return 1;
	}
	ret = s.n == 1 && netcfg_equal(cfg, s.ns[0]) ? 0 : 1;
	printf("roundtrip %s: %zu links %zu addrs %zu routes %zu rules %zu neighs\n",
	       ret ? "DIFFERS" : "equal", cfg->n_links, cfg->n_addrs, cfg->n_routes, cfg->n_rules,
	       cfg->n_neighs);
	snapshot_free(&s);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"roundtrip", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	unsigned seed = 1, count = 100;
	int verbose = 0, rt = 0, c, ret;
	struct netcfg *cfg;
	char err[256];

	while ((c = getopt_long(argc, argv, "s:c:v", opts, NULL)) != -1) {
		if (c == 's')
			seed = (unsigned)strtoul(optarg, NULL, 0);
		else if (c == 'c')
			count = (unsigned)strtoul(optarg, NULL, 0);
		else if (c == 'v')
			verbose = 1;
		else if (c == 'r')
			rt = 1;
		else
			return 2;
	}
	srandom(seed);
	if (netcfg_load(-1, &cfg, err, sizeof(err))) {
		fprintf(stderr, "fibdiff: %s\n", err);
		return 2;
	}
	ret = rt ? roundtrip(cfg) : differential(cfg, count, verbose);
	netcfg_unref(cfg);
	return ret;
}

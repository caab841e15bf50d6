// SPDX-License-Identifier: GPL-2.0
/* explaincost: what one explanation costs, per drop, measured on the seed
 * 000 configuration (5 links, 7 routes): the finding for an rp_filter drop
 * (a full input lookup and reverse-path check over the model), for a
 * foreign-MAC drop, and for an unexplained one. Also the cost of getting
 * the cached model of a live namespace (netcfg_cache_get, nothing changed).
 *
 * usage: explaincost [FIXTURE] [N] */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "host/netns.h"
#include "model/snapshot.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double time_explain(const struct explain_in *in, long n, struct finding *f)
{
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		explain_drop(in, f);
	return (now_ns() - t0) / n;
}

int main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "tests/fixtures/seed000.json";
	long n = argc > 2 ? atol(argv[2]) : 200000;
	struct snapshot snap;
	struct netcfg *cfg;
	struct netcfg_cache *cache;
	struct netns_ref self;
	struct drop_record d = {0};
	struct pkt p = {0};
	struct finding f;
	struct explain_in in = {.d = &d, .pre = ""};
	char err[256];
	double t0;
	int e = 0;

	if (snapshot_read(file, &snap, err, sizeof(err))) {
		fprintf(stderr, "explaincost: %s\n", err);
		return 1;
	}
	cfg = snapshot_find(&snap, NULL);
	in.cfg = cfg;
	p.has_eth = true;
	p.family = AF_INET;
	p.proto = IPPROTO_ICMP;
	p.sport = p.dport = p.vlan = -1;
	inet_pton(AF_INET, "180.76.76.76", &p.src.v4);
	inet_pton(AF_INET, "10.0.2.15", &p.dst.v4);
	d.pkt = &p;
	d.dev = "enp0s3";
	d.ifindex = (uint32_t)netcfg_link_by_name(cfg, "enp0s3")->ifindex;
	d.location = "ip_rcv_finish_core";

	d.reason = "IP_RPFILTER";
	printf("explain IP_RPFILTER (rp_filter_strict):  %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.reason = "OTHERHOST";
	printf("explain OTHERHOST (foreign_dst_mac):     %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.reason = "SOCKET_RCVBUFF";
	printf("explain SOCKET_RCVBUFF (unexplained):    %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	snapshot_free(&snap);

	/* the cached model of our own namespace, unchanged between calls */
	if (netns_self(&self) || netcfg_cache_new(netns_open_inode, 1000, &cache))
		return 1;
	netcfg_unref(netcfg_cache_get(cache, self.inode, &e));
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		netcfg_unref(netcfg_cache_get(cache, self.inode, &e));
	printf("netcfg_cache_get (live, unchanged):      %8.0f ns per drop (%lu builds)\n",
	       (now_ns() - t0) / n, netcfg_cache_builds(cache));
	netcfg_cache_free(cache);
	netns_ref_close(&self);
	return 0;
}

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
#include "live/facts.h"
#include "model/snapshot.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A reason's code as BTF would give it (any distinct number will do). */
static uint32_t code_of(const char *reason)
{
	uint32_t h = 5381;

	while (*reason)
		h = h * 33 + (unsigned char)*reason++;
	return 2 + h % 500;
}

static double time_explain(const struct explain_in *in, long n, struct finding *f)
{
	((struct drop_record *)in->d)->reason_code = code_of(in->d->reason);
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		explain_drop(in, f);
	return (now_ns() - t0) / n;
}

/* Rules that ask the live host (sysctls, qdiscs), with a live run's facts
 * on our own namespace: the first drop reads, the next ones within a
 * second reuse the answer. */
static void live_facts(const struct netcfg *cfg, long n)
{
	struct explain_env env;
	struct drop_record d = {0};
	struct pkt p = {0};
	struct finding f;
	struct explain_in in = {.d = &d, .cfg = cfg, .env = &env, .pre = ""};

	if (facts_env_init(&env))
		return;
	p.family = AF_INET6;
	p.has_eth = true;
	d.pkt = &p;
	d.dev = "lo";
	d.ifindex = 1;
	d.reason = "IPV6DISABLED";
	d.location = "ip6_rcv_core";
	printf("explain IPV6DISABLED (live sysctls):     %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.reason = "QDISC_DROP";
	d.location = "__dev_queue_xmit";
	printf("explain QDISC_DROP (live qdiscs):        %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	facts_env_free(&env);
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

	/* as a live run does: reason codes matched once per run */
	if (explain_index_new(&in.index))
		return 1;
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
	/* the catalogue's rows without rules of their own */
	d.reason = "PROTO_MEM";
	printf("explain PROTO_MEM (described):           %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.reason = "NOT_SPECIFIED";
	d.location = "ip6_mc_input";
	printf("explain NOT_SPECIFIED@ip6_mc_input (normal): %5.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.location = "some_function";
	printf("explain NOT_SPECIFIED elsewhere (unexplained): %3.0f ns per drop\n",
	       time_explain(&in, n, &f));
	/* forwarding rules: a route lookup over the model */
	d.location = "ip_forward";
	d.reason = "IP_INHDR";
	p.ttl = 1;
	inet_pton(AF_INET, "10.0.2.15", &p.src.v4);
	inet_pton(AF_INET, "8.8.8.8", &p.dst.v4);
	d.icmp_type = d.icmp_code = -1;
	printf("explain IP_INHDR@ip_forward (ttl-expired): %6.0f ns per drop\n",
	       time_explain(&in, n, &f));
	d.reason = "PKT_TOO_BIG";
	p.ip_len = 1500;
	printf("explain PKT_TOO_BIG (mtu-too-small):     %8.0f ns per drop\n",
	       time_explain(&in, n, &f));
	live_facts(cfg, n / 10);
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

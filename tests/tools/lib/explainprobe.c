// SPDX-License-Identifier: GPL-2.0
/* explainprobe: run the explain table on a drop described on the command
 * line, against the live configuration (netcfg_load) and the live facts
 * (facts_env_init) of a namespace — the rows' integration test, without
 * waiting for a real drop.
 *
 *   explainprobe NETNS REASON DEV PROTO SRC SPORT DST DPORT
 *
 * PROTO: udp, tcp or icmp; ports 0 for none. Prints the finding as one
 * JSON line {"type":"finding", ...}. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "live/facts.h"
#include "host/netns.h"
#include "out/out_finding.h"

static int addr(const char *s, struct pkt *p, int which)
{
	void *dst = which ? (void *)&p->dst : (void *)&p->src;
	int fam = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(fam, s, dst) != 1)
		return -1;
	p->family = fam;
	return 0;
}

int main(int argc, char **argv)
{
	struct netns_ref ns;
	struct explain_env env = {0};
	struct netcfg *cfg = NULL;
	struct drop_record d = {0};
	struct pkt p = {0};
	struct finding f;
	char err[256] = "", pre[128] = "";
	uint32_t ifindex = 0;

	if (argc != 9) {
		fprintf(stderr, "usage: explainprobe NETNS REASON DEV PROTO SRC SPORT DST DPORT\n");
		return 2;
	}
	if (netns_resolve(argv[1], &ns)) {
		fprintf(stderr, "explainprobe: no namespace %s\n", argv[1]);
		return 1;
	}
	if (netcfg_load(ns.fd, &cfg, err, sizeof(err)))
		fprintf(stderr, "explainprobe: no model: %s\n", err);
	if (facts_env_init(&env))
		fprintf(stderr, "explainprobe: no facts\n");
	netns_ifindex(&ns, argv[3], &ifindex);
	p.proto = !strcmp(argv[4], "udp")   ? IPPROTO_UDP
		  : !strcmp(argv[4], "tcp") ? IPPROTO_TCP
					    : IPPROTO_ICMP;
	if (addr(argv[5], &p, 0) || addr(argv[7], &p, 1)) {
		fprintf(stderr, "explainprobe: bad address\n");
		return 2;
	}
	p.tcp_flags = p.proto == IPPROTO_TCP ? 0x02 : 0; /* a SYN */
	p.sport = atoi(argv[6]) ? atoi(argv[6]) : -1;
	p.dport = atoi(argv[8]) ? atoi(argv[8]) : -1;
	d.reason = argv[2];
	d.location = "explainprobe";
	d.dev = argv[3];
	d.ifindex = ifindex;
	d.netns = ns.inode;
	d.netns_name = ns.name;
	d.pkt = &p;
	if (ns.name[0] && !strchr(ns.name, '/'))
		snprintf(pre, sizeof(pre), "ip netns exec %s ", ns.name);
	explain_drop(&(struct explain_in){.d = &d, .cfg = cfg, .env = &env, .pre = pre}, &f);
	out_finding_json(stdout, &f);
	facts_env_free(&env);
	netcfg_unref(cfg);
	netns_ref_close(&ns);
	return 0;
}

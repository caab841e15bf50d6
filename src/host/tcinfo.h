/* SPDX-License-Identifier: GPL-2.0 */
/* tcinfo: the tc programs and filters on one device's ingress or egress
 * hook in a namespace, as `tc filter show dev DEV ingress` lists them —
 * clsact filters over rtnetlink (RTM_GETTFILTER: kind, priority, and for
 * cls_bpf the program's id, name, tag and direct-action). tcx links are not
 * listed: Debian 12's libbpf and uapi headers predate them. Nothing here
 * prints. */
#ifndef DROPDOC_TCINFO_H
#define DROPDOC_TCINFO_H

#include <stdbool.h>
#include <stdint.h>

#define TCINFO_MAX 8

struct tcinfo_filter {
	char kind[16];	  /* "bpf", "u32", "matchall" */
	uint32_t prio;	  /* filter priority (pref) */
	uint16_t proto;	  /* ETH_P_*, host order */
	uint32_t prog_id; /* BPF program, 0 for others */
	char prog_name[64];
	char tag[17];
	bool direct_action;
};

/* The filters of ifindex's ingress (egress false) hook in the namespace
 * open at nsfd (-1: ours). Fills up to n, returns how many, or -errno. */
int tcinfo_list(int nsfd, int ifindex, bool egress, struct tcinfo_filter *out, int n);

#endif

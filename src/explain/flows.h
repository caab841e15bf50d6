/* SPDX-License-Identifier: GPL-2.0 */
/* flows: pairing replies with their requests (ICMP echo by id and sequence,
 * TCP SYN with SYN-ACK, UDP by the reversed 5-tuple) per network
 * namespace, and deciding asymmetry: a reply leaving a namespace by another
 * device than its request arrived on. Pure: fed with hops, never prints;
 * flows_asym_finding() turns a decision and the namespace's default routes
 * into the finding with evidence and fix. */
#ifndef DROPDOC_FLOWS_H
#define DROPDOC_FLOWS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"
#include "model/finding.h"

#define FLOWS_DEV_MAX 16

enum flow_role {
	FLOW_OTHER = 0,
	FLOW_REQUEST, /* ICMP echo request, TCP SYN, UDP */
	FLOW_REPLY,   /* ICMP echo reply, TCP SYN-ACK, UDP */
};

/* One hop as flows sees it. */
struct flow_hop {
	uint64_t packet;
	uint32_t netns;
	uint32_t ifindex;
	const char *dev;
	const struct pkt *pkt;
	/* for a reply's TX: the route the packet took in this namespace */
	bool has_route;
	uint32_t table, metric, route_ifindex;
	struct in_addr gw; /* 0.0.0.0: none */
};

/* A reply that leaves by another device than its request came in on. */
struct flow_asym {
	uint32_t netns;
	int family;
	uint8_t proto;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} client, server; /* request src and dst */
	uint64_t req_packet, rep_packet;
	uint32_t in_ifindex, out_ifindex;
	char in_dev[FLOWS_DEV_MAX], out_dev[FLOWS_DEV_MAX];
	bool has_route; /* the reply's route, when the lookup was seen */
	uint32_t table, metric;
	struct in_addr gw;
};

/* A default route of the namespace (flows_default_routes fills these). */
struct flow_route {
	uint32_t table, ifindex, metric;
	char dev[FLOWS_DEV_MAX];
	struct in_addr gw; /* 0.0.0.0: none */
};

struct netcfg;
/* The IPv4 unicast default routes of the model, every table, in the
 * kernel's dump order; fills up to max and returns how many. */
int flows_default_routes(const struct netcfg *cfg, struct flow_route *out, int max);

enum flow_role flows_role(const struct pkt *p);

struct flows;
struct flows *flows_new(void);
void flows_free(struct flows *f);

/* Feed every RX hop (requests are remembered) and every TX hop (replies
 * are compared). Returns 1 and fills *out when h is a reply leaving by
 * another device than its request arrived on in the same namespace, the
 * first time for that (namespace, server address, in, out); else 0. */
int flows_hop_rx(struct flows *f, const struct flow_hop *h);
int flows_hop_tx(struct flows *f, const struct flow_hop *h, struct flow_asym *out);

/* The asymmetric_route finding: routes are the namespace's default routes
 * (may be empty); ip_prefix is "ip" or "ip -n NAME" for the commands. */
void flows_asym_finding(const struct flow_asym *a, const struct flow_route *routes, int nroutes,
			const char *ip_prefix, struct finding *out);

#endif

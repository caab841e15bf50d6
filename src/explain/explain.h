/* SPDX-License-Identifier: GPL-2.0 */
/* explain: (drop, configuration of the namespace it happened in) → finding.
 *
 * Pure: a rule reads only its inputs — the drop record, the netcfg model,
 * and facts the caller gathered through explain_env (listening sockets,
 * counters, firewall rules) — so every rule is unit-tested on fixtures.
 * Knowledge is data: explain_rules.c holds the table of drop classes, one
 * row per class, read top to bottom; a drop no row claims still gets a
 * finding with id "unexplained" (the reason's meaning, the location, and
 * the counters that moved), so the gap is visible. */
#ifndef DROPDOC_EXPLAIN_H
#define DROPDOC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/record.h"
#include "host/mib.h"
#include "model/finding.h"
#include "model/netcfg.h"
#include "model/nftrules.h"
#include "host/qdiscinfo.h"
#include "host/route6.h"
#include "host/softnet.h"
#include "host/tcinfo.h"
#include "host/xdpinfo.h"
#include "host/xfrminfo.h"

#define EXPLAIN_MAX_SOCKS 8
#define EXPLAIN_MAX_MIBS  MIB_MAX_DELTAS

/* A socket listening (TCP) or bound (UDP) somewhere. */
struct explain_sock {
	char local[64]; /* "0.0.0.0:53", "[::]:53", "192.0.2.1:80", "0.0.0.0%eth1:53" */
	uint32_t netns; /* inode */
	char netns_name[64];
	char proc[48]; /* "pid/comm" of a holder, "" when unknown */
	/* what decides whether it would have taken the packet */
	int family; /* AF_INET, AF_INET6 */
	int proto;  /* IPPROTO_TCP (a listener), IPPROTO_UDP */
	int port;
	uint8_t addr[16]; /* bound address, network order (AF_INET: 4 bytes) */
	bool v6only;	  /* AF_INET6 that takes no IPv4 */
	char dev[16];	  /* bound to this device (SO_BINDTODEVICE), "" */
	char peer[64];	  /* connected UDP: the only sender it takes from, "" */
	/* its queues (sockdiag_sock): has_mem when known */
	bool has_mem;
	uint32_t rmem, rcvbuf, drops; /* bytes held, buffer size, packets dropped */
	uint32_t rqueue, wqueue;      /* TCP listener: accept queue and its limit */
};

/* Facts the rules may ask for. Each callback may be NULL (the rule then
 * says less); each returns how many entries it filled, or -errno. */
struct explain_env {
	void *arg;
	/* sockets bound to proto/port: in netns first, then elsewhere */
	int (*sockets)(void *arg, uint32_t netns, int family, int proto, int port,
		       struct explain_sock *out, int n);
	/* counters of netns that moved since the last call for it; with
	 * names (NULL-terminated nstat names), only those */
	int (*mibs)(void *arg, uint32_t netns, const char *const *names, struct mib_delta *out,
		    int n);
	/* a loaded BPF program by id (xdpinfo_prog); 0 or -errno */
	int (*prog)(void *arg, uint32_t id, struct xdpinfo_prog *out);
	/* the firewall rules of netns whose verdict drops (nftables, with the
	 * counters' moves since the last call for it); returns out->n or
	 * -errno */
	int (*fw_rules)(void *arg, uint32_t netns, struct nftrules_set *out);
	/* the tc filters and tcx programs on a device's ingress/egress hook
	 * (host/tcinfo.h); how many, or -errno */
	int (*tc_filters)(void *arg, uint32_t netns, int ifindex, bool egress,
			  struct tcinfo_filter *out, int n);
	/* the IPv6 routes of netns, all tables (host/route6.h); valid until
	 * the next call; 0 or -errno */
	int (*routes6)(void *arg, uint32_t netns, const struct route6_set **out);
	/* the qdiscs of a device, root first (host/qdiscinfo.h); how many,
	 * or -errno */
	int (*qdiscs)(void *arg, uint32_t netns, int ifindex, struct qdiscinfo *out, int n);
	/* the namespace's IPsec policies (host/xfrminfo.h); how many, or
	 * -errno */
	int (*xfrm)(void *arg, uint32_t netns, struct xfrminfo_policy *out, int n);
	/* the per-CPU backlog counters (host/softnet.h); rows, or -errno */
	int (*softnet)(void *arg, struct softnet_cpu *out, int n);
	/* a bridge port's STP state (host/brport.h); 0 or -errno */
	int (*brport)(void *arg, uint32_t netns, int ifindex, int *state);
	/* a sysctl of netns ("net.core.rmem_max") as text; 0 or -errno */
	int (*sysctl)(void *arg, uint32_t netns, const char *name, char *buf, size_t n);
};

struct cat_entry;

struct explain_in {
	const struct drop_record *d;
	const struct netcfg *cfg; /* model of d->netns; NULL when unavailable */
	const struct explain_env *env;
	/* prefix that runs a command in d's namespace: "" (ours),
	 * "ip netns exec NAME ", "nsenter -t PID -n " */
	const char *pre;
	/* the run's reason-code index (explain_index_new), or NULL: the row
	 * and meaning are then found by the reason's name */
	struct explain_index *index;
	/* set by explain_drop for the rules: the drop's catalogue entry */
	const struct cat_entry *entry;
};

/* A row of the table: the reasons it explains and how. */
struct explain_rule {
	const char *class_name; /* for listings: "reverse-path filter" */
	/* kernel reason names, NULL-terminated; "REASON@function" claims the
	 * reason only where that function freed the packet */
	const char *reasons[8];
	int (*explain)(const struct explain_in *in, struct finding *f);
};

extern const struct explain_rule explain_rules[];
extern const unsigned explain_nrules;

/* A run's map from reason codes to their row and meaning, each code
 * matched against the tables once, at its first drop (the names come from
 * the kernel's BTF, so the codes are only known at run time). */
struct explain_index;
int explain_index_new(struct explain_index **out); /* 0 or -ENOMEM */
void explain_index_free(struct explain_index *x);  /* NULL is fine */

/* Fills f for the drop; always succeeds (unexplained at worst). */
void explain_drop(const struct explain_in *in, struct finding *f);
/* The row claiming this reason (anywhere), or NULL. */
const struct explain_rule *explain_rule_for(const char *reason);
/* The row claiming this reason at this location (a row naming the
 * location, "IP_INHDR@ip_forward", before one naming the reason), or NULL. */
const struct explain_rule *explain_rule_at(const char *reason, const char *location);
/* One line on what the kernel's reason means, or NULL when unknown. */
const char *explain_reason_meaning(const char *reason);

#endif

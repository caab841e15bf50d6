/* SPDX-License-Identifier: GPL-2.0 */
/* lab: seed scenarios built in throwaway network namespaces. A scenario is
 * data (lab_scenarios.c): the namespaces it needs, the `ip` commands and
 * sysctls that build it, the traffic that makes the kernel drop, and the
 * drops it must cause. The engine (lab.c, lab_traffic.c) brings a scenario
 * up, fires its traffic, matches drops against its expectations and tears
 * it down. It never prints, except the commands it runs echoed to
 * ctx->trace when asked (so a user can reproduce them by hand). */
#ifndef DROPDOC_LAB_H
#define DROPDOC_LAB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct drop_record;

#define LAB_MAX_ROLES	   4
#define LAB_MAX_STEPS	   32
#define LAB_MAX_TRAFFIC	   4
#define LAB_MAX_EXPECT	   4
#define LAB_NAME_MAX	   64 /* namespace names, with the terminating NUL */
#define LAB_DEFAULT_PREFIX "dd"

enum lab_step_kind {
	LAB_STEP_END = 0,
	LAB_STEP_IP,	 /* run `ip -n NS ARGS` */
	LAB_STEP_SYSCTL, /* write VALUE to /proc/sys/ARG inside NS */
	LAB_STEP_XDP,	 /* attach the lab's XDP program VALUE to device ARG */
	LAB_STEP_NFT,	 /* run the nft commands ARG inside NS (libnftables) */
	/* a UDP socket bound to port ARG with SO_RCVBUF VALUE that never
	 * reads, held until the scenario is torn down; TARGET "filter": with a
	 * socket filter that takes nothing */
	LAB_STEP_UDP_SINK,
	/* attach the lab's tc program VALUE to device ARG's ingress (TARGET
	 * "egress": its egress) through a clsact qdisc */
	LAB_STEP_TC,
	LAB_STEP_TCCMD, /* run `tc -n NS ARGS` */
};

struct lab_step {
	enum lab_step_kind kind;
	const char *role; /* the namespace the step runs in */
	/* IP: arguments split on spaces; a word "@role" becomes that role's
	 * namespace name. SYSCTL: the path under /proc/sys. */
	const char *arg;
	const char *value;  /* SYSCTL: the value; XDP: the program (lab_xdp.bpf.c) */
	const char *target; /* XDP: the device lab_redirect sends frames to */
};

enum lab_traffic_kind {
	LAB_TX_END = 0,
	LAB_TX_PING,  /* ICMP echo request over a raw socket, like ping -I DEV */
	LAB_TX_UDP,   /* one UDP datagram from an ordinary socket */
	LAB_TX_FRAME, /* a crafted Ethernet frame sent with inject_send() */
	LAB_TX_TCP,   /* a TCP connection attempt (the SYN; not waited for) */
};

struct lab_traffic {
	enum lab_traffic_kind kind;
	const char *role; /* the sending namespace */
	const char *dev;  /* PING/UDP: bind to it (may be NULL); FRAME: send on it */
	const char *src;  /* FRAME: IP source; PING/UDP: NULL, the kernel picks */
	const char *dst;  /* IPv4 or IPv6 address */
	int sport, dport; /* UDP (sport 0: any), TCP (dport) */
	/* FRAME only */
	const char *smac, *dmac;
	int csum_delta, totlen_delta; /* deliberate IPv4 faults (inject.h) */
	int proto;		      /* IP protocol number; 0: UDP */
	int l4_csum_delta;	      /* a deliberate UDP/ICMP checksum fault */
	bool first_fragment;	      /* IPv4: only the first fragment of a datagram */
	int icmp_type;		      /* FRAME with proto ICMPv6: its type (0: echo) */
	int ttl_frame;		      /* FRAME: TTL / hop limit (0: 64) */
	/* PING/UDP: the TTL (hop limit) to send with, 0: the default */
	int ttl;
	/* UDP: payload bytes (0: the lab's short payload), sent with DF (IPv4
	 * IP_PMTUDISC_PROBE: the local MTU decides, never a cached path MTU);
	 * count datagrams (0: one) */
	int size, count;
};

/* One drop the scenario must cause, in the terms of a drop JSON line; or,
 * in a trace scenario, a finding (id, in role's namespace, requests on dev,
 * replies out by out_dev). */
struct lab_expect {
	const char *reason;   /* without SKB_DROP_REASON_ */
	const char *out_dev;  /* finding expectations only: the replies' device */
	const char *location; /* symbol; NULL: none (XDP drops) */
	const char *family;   /* "ipv4", "ipv6", "arp"; NULL: no packet (XDP drops) */
	const char *role;     /* the namespace it happens in */
	const char *dev;
	const char *src, *dst;
	int sport, dport; /* 0: no ports (JSON null); -1: any */
	/* With a reason: the id of the drop's explanation (NULL: any). Without
	 * one (trace scenarios): a finding the journey must raise, in role's
	 * namespace, requests in on dev, replies out by out_dev. */
	const char *finding;
};

/* How the lab watches a scenario: the drops pipeline, or trace (journeys,
 * whose drop hops and findings are matched). */
enum lab_watch { LAB_WATCH_DROPS = 0, LAB_WATCH_TRACE };

struct lab_scenario {
	const char *name;
	enum lab_watch watch;
	const char *seed;				 /* seed ids, e.g. "002, 003e" */
	const char *story;				 /* one line */
	const char *roles[LAB_MAX_ROLES];		 /* namespaces, created in this order */
	const char *drop_role;				 /* the namespace dropdoc watches */
	const char *filter;				 /* pcap-filter for the watch, or NULL */
	struct lab_step setup[LAB_MAX_STEPS + 1];	 /* the last is always LAB_STEP_END */
	struct lab_traffic traffic[LAB_MAX_TRAFFIC + 1]; /* the last is always LAB_TX_END */
	struct lab_expect expect[LAB_MAX_EXPECT];
};

/* The scenario tables: the seeds' (lab_scenarios.c), then the drop
 * classes' — those the configuration decides (lab_classes.c), those the
 * packet's own bytes decide (lab_packets.c). lab_scenario_at(i) for
 * i < lab_count() walks them in that order. */
extern const struct lab_scenario lab_scenarios[];
extern const size_t lab_nscenarios;
extern const struct lab_scenario lab_classes[];
extern const size_t lab_nclasses;
extern const struct lab_scenario lab_packets[];
extern const size_t lab_npackets;
size_t lab_count(void);
const struct lab_scenario *lab_scenario_at(size_t i);

struct lab_ctx {
	const char *prefix; /* namespace names: PREFIX-SCENARIO-ROLE */
	FILE *trace;	    /* when set, each command run is echoed here */
	/* when set non-zero (a signal), setup and firing stop early */
	volatile sig_atomic_t *stop;
};

/* Per-scenario result of matching drops against the expectations. */
struct lab_result {
	long count[LAB_MAX_EXPECT];	/* matching drops seen per expectation */
	uint32_t inode[LAB_MAX_EXPECT]; /* its namespace's inode, 0 if unknown */
	int nexpect, found, missing;
	long unmatched; /* drops seen that matched no expectation */
};

const struct lab_scenario *lab_find(const char *name);
int lab_nexpect(const struct lab_scenario *sc);
/* lab_sock.c: the sockets a scenario holds open (LAB_STEP_UDP_SINK) */
int lab_sink_open(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		  size_t errlen);
void lab_sinks_close(void);

/* 0, or -EINVAL for a prefix that is empty or not [A-Za-z0-9_.-]. */
int lab_check_prefix(const char *prefix);
/* The namespace name of role: 0, -ENOENT (no such role), -ENAMETOOLONG. */
int lab_ns_name(const struct lab_ctx *ctx, const struct lab_scenario *sc, const char *role,
		char *buf, size_t n);

/* Build the scenario: removes stale namespaces of the same names first, and
 * everything it built when a step fails or ctx->stop is set. Returns 0 or
 * -errno with a one-line reason in err. */
int lab_up(const struct lab_ctx *ctx, const struct lab_scenario *sc, char *err, size_t errlen);
/* 1 when every namespace of the scenario exists, else 0. */
int lab_is_up(const struct lab_ctx *ctx, const struct lab_scenario *sc);
/* Delete the scenario's namespaces that exist; returns how many, or -errno
 * with err filled (it still tries every one). */
int lab_down(const struct lab_ctx *ctx, const struct lab_scenario *sc, char *err, size_t errlen);

/* Send the scenario's traffic `times` times (lab_traffic.c). */
int lab_fire(const struct lab_ctx *ctx, const struct lab_scenario *sc, int times, char *err,
	     size_t errlen);

/* Matching: init once the scenario is up (it looks up the namespaces'
 * inodes), then feed each drop seen in the scenario's drop namespace;
 * lab_match returns true when d matched an expectation. */
void lab_result_init(const struct lab_ctx *ctx, const struct lab_scenario *sc,
		     struct lab_result *r);
bool lab_match(const struct lab_ctx *ctx, const struct lab_scenario *sc,
	       const struct drop_record *d, struct lab_result *r);
/* Setup steps that need more than `ip` (lab_xdp.c, lab_nft.c): run in
 * the namespace named ns. 0 or -errno with a one-line reason in err. */
int lab_xdp_attach(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		   size_t errlen);
int lab_nft_apply(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		  size_t errlen);

/* A finding seen while tracing the scenario; true when it matched. */
struct finding;
bool lab_match_finding(const struct lab_ctx *ctx, const struct lab_scenario *sc,
		       const struct finding *f, struct lab_result *r);
/* Does one drop satisfy one expectation? The namespace matches by inode
 * when it is known (non-zero), else by name (ns_name). */
bool lab_expect_match(const struct lab_expect *e, const char *ns_name, uint32_t inode,
		      const struct drop_record *d);

#endif

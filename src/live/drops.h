/* SPDX-License-Identifier: GPL-2.0 */
/* drops: the live drop pipeline (attach, filter, poll, decode, print),
 * shared by `dropdoc drops` and `dropdoc lab`. */
#ifndef DROPDOC_DROPS_H
#define DROPDOC_DROPS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define DROPS_MAX_EXCLUDE 16
#define DROPS_CALLERS	  4

/* A frame XDP lost (no skb, no packet bytes): what its tracepoint told. */
struct drop_xdp {
	uint32_t prog_id;      /* 0 when the tracepoint names none (devmap xmit) */
	const char *prog_name; /* "" when unnamed */
	uint32_t act;	       /* enum xdp_action */
	const char *action;    /* "XDP_REDIRECT", ... or NULL */
	int err;	       /* -errno of the redirect or transmit, 0 */
	const char *err_name;  /* "EOPNOTSUPP", or NULL */
	uint32_t to_ifindex;   /* redirect target in the same namespace, 0 */
	const char *to_dev;    /* its name, NULL when unknown */
	uint32_t map_id;       /* redirect map, 0 for bpf_redirect() by ifindex */
	uint32_t frames;       /* frames this drop stands for */
};

/* One decoded drop as the printers and the lab see it. */
struct drop_record {
	uint64_t time_ns;   /* wall clock, ns since the epoch */
	const char *reason; /* kernel name without SKB_DROP_REASON_ */
	uint32_t reason_code;
	const char *location;	/* symbol, or NULL when unknown */
	uint64_t location_off;	/* offset into the symbol */
	uint64_t location_addr; /* the raw kernel address */
	const char *dev;	/* "" when the skb had no device */
	uint32_t ifindex;
	uint32_t netns;		/* inode */
	const char *netns_name; /* ip netns name, or "pid/comm", or NULL */
	const char *container;	/* short id of the container in netns, or NULL */
	uint32_t len;		/* packet length from its L2 header */
	uint32_t mark;
	uint8_t pkt_type;      /* PACKET_HOST, PACKET_OTHERHOST, ... */
	const struct pkt *pkt; /* decoded headers (decode.h) */
	const uint8_t *data;   /* captured bytes, starting at the L2 header */
	uint32_t caplen;
	const struct drop_xdp *xdp; /* XDP drops only (pkt is NULL then) */
	/* the ICMP error the kernel sent back for this packet; -1 when none */
	int icmp_type, icmp_code;
	/* netfilter drops: the functions above location, innermost first,
	 * up to the one that ran the hook; NULL-terminated, else all NULL */
	const char *callers[DROPS_CALLERS];
	const struct finding *finding; /* the explanation (explain.h), or NULL */
	bool finding_repeat;	       /* the same finding was shown moments ago */
	bool synth_l2;		       /* data[] starts with an Ethernet header dropdoc made up */
};

struct pcapng;

struct drops_opts {
	const char *filter;			/* pcap-filter expression, or NULL */
	const char *iface;			/* -i: interface in the -n namespace (or ours) */
	const char *netns;			/* -n: name, path, pid or inode; NULL = all */
	const char *exclude[DROPS_MAX_EXCLUDE]; /* -x reason names */
	int nexclude;
	long count;	/* stop after COUNT printed drops; 0 = no limit */
	double seconds; /* stop after SECONDS; 0 = no limit */
	bool json;
	bool summary;
	struct pcapng *pcapng; /* -w: write every drop here too (pcapng.h) */
	bool quiet;	       /* no per-drop lines (-w without --print) */
	uint32_t snaplen;      /* -s: bytes kept per packet; 0 = DD_CAP_MAX */
	double interval;       /* --summary refresh period; 0 = only at exit */
	unsigned buffer_kb;    /* ring buffer size; 0 = default */
	bool verbose;
	bool no_explain; /* skip explanations (for raw speed) */
	FILE *out;
	/* Hooks for callers that drive traffic themselves (lab): on_ready runs
	 * once everything is attached; on_drop sees every matching drop before
	 * it is printed. Either may be NULL. */
	void (*on_ready)(void *arg);
	void (*on_drop)(const struct drop_record *d, void *arg);
	void *arg;
	volatile sig_atomic_t *stop; /* set to non-zero to end the run */
};

/* Runs until COUNT, SECONDS or *stop; returns an exit code (cmd.h) and, on
 * failure, a one-line reason in err. */
int drops_run(const struct drops_opts *o, char *err, size_t errlen);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* record: what the collectors' events become for everything after them —
 * a drop (struct drop_record) and a hop of a packet's journey (struct
 * trace_hop_rec, grouped into a trace_packet) — as the explain work, the
 * printers and the lab read them. Plain data: strings point into tables
 * the producer owns for the record's lifetime. */
#ifndef DROPDOC_RECORD_H
#define DROPDOC_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#define DROPS_CALLERS 4

struct pkt;
struct finding;
struct netns_desc;

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
	/* the namespace as the reader resolved it (host/netns_desc.h; name,
	 * container, command prefixes), or NULL */
	const struct netns_desc *ns;
	uint32_t len; /* packet length from its L2 header */
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

/* One hop as the printers see it. Fields that do not apply are NULL / -1. */
struct trace_hop_rec {
	uint64_t packet;
	unsigned hop;
	const char *kind; /* rx route rpf tx tx_error icmp neigh to_xdp xdp drop deliver sent */
	uint64_t time_ns; /* wall clock */
	const char *dev;  /* RX/TX/...: the device; ROUTE/RPF: the chosen one */
	uint32_t ifindex;
	uint32_t netns;
	const char *netns_name;
	const struct pkt *pkt; /* decoded headers; NULL for ROUTE/RPF */
	uint32_t len;
	/* route, rpf */
	const char *table; /* "main", "local", or the number */
	const char *route_type;
	const char *gateway;
	const char *lookup_src, *lookup_dst;
	const char *prefsrc;
	long metric;	    /* -1 when no route */
	int err;	    /* 0 or -errno */
	const char *in_dev; /* the lookup's input device; NULL for output lookups */
	bool output;
	bool ipv6; /* an IPv6 lookup */
	/* drop, deliver, sent */
	const char *reason;
	const char *location;
	uint64_t location_off;
	/* neigh: the next hop (gateway) and its state */
	const char *neigh_state;
	/* xdp: the action, the program, the redirect's target (err above) */
	const char *xdp_action;
	uint32_t xdp_prog_id;
	const char *target_dev;
	/* icmp */
	int icmp_type, icmp_code;
	int tx_rc;
};

struct trace_packet {
	uint64_t id;
	int nhops;
	const struct trace_hop_rec *hops;
	const char
	    *end; /* delivered, dropped, forwarded, sent, redirected, xdp_unseen, unfinished */
	const char *summary; /* tcpdump-like line of its first hop */
	bool partial;	     /* selected while the route hook was detached */
};

struct trace_stats {
	uint64_t candidates; /* first hops the filter looked at */
	uint64_t selected;   /* packets it selected */
	uint64_t hops;	     /* hops delivered */
	uint64_t lost;	     /* hops lost (ring buffer full) */
	uint64_t track_full; /* selected but not followed (table full) */
	uint64_t partial;    /* selected while the route hook was detached */
	unsigned route_hook_detaches;
	uint64_t printed; /* packets printed */
	uint64_t findings;
	double seconds;
};

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* The layout shared by the trace collector (trace.bpf.c) and user space:
 * one dd_hop per step of a followed packet. Same rules as events.h:
 * fixed-width types ordered by size, a version field, size asserts. */
#ifndef DROPDOC_TRACE_EVENTS_H
#define DROPDOC_TRACE_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define DD_HOP_VERSION 3
#define DD_HOP_CAP     128 /* packet bytes carried per hop: the headers */
#define DD_HOP_IFNAMSZ 16

enum dd_hop_kind {
	DD_HOP_RX = 1, /* net:netif_receive_skb */
	DD_HOP_ROUTE,  /* fib:fib_table_lookup for the packet (input or output) */
	DD_HOP_RPF,    /* fib:fib_table_lookup, the reverse-path check of the packet */
	DD_HOP_TX,     /* net:net_dev_queue */
	DD_HOP_TX_ERR, /* reserved: net_dev_xmit failures (not attached: too costly per transmit) */
	DD_HOP_ICMP,   /* icmp:icmp_send: the kernel answers it with an ICMP error */
	DD_HOP_DROP,   /* skb:kfree_skb with a drop reason */
	DD_HOP_CONSUME, /* skb:consume_skb: used up normally (delivered, or sent) */
	DD_HOP_NEIGH,	/* neigh:neigh_event_send_done: queued, its next hop unresolved */
	DD_HOP_TO_XDP,	/* skb:consume_skb in skb_pp_cow_data: copied for an XDP program */
	DD_HOP_XDP,	/* its XDP program's verdict: xdp:xdp_exception, xdp_redirect(_err),
			 * or XDP_PASS seen as the copy's rx */
	DD_HOP_KIND_MAX,
};

/* hop flags */
#define DD_HOPF_SYNTH_L2 0x1  /* no MAC header: data starts with a made-up one */
#define DD_HOPF_FIRST	 0x2  /* the hop that selected the packet */
#define DD_HOPF_OUTPUT	 0x4  /* ROUTE: an output lookup (locally generated packet) */
#define DD_HOPF_PARTIAL	 0x8  /* selected while the route hook was detached: no ROUTE/RPF hops */
#define DD_HOPF_IPV6	 0x10 /* ROUTE, NEIGH: IPv6 (the *6 fields, not the IPv4 ones) */

struct dd_hop {
	__u64 ts_ns;  /* CLOCK_BOOTTIME */
	__u64 packet; /* id given when the filter selected the packet */
	__u64 skbaddr;
	__u64 location;	 /* DROP/CONSUME: kernel text address of the caller */
	__u32 netns;	 /* net->ns.inum; 0 for ROUTE/RPF (same as the hop before) */
	__u32 ifindex;	 /* RX/TX: the device; ROUTE/RPF: the lookup's iif */
	__u32 reason;	 /* DROP: enum skb_drop_reason; TX_ERR: rc; XDP: DD_REASON_XDP_*, 0 */
	__u32 len;	 /* bytes from data[0] to the packet's end */
	__u32 tb_id;	 /* ROUTE/RPF: the table */
	__s32 err;	 /* ROUTE/RPF: the lookup's result; XDP: the redirect's; 0 or -errno */
	__u32 oif;	 /* ROUTE/RPF: the chosen device's ifindex; XDP: the redirect's target */
	__u32 metric;	 /* ROUTE/RPF: the route's priority (metric) */
	__u32 gw4;	 /* ROUTE/RPF: gateway; NEIGH: the neighbour (IPv4); network order */
	__u32 fl_src;	 /* ROUTE/RPF: the lookup's source, network order */
	__u32 fl_dst;	 /* ROUTE/RPF: the lookup's destination */
	__u32 prefsrc;	 /* ROUTE/RPF: the route's preferred source */
	__u32 prog_id;	 /* XDP: the program */
	__u32 xdp_act;	 /* XDP: enum xdp_action it returned */
	__u16 hop;	 /* index of this hop in the packet's journey */
	__u16 caplen;	 /* bytes valid in data[] */
	__u16 protocol;	 /* skb->protocol, network order */
	__u16 nud_state; /* NEIGH: the neighbour's NUD_* state */
	__u8 version;
	__u8 kind;	 /* enum dd_hop_kind */
	__u8 route_type; /* ROUTE/RPF: RTN_* of the route, 0 when none matched */
	__u8 scope;	 /* ROUTE/RPF: the nexthop's scope */
	__u8 fl_proto;	 /* ROUTE/RPF: the lookup's IP protocol (0: not given) */
	__u8 icmp_type;	 /* ICMP: the error the kernel sends */
	__u8 icmp_code;
	__u8 flags;
	__u8 fl_src6[16]; /* ROUTE (IPv6): the lookup's source */
	__u8 fl_dst6[16]; /* ROUTE (IPv6): its destination */
	__u8 gw6[16];	  /* ROUTE (IPv6): the gateway, :: if none; NEIGH: the neighbour */
	char ifname[DD_HOP_IFNAMSZ];  /* RX/TX/DROP...: the device */
	char oifname[DD_HOP_IFNAMSZ]; /* ROUTE/RPF: the chosen device */
	__u8 data[DD_HOP_CAP];
};

enum dd_trace_stat {
	DD_TSTAT_CANDIDATES = 0, /* first hops the filter was asked about */
	DD_TSTAT_SELECTED,	 /* ... and selected: new packets */
	DD_TSTAT_HOPS,		 /* hops of selected packets */
	DD_TSTAT_LOST,		 /* hops lost: the ring buffer was full */
	DD_TSTAT_TRACK_FULL,	 /* selected, but the tracking table was full */
	DD_TSTAT_PARTIAL,	 /* selected while the route hook was detached */
	DD_TSTAT_MAX,
};

/* The counters, one per CPU, as the drops collector keeps its own
 * (struct dd_stats): one map value for all of them. */
struct dd_tstats {
	__u64 v[DD_TSTAT_MAX];
};

_Static_assert(sizeof(struct dd_hop) == 152 + 2 * DD_HOP_IFNAMSZ + DD_HOP_CAP, "dd_hop layout");

#endif

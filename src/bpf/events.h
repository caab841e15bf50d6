/* SPDX-License-Identifier: GPL-2.0 */
/* The layout shared by the BPF collectors and user space. Fixed-width types
 * only, ordered by size, a version field, and size asserts: a struct that
 * changes with build flags or compilers breaks here, not at run time. */
#ifndef DROPDOC_EVENTS_H
#define DROPDOC_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define DD_EVENT_VERSION 2
#define DD_CAP_MAX	 256 /* bytes of packet carried per event */
#define DD_IFNAMSIZ	 16
#define DD_PROGNAMSIZ	 16 /* BPF_OBJ_NAME_LEN */
#define DD_MAX_EXCLUDE	 16
#define DD_ETH_HLEN	 14
#define DD_CALLERS	 4 /* return addresses kept above the location */

enum dd_event_kind {
	DD_EV_DROP = 1,
};

/* event flags */
#define DD_F_SYNTH_L2 0x1 /* no MAC header: data starts with a made-up one */
#define DD_F_NO_DEV   0x2 /* the skb had no device; netns from its socket */
#define DD_F_XDP      0x4 /* an XDP drop: no skb, no packet bytes */
#define DD_F_ICMP     0x8 /* the kernel sent an ICMP error for this packet */

/* Drops with no skb (XDP) get reasons of dropdoc's own, in a subsystem
 * range the kernel does not use (its subsystems are numbered from 0 in the
 * high 16 bits); user space names them (reasons.c). */
#define DD_REASON_SYNTH		   0xdd000000u
#define DD_REASON_XDP_ABORTED	   (DD_REASON_SYNTH | 1) /* xdp_exception, XDP_ABORTED */
#define DD_REASON_XDP_TX_ERR	   (DD_REASON_SYNTH | 2) /* xdp_exception, XDP_TX failed */
#define DD_REASON_XDP_EXCEPTION	   (DD_REASON_SYNTH | 3) /* xdp_exception, other action */
#define DD_REASON_XDP_REDIRECT_ERR (DD_REASON_SYNTH | 4) /* xdp_redirect(_map)_err */
#define DD_REASON_XDP_XMIT_ERR	   (DD_REASON_SYNTH | 5) /* xdp_devmap_xmit with drops */

struct dd_event {
	__u64 ts_ns;	/* CLOCK_BOOTTIME */
	__u64 location; /* kernel text address of the freeing call; 0 for XDP */
	__u64 skbaddr;
	/* NETFILTER_DROP only (else 0): the return addresses above location,
	 * innermost first — they name the hook (nf_hook_slow's caller). */
	__u64 callers[DD_CALLERS];
	__u32 reason; /* enum skb_drop_reason (with subsystem bits), DD_REASON_* */
	__u32 ifindex;
	__u32 netns; /* net->ns.inum */
	__u32 len;   /* bytes from data[0] to the packet's end */
	__u32 mark;
	/* XDP drops (DD_F_XDP); 0 otherwise */
	__u32 prog_id;	  /* the XDP program */
	__u32 xdp_act;	  /* enum xdp_action it returned */
	__u32 to_ifindex; /* redirect target, 0 when none or unknown */
	__s32 xdp_err;	  /* -errno of the redirect or transmit */
	__u32 map_id;	  /* redirect map, 0 for bpf_redirect() by ifindex */
	__u32 xdp_frames; /* frames this event stands for (devmap xmit: a bulk) */
	__u16 caplen;	  /* bytes valid in data[] */
	__u16 protocol;	  /* skb->protocol, network order */
	__u16 vlan_tci;
	__u8 version;
	__u8 kind;
	__u8 pkt_type;
	__u8 flags;
	__u8 icmp_type; /* DD_F_ICMP: the ICMP error sent for this packet */
	__u8 icmp_code;
	char ifname[DD_IFNAMSIZ];
	char prog_name[DD_PROGNAMSIZ]; /* XDP program's name, "" */
	__u8 data[DD_CAP_MAX];
};

/* --summary: counted in the kernel, per CPU, by this key */
struct dd_sum_key {
	__u64 location;
	__u32 reason;
	__u32 ifindex;
	__u32 netns;
	__u32 pad;
};

enum dd_stat {
	DD_STAT_SEEN = 0, /* every drop the tracepoint reported */
	DD_STAT_MATCHED,  /* passed every filter */
	DD_STAT_LOST,	  /* matched, but the ring buffer was full */
	DD_STAT_SUM_FULL, /* matched, but the summary map was full */
	DD_STAT_MAX,
};

/* The counters, one per CPU: a single map value, so a drop costs one map
 * lookup for all of them. */
struct dd_stats {
	__u64 v[DD_STAT_MAX];
};

_Static_assert(sizeof(struct dd_event) == 112 + DD_IFNAMSIZ + DD_PROGNAMSIZ + DD_CAP_MAX,
	       "dd_event layout");
_Static_assert(sizeof(struct dd_sum_key) == 24, "dd_sum_key layout");

#endif

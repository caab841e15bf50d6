/* SPDX-License-Identifier: GPL-2.0 */
/* The layout shared by the BPF collectors and user space. Fixed-width types
 * only, ordered by size, a version field, and size asserts: a struct that
 * changes with build flags or compilers breaks here, not at run time. */
#ifndef DROPDOC_EVENTS_H
#define DROPDOC_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define DD_EVENT_VERSION 1
#define DD_CAP_MAX	 256 /* bytes of packet carried per event */
#define DD_IFNAMSIZ	 16
#define DD_MAX_EXCLUDE	 16
#define DD_ETH_HLEN	 14

enum dd_event_kind {
	DD_EV_DROP = 1,
};

/* event flags */
#define DD_F_SYNTH_L2 0x1 /* no MAC header: data starts with a made-up one */
#define DD_F_NO_DEV   0x2 /* the skb had no device; netns from its socket */

struct dd_event {
	__u64 ts_ns;	/* CLOCK_BOOTTIME */
	__u64 location; /* kernel text address of the freeing call */
	__u64 skbaddr;
	__u32 reason; /* enum skb_drop_reason (with subsystem bits) */
	__u32 ifindex;
	__u32 netns; /* net->ns.inum */
	__u32 len;   /* bytes from data[0] to the packet's end */
	__u32 mark;
	__u16 caplen;	/* bytes valid in data[] */
	__u16 protocol; /* skb->protocol, network order */
	__u16 vlan_tci;
	__u8 version;
	__u8 kind;
	__u8 pkt_type;
	__u8 flags;
	__u8 pad[2];
	char ifname[DD_IFNAMSIZ];
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

_Static_assert(sizeof(struct dd_event) == 56 + DD_IFNAMSIZ + DD_CAP_MAX, "dd_event layout");
_Static_assert(sizeof(struct dd_sum_key) == 24, "dd_sum_key layout");

#endif

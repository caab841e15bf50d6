// SPDX-License-Identifier: GPL-2.0
/* drops: every skb the kernel frees with a drop reason (skb:kfree_skb),
 * and the frames XDP loses before any skb exists (xdp:xdp_exception,
 * xdp:xdp_redirect_err, xdp:xdp_devmap_xmit), as drops with reasons of our
 * own (DD_REASON_XDP_*). icmp:icmp_send remembers which packets the kernel
 * answered with an ICMP error (a firewall's reject, a closed port), so the
 * drop of that packet says so.
 *
 * Filters run here, cheapest first (reason, netns, ifindex), so a quiet run
 * costs a few instructions per drop; the pcap-filter last, translated to
 * eBPF by user space (filter_jit.c) into the placeholder of cbpf_jit.h. --summary counts by
 * (reason, location, ifindex, netns) in a per-CPU hash: exact at any rate, no events. Otherwise
 * each matching drop becomes a dd_event in the ring buffer; a full ring is
 * counted (DD_STAT_LOST), never silent.
 *
 * XDP drops carry no packet bytes (the tracepoints do not give the frame):
 * a pcap-filter cannot match them, so with a filter they are not shown. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "events.h"
#include "cbpf.h"
#include "cbpf_jit.h"
#include "skb_copy.h"
#include "xdp_target.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by user space between open and load. */
const volatile __u32 targ_netns = 0;   /* 0 = every namespace */
const volatile __u32 targ_ifindex = 0; /* 0 = every device */
const volatile __u32 excl_reasons[DD_MAX_EXCLUDE] = {};
const volatile __u32 n_excl = 0;
const volatile bool summary_mode = false;
const volatile __u32 snaplen = DD_CAP_MAX;
const volatile __u64 wakeup_bytes = 0; /* wake the reader past this backlog */
/* the user's pcap-filter, compiled by libpcap; len 0 = no filter */
const volatile struct cbpf_prog filter = {};

/* the packet bytes and interpreter state while a filter runs */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_scratch);
} scratch SEC(".maps");

/* bpf_get_stack's buffer, for finding the callers of a netfilter drop */
#define STACK_DEPTH 16
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[STACK_DEPTH]);
} stack_scratch SEC(".maps");

/* skb address -> the ICMP error just sent for it (icmp_send runs before
 * the packet is freed); taken out by the drop that follows */
struct icmp_note {
	__u64 ts_ns;
	__u8 type;
	__u8 code;
};
#define ICMP_NOTE_MAX_AGE_NS 100000000ull /* older: the skb was recycled */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct icmp_note);
} icmp_notes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20); /* resized by user space */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct dd_sum_key);
	__type(value, __u64);
} summary SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_stats);
} stats SEC(".maps");

static __always_inline struct dd_stats *stats_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

#define stat_inc(st, idx) ((st)->v[(idx)]++)

static __always_inline bool reason_excluded(__u32 reason)
{
	for (int i = 0; i < DD_MAX_EXCLUDE; i++) {
		if (i >= n_excl)
			break;
		if (excl_reasons[i] == reason)
			return true;
	}
	return false;
}

/* tp_btf gives typed pointers: plain loads (CO-RE relocated, faults
 * caught by the JIT) cost far less than a probe-read helper call each. */
static __always_inline __u32 skb_netns(struct sk_buff *skb, struct net_device *dev)
{
	struct sock *sk;

	if (dev)
		return dev->nd_net.net->ns.inum;
	sk = skb->sk;
	return sk ? sk->__sk_common.skc_net.net->ns.inum : 0;
}

/* The packet from its L2 header (or a made-up one) into buf, which holds
 * DD_CAP_MAX bytes (skb_copy.h, shared with the trace collector). Returns
 * the bytes copied; *wirelen gets the packet's length from buf[0]. */
static __always_inline __u32 fill_packet(__u8 *buf, struct sk_buff *skb, __u16 protocol,
					 __u32 *wirelen, __u8 *flags)
{
	bool synth;
	__u32 n;

	*wirelen = skb->len;
	n = skb_copy_l2(skb, buf, DD_CAP_MAX, snaplen, protocol, wirelen, &synth);
	if (synth)
		*flags |= DD_F_SYNTH_L2;
	return n;
}

static __always_inline void sum_add(struct dd_stats *st, struct dd_sum_key *k, __u64 n)
{
	__u64 *v;

	stat_inc(st, DD_STAT_MATCHED);
	v = bpf_map_lookup_elem(&summary, k);
	if (v)
		*v += n;
	else if (bpf_map_update_elem(&summary, k, &n, BPF_NOEXIST))
		stat_inc(st, DD_STAT_SUM_FULL);
}

/* Everything but the packet bytes zeroed, version and kind set. */
static __always_inline void event_init(struct dd_event *e)
{
	__builtin_memset(e, 0, __builtin_offsetof(struct dd_event, data));
	e->version = DD_EVENT_VERSION;
	e->kind = DD_EV_DROP;
}

/* A matched drop's event, reserved in the ring and stamped; NULL when the
 * ring is full (counted lost). */
static __always_inline struct dd_event *event_new(struct dd_stats *st, __u32 reason, __u32 ifindex,
						  __u32 netns)
{
	struct dd_event *e;

	stat_inc(st, DD_STAT_MATCHED);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		stat_inc(st, DD_STAT_LOST);
		return NULL;
	}
	event_init(e);
	e->ts_ns = bpf_ktime_get_boot_ns();
	e->reason = reason;
	e->ifindex = ifindex;
	e->netns = netns;
	return e;
}

static __always_inline void submit(struct dd_event *e)
{
	/* Wake the reader when the backlog crosses the mark, not for every
	 * event past it: a wake-up costs microseconds, and a reader that is
	 * already awake drains everything anyway. Below the mark the reader's
	 * poll timeout picks events up. */
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	bpf_ringbuf_submit(e, avail >= wakeup_bytes && avail < wakeup_bytes + sizeof(*e)
				  ? BPF_RB_FORCE_WAKEUP
				  : BPF_RB_NO_WAKEUP);
}

/* The ICMP error sent for this skb, if icmp_send noted one just now. */
static __always_inline void icmp_take(struct dd_event *e, __u64 skb)
{
	struct icmp_note *n = bpf_map_lookup_elem(&icmp_notes, &skb);

	if (!n)
		return;
	if (e->ts_ns - n->ts_ns < ICMP_NOTE_MAX_AGE_NS) {
		e->flags |= DD_F_ICMP;
		e->icmp_type = n->type;
		e->icmp_code = n->code;
	}
	bpf_map_delete_elem(&icmp_notes, &skb);
}

/* The return addresses above the freeing call: for a netfilter drop they
 * pass through nf_hook_slow to the function that ran the hook (ip_rcv:
 * PREROUTING, ip_local_deliver: INPUT, ...). Only netfilter drops pay for
 * the stack walk. */
static __always_inline void fill_callers(void *ctx, struct dd_event *e, __u64 location)
{
	__u32 zero = 0;
	__u64 *st = bpf_map_lookup_elem(&stack_scratch, &zero);
	long n;

	if (!st)
		return;
	n = bpf_get_stack(ctx, st, STACK_DEPTH * sizeof(__u64), 0);
	if (n <= 0)
		return;
	n /= sizeof(__u64);
	for (int i = 0; i < STACK_DEPTH - DD_CALLERS; i++) {
		if (i >= n)
			return;
		if (st[i] != location)
			continue;
		for (int j = 0; j < DD_CALLERS; j++)
			e->callers[j] = i + 1 + j < n ? st[i + 1 + j] : 0;
		return;
	}
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(on_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	struct cbpf_scratch *s = NULL;
	struct dd_stats *st;
	struct net_device *dev;
	struct dd_event *e;
	__u32 netns, ifindex, zero = 0;
	__u8 flags = 0;
	__u16 protocol;

	if (reason <= SKB_CONSUMED)
		return 0; /* not a drop */
	st = stats_get();
	if (!st)
		return 0;
	stat_inc(st, DD_STAT_SEEN);
	if (n_excl && reason_excluded(reason))
		return 0;
	dev = skb->dev;
	ifindex = dev ? dev->ifindex : 0;
	if (targ_ifindex && ifindex != targ_ifindex)
		return 0;
	netns = skb_netns(skb, dev);
	if (targ_netns && netns != targ_netns)
		return 0;
	protocol = skb->protocol;
	if (filter.len) {
		/* the bytes go to the scratch first; only a match costs an event */
		s = bpf_map_lookup_elem(&scratch, &zero);
		if (!s)
			return 0;
		s->caplen = fill_packet(s->data, skb, protocol, &s->wirelen, &flags);
		if (!cbpf_jit_run(s)) /* the filter, translated by user space */
			return 0;
	}

	if (summary_mode) {
		struct dd_sum_key k = {.location = (__u64)location,
				       .reason = reason,
				       .ifindex = ifindex,
				       .netns = netns};

		sum_add(st, &k, 1);
		return 0;
	}

	e = event_new(st, reason, ifindex, netns);
	if (!e)
		return 0;
	e->location = (__u64)location;
	e->skbaddr = (__u64)skb;
	e->mark = skb->mark;
	e->protocol = protocol;
	e->vlan_tci = skb->vlan_tci;
	e->pkt_type = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
	if (dev)
		bpf_probe_read_kernel_str(e->ifname, sizeof(e->ifname), dev->name);
	else
		e->ifname[0] = 0;
	if (s) {
		bpf_probe_read_kernel(e->data, DD_CAP_MAX, s->data);
		e->caplen = s->caplen;
		e->len = s->wirelen;
	} else {
		e->caplen = fill_packet(e->data, skb, protocol, &e->len, &flags);
	}
	e->flags = flags | (dev ? 0 : DD_F_NO_DEV);
	icmp_take(e, (__u64)skb);
	if (reason == bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NETFILTER_DROP))
		fill_callers(ctx, e, (__u64)location);
	submit(e);
	return 0;
}

/* An XDP frame lost: no skb, so the same filters on what the tracepoint
 * tells (device, namespace, reason) and an event without packet bytes. */
static __always_inline int xdp_drop(const struct net_device *dev, const struct bpf_prog *xdp,
				    __u32 reason, __u32 act, __u32 to_ifindex, int err,
				    __u32 map_id, __u32 frames)
{
	struct dd_stats *st = stats_get();
	struct dd_event *e;
	__u32 netns, ifindex;

	if (!st)
		return 0;
	stat_inc(st, DD_STAT_SEEN);
	if (n_excl && reason_excluded(reason))
		return 0;
	ifindex = dev->ifindex;
	if (targ_ifindex && ifindex != targ_ifindex)
		return 0;
	netns = dev->nd_net.net->ns.inum;
	if (targ_netns && netns != targ_netns)
		return 0;
	if (filter.len)
		return 0; /* no bytes for the pcap-filter to match */
	if (summary_mode) {
		struct dd_sum_key k = {.reason = reason, .ifindex = ifindex, .netns = netns};

		sum_add(st, &k, frames);
		return 0;
	}
	e = event_new(st, reason, ifindex, netns);
	if (!e)
		return 0;
	e->flags = DD_F_XDP;
	e->xdp_act = act;
	e->to_ifindex = to_ifindex;
	e->xdp_err = err;
	e->map_id = map_id;
	e->xdp_frames = frames;
	bpf_probe_read_kernel_str(e->ifname, sizeof(e->ifname), dev->name);
	if (xdp) {
		e->prog_id = xdp->aux->id;
		bpf_probe_read_kernel_str(e->prog_name, sizeof(e->prog_name), xdp->aux->name);
	}
	submit(e);
	return 0;
}

/* The program returned XDP_ABORTED (or an action the driver could not
 * carry out: XDP_TX failed, an unknown action). */
SEC("tp_btf/xdp_exception")
int BPF_PROG(on_xdp_exception, const struct net_device *dev, const struct bpf_prog *xdp, u32 act)
{
	__u32 reason = act == XDP_ABORTED ? DD_REASON_XDP_ABORTED
		       : act == XDP_TX	  ? DD_REASON_XDP_TX_ERR
					  : DD_REASON_XDP_EXCEPTION;

	return xdp_drop(dev, xdp, reason, act, 0, 0, 0, 1);
}

/* XDP_REDIRECT failed: bpf_redirect() to an ifindex, or through a map. */
SEC("tp_btf/xdp_redirect_err")
int BPF_PROG(on_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *xdp,
	     const void *tgt, int err, enum bpf_map_type map_type, u32 map_id, u32 index)
{
	__u32 to = xdp_target(tgt, map_type, map_id, index);

	if (map_type == BPF_MAP_TYPE_UNSPEC && map_id == 0x7fffffff)
		map_id = 0; /* bpf_redirect(ifindex): no map */
	return xdp_drop(dev, xdp, DD_REASON_XDP_REDIRECT_ERR, XDP_REDIRECT, to, err, map_id, 1);
}

/* A devmap's bulk of redirected frames reached the target's driver, which
 * did not take them all (ndo_xdp_xmit). */
SEC("tp_btf/xdp_devmap_xmit")
int BPF_PROG(on_xdp_devmap_xmit, const struct net_device *from_dev, const struct net_device *to_dev,
	     int sent, int drops, int err)
{
	if (drops <= 0)
		return 0;
	return xdp_drop(from_dev, NULL, DD_REASON_XDP_XMIT_ERR, XDP_REDIRECT, to_dev->ifindex, err,
			0, drops);
}

/* The kernel answers the packet skb with an ICMP error (after its rate
 * limits let it): note it for the drop that follows. */
SEC("tp_btf/icmp_send")
int BPF_PROG(on_icmp_send, const struct sk_buff *skb, int type, int code)
{
	struct icmp_note n = {.type = type, .code = code};
	__u64 key = (__u64)skb;

	if (summary_mode || (type != 3 && type != 11 && type != 12))
		return 0; /* not an error about this packet */
	n.ts_ns = bpf_ktime_get_boot_ns();
	bpf_map_update_elem(&icmp_notes, &key, &n, BPF_ANY);
	return 0;
}

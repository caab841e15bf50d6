// SPDX-License-Identifier: GPL-2.0
/* drops: every skb the kernel frees with a drop reason (skb:kfree_skb).
 *
 * Filters run here, cheapest first (reason, netns, ifindex), so a quiet run
 * costs a few instructions per drop. --summary counts by (reason, location,
 * ifindex, netns) in a per-CPU hash: exact at any rate, no events. Otherwise
 * each matching drop becomes a dd_event in the ring buffer; a full ring is
 * counted (DD_STAT_LOST), never silent. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "events.h"
#include "cbpf.h"

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
	__uint(max_entries, DD_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		*v += 1;
}

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

/* Copy the packet from its L2 header (or a made-up one) into buf, which
 * holds DD_CAP_MAX bytes. Returns the bytes copied; *wirelen gets the
 * packet's length from that first byte. */
static __always_inline __u32 fill_packet(__u8 *buf, struct sk_buff *skb, __u16 protocol,
					 __u32 *wirelen, __u8 *flags)
{
	unsigned char *head = skb->head;
	unsigned char *data = skb->data;
	__u16 mac = skb->mac_header;
	__u16 net = skb->network_header;
	__u32 tail = skb->tail; /* offset from head on 64-bit */
	__u64 data_off = data - head;
	__u64 start, avail, n, base = 0; /* 64-bit: no zero-extension the verifier loses track of */

	if (mac != (__u16)~0U && net > mac && net - mac >= DD_ETH_HLEN && net - mac <= 64) {
		start = mac;
	} else {
		/* No MAC header (e.g. dropped on the way out): make up an
		 * Ethernet header with zero addresses and the skb's protocol. */
		__builtin_memset(buf, 0, DD_ETH_HLEN);
		buf[12] = protocol & 0xff; /* network order in memory */
		buf[13] = protocol >> 8;
		*flags |= DD_F_SYNTH_L2;
		base = DD_ETH_HLEN;
		start = net && net <= tail ? net : data_off;
	}
	avail = tail > start ? tail - start : 0;
	/* wire length from our first byte = what lies before data + len */
	*wirelen = skb->len + base + (data_off > start ? data_off - start : 0);
	n = avail < snaplen ? avail : snaplen;
	if (n > DD_CAP_MAX - base)
		n = DD_CAP_MAX - base;
	/* Keep the clamped value in the register the helper gets, so the
	 * verifier sees the bound (clang may otherwise reuse the raw one). */
	barrier_var(n);
	if (base) {
		if (n > 0 && n <= DD_CAP_MAX - DD_ETH_HLEN)
			bpf_probe_read_kernel(buf + DD_ETH_HLEN, n, head + start);
	} else {
		if (n > 0 && n <= DD_CAP_MAX)
			bpf_probe_read_kernel(buf, n, head + start);
	}
	return n + base;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(on_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	struct cbpf_scratch *s = NULL;
	struct net_device *dev;
	struct dd_event *e;
	__u32 netns, ifindex, zero = 0;
	__u8 flags = 0;
	__u16 protocol;
	__u64 avail;

	if (reason <= SKB_CONSUMED)
		return 0; /* not a drop */
	stat_inc(DD_STAT_SEEN);
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
		if (!cbpf_run(&filter, s))
			return 0;
	}

	if (summary_mode) {
		struct dd_sum_key k = {.location = (__u64)location,
				       .reason = reason,
				       .ifindex = ifindex,
				       .netns = netns};
		__u64 one = 1, *v;

		stat_inc(DD_STAT_MATCHED);
		v = bpf_map_lookup_elem(&summary, &k);
		if (v)
			*v += 1;
		else if (bpf_map_update_elem(&summary, &k, &one, BPF_NOEXIST))
			stat_inc(DD_STAT_SUM_FULL);
		return 0;
	}

	stat_inc(DD_STAT_MATCHED);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		stat_inc(DD_STAT_LOST);
		return 0;
	}
	e->version = DD_EVENT_VERSION;
	e->kind = DD_EV_DROP;
	e->ts_ns = bpf_ktime_get_boot_ns();
	e->location = (__u64)location;
	e->skbaddr = (__u64)skb;
	e->reason = reason;
	e->ifindex = ifindex;
	e->netns = netns;
	e->mark = skb->mark;
	e->protocol = protocol;
	e->vlan_tci = skb->vlan_tci;
	e->pkt_type = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
	e->pad[0] = e->pad[1] = 0;
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
	/* Wake the reader when the backlog crosses the mark, not for every
	 * event past it: a wake-up costs microseconds, and a reader that is
	 * already awake drains everything anyway. Below the mark the reader's
	 * poll timeout picks events up. */
	avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	bpf_ringbuf_submit(e, avail >= wakeup_bytes && avail < wakeup_bytes + sizeof(*e)
				  ? BPF_RB_FORCE_WAKEUP
				  : BPF_RB_NO_WAKEUP);
	return 0;
}

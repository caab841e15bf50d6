// SPDX-License-Identifier: GPL-2.0
/* trace: the journey of selected packets, hop by hop, from tracepoints only.
 *
 * A packet is selected at the first hop where we see it (received:
 * net:netif_receive_skb, or queued for sending: net:net_dev_queue) when it
 * passes -n/-i and the pcap filter (translated to eBPF by user space and
 * written into the placeholder of bpf/cbpf_jit.h before load; `filter`
 * itself only says whether there is one). Its skb address then goes into `tracked`, and
 * every later tracepoint that names that skb adds a hop: veth hands the
 * same skb to its peer (verified on 6.18: the address seen by net_dev_queue
 * on one end is the one netif_receive_skb reports on the other), forwarding
 * and tunnel encapsulation/decapsulation keep it too. kfree_skb and
 * consume_skb end the journey and forget the skb.
 *
 * fib:fib_table_lookup names no skb. It is tied to a packet by what runs
 * on the CPU around it:
 *  - input lookups (iif = a real device) run synchronously inside the
 *    receive path, right after netif_receive_skb of the packet on the same
 *    CPU: `cur` remembers that skb with its addresses and device, and the
 *    lookup counts as the packet's when iif, source and destination agree;
 *  - the reverse-path check (fib_validate_source: iif = loopback, no
 *    protocol, source and destination swapped) likewise, as an RPF hop;
 *  - output lookups (iif = loopback) run before the packet's skb exists:
 *    the last one per CPU waits in `pend_out`, and when a new packet is
 *    selected at net_dev_queue on that CPU shortly after with the same
 *    destination, protocol and source, it becomes the packet's route hop.
 * Sockets that cache their route (connected UDP, TCP) and early demux skip
 * the lookup: such packets simply have no route hop.
 *
 * A tracked entry that saw no hop for stale_ns is forgotten (an skb freed
 * where no tracepoint fires, e.g. TCP's own frees, may be reused).
 *
 * fib_table_lookup fires for every lookup of every packet (a forwarded one
 * costs several), and on a busy host a program attached there costs even
 * when it returns at once. User space detaches it while the host is busy
 * and nothing matches (tracer.c), and says so in route_hook_on: a packet
 * selected meanwhile is followed all the same, flagged DD_HOPF_PARTIAL for
 * the route hops it cannot have. The other hooks stay attached: they
 * select packets (rx, tx) or end journeys and the filter's memory of
 * rejected skbs (kfree_skb, consume_skb). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "cbpf.h"
#include "cbpf_jit.h"
#include "skb_copy.h"
#include "events.h" /* DD_REASON_XDP_* */
#include "trace_events.h"
#include "trace_track.h"
#include "xdp_target.h"

char LICENSE[] SEC("license") = "GPL";

#define LOOPBACK_IFINDEX 1
#define ETH_P_IP_BE	 0x0008	    /* htons(0x0800) as loaded on little-endian */
#define ETH_P_IPV6_BE	 0xdd86	    /* htons(0x86dd) */
#define CTX_MAX_NS	 2000000ull /* a lookup belongs to a packet seen this recently */

/* what the receive path on this CPU is working on */
struct dd_rx_ctx {
	__u64 skb;
	__u64 ts;
	__u32 saddr, daddr; /* network order */
	__u32 ifindex;
	__u32 netns;
	__u64 saddr6[2], daddr6[2]; /* IPv6 packets: their addresses */
};

/* the last output route lookup on this CPU; its result is read from the
 * nexthop only when a selected packet claims it (nexthops are RCU-freed:
 * the probe reads stay safe, and the route is the one just used) */
struct dd_out_ctx {
	__u64 ts;
	__u64 nhc;
	__u32 tb_id, src, dst;
	__s32 err;
	__u8 proto, valid, pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_rx_ctx);
} cur SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_out_ctx);
} pend_out SEC(".maps");

/* IPv4 source and destination of the skb (0 when not IPv4). */
static __always_inline void skb_addrs(struct sk_buff *skb, __u32 *saddr, __u32 *daddr)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 net = BPF_CORE_READ(skb, network_header);
	__u32 a[2] = {};

	*saddr = *daddr = 0;
	if (BPF_CORE_READ(skb, protocol) != ETH_P_IP_BE)
		return;
	if (bpf_probe_read_kernel(a, sizeof(a), head + net + 12))
		return;
	*saddr = a[0];
	*daddr = a[1];
}

/* IPv6 source and destination of the skb (zero when not IPv6). */
static __always_inline void skb_addrs6(struct sk_buff *skb, __u64 *saddr, __u64 *daddr)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 net = BPF_CORE_READ(skb, network_header);
	__u64 a[4] = {};

	if (BPF_CORE_READ(skb, protocol) == ETH_P_IPV6_BE)
		bpf_probe_read_kernel(a, sizeof(a), head + net + 8);
	saddr[0] = a[0];
	saddr[1] = a[1];
	daddr[0] = a[2];
	daddr[1] = a[3];
}

#include "trace_xdp.h"

static __always_inline int journey_end(struct sk_buff *skb, __u8 kind, __u64 location, __u32 reason)
{
	__u64 now, key = (__u64)skb;
	struct dd_xdp_pend *p;
	struct dd_track *t;
	struct dd_hop *e;
	bool to_xdp;

	/* A skb turned down here lately is not tracked (but for one selected
	 * on another CPU at a recycled address: its end is missed, and the
	 * journey printed unfinished): most frees end here, without the hash
	 * lookup. The address may come back as a new skb: forgotten. */
	if (filter.len && reject_forget(key))
		return 0;
	now = bpf_ktime_get_boot_ns();
	t = track_get(key, now);
	if (!t)
		return 0;
	to_xdp = kind == DD_HOP_CONSUME && location >= xdp_cow_lo && location < xdp_cow_hi;
	e = hop_new(t, to_xdp ? DD_HOP_TO_XDP : kind, key, now);
	if (e) {
		hop_dev(e, skb, BPF_CORE_READ(skb, dev));
		e->location = location;
		e->reason = reason;
		hop_packet(e, skb);
		hop_submit(e);
	}
	p = to_xdp ? percpu(&pend_xdp) : NULL;
	if (p) {
		p->packet = t->packet;
		p->hops = t->hops;
		p->flags = t->flags;
		p->ifindex = BPF_CORE_READ(skb, dev, ifindex);
		p->jiffies = bpf_jiffies64();
	}
	track_forget(key);
	return 0;
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(trace_rx, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct cbpf_scratch *s = NULL;
	struct dd_rx_ctx *c = percpu(&cur);
	struct dd_track *t;
	struct dd_hop *e;
	bool synth = false;
	__u64 now;

	if (!c)
		return 0;
	c->skb = 0;
	if (filter.len && recently_rejected((__u64)skb))
		return 0; /* cheaper than the tracked lookup, and it says the same */
	now = bpf_ktime_get_boot_ns();
	t = track_get((__u64)skb, now);
	if (!t)
		t = xdp_passed(skb, dev, now);
	if (!t) {
		t = select_new(skb, dev, now, &s, &synth);
		if (!t)
			return 0;
	}
	c->skb = (__u64)skb;
	c->ts = now;
	skb_addrs(skb, &c->saddr, &c->daddr);
	skb_addrs6(skb, c->saddr6, c->daddr6);
	e = hop_new(t, DD_HOP_RX, (__u64)skb, now);
	if (!e)
		return 0;
	hop_dev(e, skb, dev);
	c->ifindex = e->ifindex;
	c->netns = e->netns;
	hop_bytes(e, skb, s, synth);
	hop_submit(e);
	return 0;
}

/* The lookup's result, from the nexthop and the route (fib_info) it is in. */
static __always_inline void route_result(const struct fib_nh_common *nhc, __u32 *oif, __u32 *metric,
					 __u32 *gw4, __u32 *prefsrc, __u8 *type, __u8 *scope,
					 char *oifname)
{
	struct net_device *dev;
	struct fib_info *fi;

	if (!nhc)
		return;
	dev = BPF_CORE_READ(nhc, nhc_dev);
	if (dev) {
		*oif = BPF_CORE_READ(dev, ifindex);
		bpf_probe_read_kernel_str(oifname, DD_HOP_IFNAMSZ, dev->name);
	}
	*scope = BPF_CORE_READ(nhc, nhc_scope);
	if (BPF_CORE_READ(nhc, nhc_gw_family) == 2 /* AF_INET */)
		*gw4 = BPF_CORE_READ(nhc, nhc_gw.ipv4);
	if (BPF_CORE_READ(nhc, nhc_family) != 2)
		return;
	/* an IPv4 nexthop is the first member of a fib_nh */
	fi = BPF_CORE_READ((struct fib_nh *)nhc, nh_parent);
	if (!fi)
		return;
	*metric = BPF_CORE_READ(fi, fib_priority);
	*prefsrc = BPF_CORE_READ(fi, fib_prefsrc);
	*type = BPF_CORE_READ(fi, fib_type);
}

/* A route hop for the packet the receive path on this CPU works on, if it
 * is followed and was seen just now. */
static __always_inline struct dd_hop *rx_route_hop(struct dd_rx_ctx *c, __u8 kind, __u32 iif,
						   __u64 now)
{
	struct dd_track *t;
	struct dd_hop *e;

	if (now - c->ts > CTX_MAX_NS)
		return NULL;
	t = track_get(c->skb, now);
	if (!t)
		return NULL;
	e = hop_new(t, kind, c->skb, now);
	if (e) {
		e->netns = c->netns;
		e->ifindex = iif;
	}
	return e;
}

SEC("tp_btf/fib_table_lookup")
int BPF_PROG(trace_fib, u32 tb_id, const struct flowi4 *flp, const struct fib_nh_common *nhc,
	     int err)
{
	/* flp is a tp_btf argument: plain loads; the cheap tests first, this
	 * runs for every lookup of every packet */
	__u32 iif = flp->__fl_common.flowic_iif;
	struct dd_rx_ctx *c = percpu(&cur);
	__u32 src, dst;
	__u8 proto;
	__u64 now;
	struct dd_hop *e;
	__u8 kind;

	if (!c || (iif != LOOPBACK_IFINDEX && !c->skb))
		return 0;
	src = flp->saddr;
	dst = flp->daddr;
	proto = flp->__fl_common.flowic_proto;
	now = bpf_ktime_get_boot_ns();
	if (iif != LOOPBACK_IFINDEX) {
		if (c->ifindex != iif || c->saddr != src || c->daddr != dst)
			return 0;
		kind = DD_HOP_ROUTE;
	} else if (c->skb && !proto && c->saddr == dst && c->daddr == src) {
		kind = DD_HOP_RPF;
	} else {
		struct dd_out_ctx *o = percpu(&pend_out);

		if (!o)
			return 0;
		o->ts = now;
		o->nhc = (__u64)nhc;
		o->tb_id = tb_id;
		o->err = err;
		o->src = src;
		o->dst = dst;
		o->proto = proto;
		o->valid = 1;
		return 0;
	}
	e = rx_route_hop(c, kind, iif, now);
	if (!e)
		return 0;
	e->tb_id = tb_id;
	e->err = err;
	e->fl_src = src;
	e->fl_dst = dst;
	e->fl_proto = proto;
	route_result(nhc, &e->oif, &e->metric, &e->gw4, &e->prefsrc, &e->route_type, &e->scope,
		     e->oifname);
	hop_submit(e);
	return 0;
}

/* An IPv6 input lookup of the packet the receive path on this CPU works
 * on (the addresses and device agree), as for IPv4. Output lookups of
 * IPv6 packets are not tied (their packets have no route hop). */
SEC("tp_btf/fib6_table_lookup")
int BPF_PROG(trace_fib6, const struct net *net, const struct fib6_result *res,
	     struct fib6_table *table, const struct flowi6 *flp)
{
	__u32 iif = flp->__fl_common.flowic_iif;
	struct dd_rx_ctx *c = percpu(&cur);
	const struct fib6_info *f6i;
	const struct fib6_nh *nh;
	struct net_device *dev;
	struct dd_hop *e;
	__u64 a[4];

	if (!c || !c->skb || iif == LOOPBACK_IFINDEX || c->ifindex != iif)
		return 0;
	if (bpf_probe_read_kernel(&a[0], 16, &flp->saddr) ||
	    bpf_probe_read_kernel(&a[2], 16, &flp->daddr))
		return 0;
	if (a[0] != c->saddr6[0] || a[1] != c->saddr6[1] || a[2] != c->daddr6[0] ||
	    a[3] != c->daddr6[1])
		return 0;
	e = rx_route_hop(c, DD_HOP_ROUTE, iif, bpf_ktime_get_boot_ns());
	if (!e)
		return 0;
	e->flags |= DD_HOPF_IPV6;
	e->tb_id = table ? BPF_CORE_READ(table, tb6_id) : 0;
	e->fl_proto = flp->__fl_common.flowic_proto;
	__builtin_memcpy(e->fl_src6, &a[0], 16);
	__builtin_memcpy(e->fl_dst6, &a[2], 16);
	f6i = BPF_CORE_READ(res, f6i);
	nh = BPF_CORE_READ(res, nh);
	/* the null entry is no route: this table had no match */
	if (f6i && f6i != BPF_CORE_READ(net, ipv6.fib6_null_entry)) {
		e->route_type = BPF_CORE_READ(f6i, fib6_type);
		e->metric = BPF_CORE_READ(f6i, fib6_metric);
	} else {
		nh = NULL;
		e->err = -11; /* -EAGAIN, as fib_table_lookup says it: no match here */
	}
	if (nh) {
		dev = BPF_CORE_READ(nh, nh_common.nhc_dev);
		if (dev) {
			e->oif = BPF_CORE_READ(dev, ifindex);
			bpf_probe_read_kernel_str(e->oifname, sizeof(e->oifname), dev->name);
		}
		e->scope = BPF_CORE_READ(nh, nh_common.nhc_scope);
		if (BPF_CORE_READ(nh, nh_common.nhc_gw_family) == 10 /* AF_INET6 */)
			bpf_probe_read_kernel(e->gw6, sizeof(e->gw6), &nh->nh_common.nhc_gw.ipv6);
	}
	hop_submit(e);
	return 0;
}

/* A locally generated packet: its route was looked up just before. */
static __always_inline void output_route(struct dd_track *t, __u64 skb, struct cbpf_scratch *s,
					 __u64 now, __u32 netns)
{
	struct dd_out_ctx *o = percpu(&pend_out);
	struct dd_hop *e;
	__u32 saddr, daddr;
	__u8 proto;

	if (!o || !o->valid || now - o->ts > CTX_MAX_NS)
		return;
	if (s->caplen < 34 || s->data[12] != 0x08 || s->data[13] != 0x00)
		return;
	proto = s->data[23];
	__builtin_memcpy(&saddr, &s->data[26], 4);
	__builtin_memcpy(&daddr, &s->data[30], 4);
	if (o->dst != daddr || (o->src && o->src != saddr) || (o->proto && o->proto != proto))
		return;
	o->valid = 0;
	e = hop_new(t, DD_HOP_ROUTE, skb, now);
	if (!e)
		return;
	e->netns = netns;
	e->ifindex = LOOPBACK_IFINDEX;
	e->tb_id = o->tb_id;
	e->err = o->err;
	e->fl_src = o->src;
	e->fl_dst = o->dst;
	e->fl_proto = o->proto;
	e->flags |= DD_HOPF_OUTPUT;
	route_result((const struct fib_nh_common *)o->nhc, &e->oif, &e->metric, &e->gw4,
		     &e->prefsrc, &e->route_type, &e->scope, e->oifname);
	hop_submit(e);
}

/* A packet on its way out (queued on a device, or on a neighbour): the
 * one followed at that address, or selected here as a first hop, with the
 * output route looked up for it just before; NULL for one the filter
 * turned down (lately, or now). *now: the time, once anything needs it.
 * *s: the scratch, when the filter ran. */
static __always_inline struct dd_track *outgoing(struct sk_buff *skb, struct net_device *dev,
						 __u64 *now, struct cbpf_scratch **s, bool *synth)
{
	struct dd_track *t;

	if (filter.len && recently_rejected((__u64)skb))
		return NULL;
	*now = bpf_ktime_get_boot_ns();
	t = track_get((__u64)skb, *now);
	if (t)
		return t;
	t = select_new(skb, dev, *now, s, synth);
	if (t)
		output_route(t, (__u64)skb, *s, *now, BPF_CORE_READ(dev, nd_net.net, ns.inum));
	return t;
}

SEC("tp_btf/net_dev_queue")
int BPF_PROG(trace_tx, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct cbpf_scratch *s = NULL;
	struct dd_track *t;
	struct dd_hop *e;
	bool synth = false;
	__u64 now;

	t = outgoing(skb, dev, &now, &s, &synth);
	if (!t)
		return 0;
	e = hop_new(t, DD_HOP_TX, (__u64)skb, now);
	if (!e)
		return 0;
	hop_dev(e, skb, dev);
	hop_bytes(e, skb, s, synth);
	hop_submit(e);
	return 0;
}

SEC("tp_btf/icmp_send")
int BPF_PROG(trace_icmp, const struct sk_buff *skb, int type, int code)
{
	__u64 now = bpf_ktime_get_boot_ns();
	struct dd_track *t = track_get((__u64)skb, now);
	struct dd_hop *e;

	if (!t)
		return 0;
	e = hop_new(t, DD_HOP_ICMP, (__u64)skb, now);
	if (!e)
		return 0;
	hop_dev(e, (struct sk_buff *)skb, BPF_CORE_READ(skb, dev));
	e->icmp_type = type;
	e->icmp_code = code;
	hop_submit(e);
	return 0;
}

/* A packet queued while its next hop is resolved (ARP/ND): rc 1 means
 * queued, and the queue's tail is the skb just added. A locally generated
 * packet meets no net_dev_queue before it is resolved: it may be selected
 * here, its first hop. */
SEC("tp_btf/neigh_event_send_done")
int BPF_PROG(trace_neigh, struct neighbour *n, int rc)
{
	struct net_device *dev = n->dev;
	struct cbpf_scratch *s = NULL;
	bool synth = false;
	struct sk_buff *skb;
	struct dd_track *t;
	struct dd_hop *e;
	__u64 now;

	if (rc != 1)
		return 0;
	skb = n->arp_queue.prev;
	if (!skb || (void *)skb == (void *)&n->arp_queue)
		return 0;
	t = outgoing(skb, dev, &now, &s, &synth);
	if (!t)
		return 0;
	e = hop_new(t, DD_HOP_NEIGH, (__u64)skb, now);
	t->flags |= DD_TRACKF_NEIGH_WAIT;
	if (!e)
		return 0;
	hop_dev(e, skb, dev);
	hop_bytes(e, skb, s, synth);
	e->nud_state = n->nud_state;
	if (BPF_CORE_READ(n, tbl, family) == 2 /* AF_INET */) {
		bpf_probe_read_kernel(&e->gw4, sizeof(e->gw4), n->primary_key);
	} else if (BPF_CORE_READ(n, tbl, family) == 10 /* AF_INET6 */) {
		bpf_probe_read_kernel(e->gw6, sizeof(e->gw6), n->primary_key);
		e->flags |= DD_HOPF_IPV6;
	}
	hop_submit(e);
	return 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(trace_drop, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	return journey_end(skb, reason <= SKB_CONSUMED ? DD_HOP_CONSUME : DD_HOP_DROP,
			   (__u64)location, reason);
}

SEC("tp_btf/consume_skb")
int BPF_PROG(trace_consume, struct sk_buff *skb, void *location)
{
	return journey_end(skb, DD_HOP_CONSUME, (__u64)location, 0);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* trace_xdp: the XDP part of a journey, for trace.bpf.c. An skb that veth
 * (or generic XDP) copies into an XDP buffer is freed in skb_pp_cow_data;
 * its journey goes on as the frame: the program's verdict comes from the
 * XDP tracepoints, which name no frame but run right after, on the same
 * CPU and device (pend_xdp ties them). XDP_PASS fires nothing: the copy
 * reaching the stack on the same device continues the journey
 * (xdp_passed). Internal to the trace collector (trace.bpf.c). */
#ifndef DROPDOC_TRACE_XDP_H
#define DROPDOC_TRACE_XDP_H

/* skb_pp_cow_data (kernel text, set by user space): where veth's XDP path
 * (and generic XDP's) frees an skb it copied into an XDP buffer */
const volatile __u64 xdp_cow_lo = 0, xdp_cow_hi = 0;

/* a packet copied for XDP on this CPU, waiting for the program's verdict:
 * the XDP tracepoints name no packet, but run right after, on this CPU and
 * the same device */
struct dd_xdp_pend {
	__u64 packet;
	__u64 jiffies;
	__u32 hops, flags, ifindex, pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_xdp_pend);
} pend_xdp SEC(".maps");

/* The packet copied for XDP on this device just now, if any. */
static __always_inline struct dd_xdp_pend *xdp_pending(__u32 ifindex)
{
	struct dd_xdp_pend *p = percpu(&pend_xdp);

	if (!p || !p->packet || p->ifindex != ifindex)
		return NULL;
	if (bpf_jiffies64() - p->jiffies > 1) {
		p->packet = 0;
		return NULL;
	}
	return p;
}

/* The verdict hop of the pending packet. Returns its tracking state (hop
 * count moved on), for an XDP_PASS that goes on. */
static __always_inline struct dd_track xdp_verdict(struct dd_xdp_pend *p,
						   const struct net_device *dev,
						   const struct bpf_prog *xdp, __u32 act,
						   __u32 reason, int err, __u32 to, __u64 now)
{
	struct dd_track t = {.packet = p->packet, .hops = p->hops, .flags = p->flags};
	struct dd_hop *e;

	p->packet = 0;
	e = hop_new(&t, DD_HOP_XDP, 0, now);
	if (!e)
		return t;
	e->ifindex = dev->ifindex;
	e->netns = dev->nd_net.net->ns.inum;
	bpf_probe_read_kernel_str(e->ifname, sizeof(e->ifname), dev->name);
	e->xdp_act = act;
	e->reason = reason;
	e->err = err;
	e->oif = to;
	if (xdp)
		e->prog_id = BPF_CORE_READ(xdp, aux, id);
	hop_submit(e);
	return t;
}

SEC("tp_btf/xdp_exception")
int BPF_PROG(trace_xdp_exception, const struct net_device *dev, const struct bpf_prog *xdp, u32 act)
{
	struct dd_xdp_pend *p = xdp_pending(dev->ifindex);
	__u32 reason = act == XDP_ABORTED ? DD_REASON_XDP_ABORTED
		       : act == XDP_TX	  ? DD_REASON_XDP_TX_ERR
					  : DD_REASON_XDP_EXCEPTION;

	if (p)
		xdp_verdict(p, dev, xdp, act, reason, 0, 0, bpf_ktime_get_boot_ns());
	return 0;
}

/* A redirect's verdict: reason 0 when it went through. */
static __always_inline void xdp_redirect_hop(const struct net_device *dev,
					     const struct bpf_prog *xdp, const void *tgt, int err,
					     enum bpf_map_type map_type, __u32 map_id, __u32 index,
					     __u32 reason)
{
	struct dd_xdp_pend *p = xdp_pending(dev->ifindex);

	if (p)
		xdp_verdict(p, dev, xdp, XDP_REDIRECT, reason, err,
			    xdp_target(tgt, map_type, map_id, index), bpf_ktime_get_boot_ns());
}

SEC("tp_btf/xdp_redirect_err")
int BPF_PROG(trace_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *xdp,
	     const void *tgt, int err, enum bpf_map_type map_type, u32 map_id, u32 index)
{
	xdp_redirect_hop(dev, xdp, tgt, err, map_type, map_id, index, DD_REASON_XDP_REDIRECT_ERR);
	return 0;
}

SEC("tp_btf/xdp_redirect")
int BPF_PROG(trace_xdp_redirect, const struct net_device *dev, const struct bpf_prog *xdp,
	     const void *tgt, int err, enum bpf_map_type map_type, u32 map_id, u32 index)
{
	xdp_redirect_hop(dev, xdp, tgt, err, map_type, map_id, index, 0);
	return 0;
}

/* XDP_PASS fires no tracepoint: the copy reaching the stack on the same
 * device says it. It goes on as the same packet. */
static __always_inline struct dd_track *xdp_passed(struct sk_buff *skb, struct net_device *dev,
						   __u64 now)
{
	struct dd_xdp_pend *p = xdp_pending(dev->ifindex);
	struct dd_track nt;
	__u64 key = (__u64)skb;

	if (!p)
		return NULL;
	nt = xdp_verdict(p, dev, NULL, XDP_PASS, 0, 0, 0, now);
	nt.last_ns = now;
	__sync_fetch_and_add(&ntracked, 1);
	if (bpf_map_update_elem(&tracked, &key, &nt, BPF_ANY)) {
		__sync_fetch_and_add(&ntracked, -1);
		return NULL;
	}
	return bpf_map_lookup_elem(&tracked, &key);
}

#endif

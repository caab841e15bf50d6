// SPDX-License-Identifier: GPL-2.0
/* lab_xdp: the XDP programs `dropdoc lab` attaches to build the seed 003
 * scenarios (loaded through this object's skeleton, so the binary carries
 * them). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Set by the lab between open and load: where lab_redirect sends frames. */
const volatile __u32 redirect_ifindex = 0;

/* Every frame to redirect_ifindex: a director in the manner of seed 003a. */
SEC("xdp")
int lab_redirect(struct xdp_md *ctx)
{
	return bpf_redirect(redirect_ifindex, 0);
}

/* A program that gives up on every frame, as one does when a bounds check
 * fails and it returns XDP_ABORTED (seed 003b; XDP_DROP leaves no trace). */
SEC("xdp")
int lab_abort(struct xdp_md *ctx)
{
	return XDP_ABORTED;
}

/* Drops every frame: on a veth, the frames its peer sends go through it as
 * skbs, and the kernel frees them where it says (veth_xdp_rcv_skb). */
SEC("xdp")
int lab_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* A tc classifier in direct-action mode that drops UDP to port 9 (a
 * policy filter written too broadly), and lets the rest through. */
#define TC_ACT_OK   0
#define TC_ACT_SHOT 2
SEC("tc")
int lab_tc_shot(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) > end || eth->h_proto != __builtin_bswap16(0x0800) ||
	    ip->protocol != 17 || ip->ihl != 5)
		return TC_ACT_OK;
	return udp->dest == __builtin_bswap16(9) ? TC_ACT_SHOT : TC_ACT_OK;
}

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

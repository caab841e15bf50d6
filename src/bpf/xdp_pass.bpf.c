// SPDX-License-Identifier: GPL-2.0
/* xdp_pass: passes every frame to the stack. Installed by `make install`
 * as $(PREFIX)/lib/dropdoc/xdp_pass.o for the fix dropdoc prints when a
 * veth's peer has no XDP program: attached to that peer, it makes the veth
 * take XDP-redirected frames. Users attach it themselves (no skeleton). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

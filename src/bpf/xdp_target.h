/* SPDX-License-Identifier: GPL-2.0 */
/* xdp_target: the device an XDP redirect went to, from the arguments of
 * xdp:xdp_redirect(_err), worked out as the tracepoint itself does:
 * bpf_redirect(ifindex) names it in index (no map: map_id INT_MAX), a
 * devmap entry holds it; 0 when neither (a cpumap, an xskmap). Include
 * after vmlinux.h and bpf_core_read.h. */
#ifndef DROPDOC_XDP_TARGET_H
#define DROPDOC_XDP_TARGET_H

static __always_inline __u32 xdp_target(const void *tgt, enum bpf_map_type map_type, __u32 map_id,
					__u32 index)
{
	if (map_type == BPF_MAP_TYPE_UNSPEC && map_id == 0x7fffffff)
		return index;
	if ((map_type == BPF_MAP_TYPE_DEVMAP || map_type == BPF_MAP_TYPE_DEVMAP_HASH) && tgt)
		return BPF_CORE_READ((struct bpf_dtab_netdev *)tgt, dev, ifindex);
	return 0;
}

#endif

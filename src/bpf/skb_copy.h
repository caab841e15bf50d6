/* SPDX-License-Identifier: GPL-2.0 */
/* skb_copy: the BPF collectors' one way of copying a packet out of an skb,
 * from its L2 header on (or behind a made-up Ethernet header when the skb
 * has none, e.g. on the way out before the neighbour layer ran). Include
 * after vmlinux.h and the libbpf helpers. */
#ifndef DROPDOC_SKB_COPY_H
#define DROPDOC_SKB_COPY_H

#define SKB_COPY_ETH_HLEN 14

/* skb must be a trusted (tp_btf) pointer. Copies up to min(snaplen, cap) bytes into buf (cap: a
 * constant, so the verifier sees the bound). protocol: skb->protocol (network order), put in a
 * made-up header. *len: on entry skb->len, on return the packet's length from buf's first byte.
 * *synth: set when the L2 header was made up. Returns the number of bytes valid in buf. */
static __always_inline __u32 skb_copy_l2(struct sk_buff *skb, __u8 *buf, const __u32 cap,
					 __u32 snaplen, __u16 protocol, __u32 *len, bool *synth)
{
	/* skb is a tp_btf argument: plain loads, CO-RE relocated, cost far
	 * less than a probe-read helper call each */
	unsigned char *head = skb->head;
	unsigned char *data = skb->data;
	__u16 mac = skb->mac_header;
	__u16 net = skb->network_header;
	__u32 tail = skb->tail; /* offset from head on 64-bit */
	__u32 data_off = data - head;
	__u64 start, avail, n, base = 0; /* 64-bit: no zero-extension the verifier loses track of */

	*synth = false;
	if (mac != (__u16)~0U && net > mac && net - mac >= SKB_COPY_ETH_HLEN && net - mac <= 64) {
		start = mac;
	} else {
		/* No MAC header: make up an Ethernet header with zero
		 * addresses and the skb's protocol. */
		__builtin_memset(buf, 0, SKB_COPY_ETH_HLEN);
		buf[12] = protocol & 0xff; /* network order in memory */
		buf[13] = protocol >> 8;
		*synth = true;
		base = SKB_COPY_ETH_HLEN;
		start = net && net <= tail ? net : data_off;
	}
	avail = tail > start ? tail - start : 0;
	/* wire length from our first byte = what lies before data + len */
	*len = *len + base + (data_off > start ? data_off - start : 0);
	n = avail < snaplen ? avail : snaplen;
	if (n > cap - base)
		n = cap - base;
	/* Keep the clamped value in the register the helper gets, so the
	 * verifier sees the bound (clang may otherwise reuse the raw one). */
	barrier_var(n);
	if (base) {
		if (n > 0 && n <= cap - SKB_COPY_ETH_HLEN)
			bpf_probe_read_kernel(buf + SKB_COPY_ETH_HLEN, n, head + start);
	} else {
		if (n > 0 && n <= cap)
			bpf_probe_read_kernel(buf, n, head + start);
	}
	return n + base;
}

#endif

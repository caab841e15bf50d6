// SPDX-License-Identifier: GPL-2.0
/* cbpf_verify: a test-only BPF object that proves the kernel verifier accepts
 * the cBPF interpreter (src/bpf/cbpf.h) with CBPF_MAX_INSNS instructions, and
 * lets user space run it in the kernel through BPF_PROG_TEST_RUN.
 *
 * The program lives in an array map, so the verifier knows nothing about it
 * (length, opcodes, jump offsets): it must accept every possible program.
 *  - cbpf_kfree_skb (tp_btf/kfree_skb) is how the drops collector will use
 *    it: copy the packet from the skb's L2 header into per-CPU scratch, run.
 *  - cbpf_test_run (raw_tp) runs on the packet user space put in `pkts`,
 *    leaving the return value in `result`; cbpf_test_run_ro does the same
 *    with the program in .rodata (set before load, then known to the
 *    verifier, as in the collector). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "cbpf.h"

char LICENSE[] SEC("license") = "GPL";

struct cbpf_test_pkt {
	__u32 caplen;
	__u32 wirelen;
	__u8 data[CBPF_PKT_MAX];
};

struct cbpf_test_result {
	__u32 ret;
	__u32 steps;
	__u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_prog);
} progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_test_pkt);
} pkts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_test_result);
} result SEC(".maps");

__u64 matched = 0;

/* A program fixed before load, as the collector's filter will be. */
const volatile struct cbpf_prog ro_prog = {};

static __always_inline int cbpf_test(CBPF_RO struct cbpf_prog *prog)
{
	struct cbpf_test_result *r;
	struct cbpf_test_pkt *p;
	struct cbpf_scratch *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&scratch, &zero);
	p = bpf_map_lookup_elem(&pkts, &zero);
	r = bpf_map_lookup_elem(&result, &zero);
	if (!s || !p || !r)
		return 0;
	__builtin_memcpy(s->data, p->data, CBPF_PKT_MAX);
	s->caplen = p->caplen;
	s->wirelen = p->wirelen;
	r->ret = cbpf_run(prog, s);
	r->steps = s->steps;
	r->runs++;
	return 0;
}

SEC("raw_tp")
int cbpf_test_run(void *ctx)
{
	struct cbpf_prog *prog;
	__u32 zero = 0;

	prog = bpf_map_lookup_elem(&progs, &zero);
	if (!prog)
		return 0;
	return cbpf_test(prog);
}

SEC("raw_tp")
int cbpf_test_run_ro(void *ctx)
{
	return cbpf_test(&ro_prog);
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(cbpf_kfree_skb, struct sk_buff *skb)
{
	struct cbpf_scratch *s;
	struct cbpf_prog *prog;
	__u32 zero = 0, len, n;
	unsigned char *head;
	__u16 mac;

	s = bpf_map_lookup_elem(&scratch, &zero);
	prog = bpf_map_lookup_elem(&progs, &zero);
	if (!s || !prog || !prog->len)
		return 0;
	head = BPF_CORE_READ(skb, head);
	mac = BPF_CORE_READ(skb, mac_header);
	len = BPF_CORE_READ(skb, len);
	if (mac == (__u16)~0U)
		return 0; /* no L2 header; the collector synthesizes one */
	n = len < CBPF_PKT_MAX ? len : CBPF_PKT_MAX;
	CBPF_BARRIER(n);
	if (n > CBPF_PKT_MAX)
		return 0;
	if (bpf_probe_read_kernel(s->data, n, head + mac))
		return 0;
	s->caplen = n;
	s->wirelen = len;
	if (cbpf_run(prog, s))
		__sync_fetch_and_add(&matched, 1);
	return 0;
}

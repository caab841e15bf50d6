// SPDX-License-Identifier: GPL-2.0
/* cbpf_jit_verify: a test-only BPF object with the filter placeholder of
 * bpf/cbpf_jit.h, run in the kernel through BPF_PROG_TEST_RUN on the
 * packet user space puts in `pkts`: test_filter_jit writes a translated
 * filter into it (filter_jit_patch), loads it — the verifier must accept
 * every translation — and compares its verdicts with the interpreter's. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "cbpf.h"
#include "cbpf_jit.h"

char LICENSE[] SEC("license") = "GPL";

struct cbpf_test_pkt {
	__u32 caplen;
	__u32 wirelen;
	__u8 data[CBPF_PKT_MAX];
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
	__type(value, struct cbpf_test_pkt);
} pkts SEC(".maps");

__u32 result = 0;
__u64 runs = 0;

SEC("raw_tp")
int jit_test_run(void *ctx)
{
	struct cbpf_test_pkt *p;
	struct cbpf_scratch *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&scratch, &zero);
	p = bpf_map_lookup_elem(&pkts, &zero);
	if (!s || !p)
		return 0;
	__builtin_memcpy(s->data, p->data, CBPF_PKT_MAX);
	/* stale scratch words must not leak into the next run */
	__builtin_memset(s->mem, 0xa5, sizeof(s->mem));
	s->caplen = p->caplen;
	s->wirelen = p->wirelen;
	result = cbpf_jit_run(s);
	runs++;
	return 0;
}

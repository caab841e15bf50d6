// SPDX-License-Identifier: GPL-2.0
/* fuzz_filter: any classic-BPF program (the input as sock_filter
 * instructions, then a packet) is refused by filter_validate or translated
 * to eBPF within the collectors' slots (else -E2BIG, an error, never a
 * crash); the span it computes never changes a verdict: the program on the
 * packet cut to filter_span() bytes says what it says on the whole. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include "collect/filter.h"
#include "collect/filter_jit.h"

#define JIT_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cbpf_prog prog;
	static struct bpf_insn out[JIT_MAX];
	char err[160];
	uint32_t n, span;
	const uint8_t *pkt;
	size_t plen;
	int w;

	if (size < 2)
		return 0;
	/* a count, the instructions, then the packet */
	n = (uint32_t)(data[0] << 8 | data[1]) % CBPF_MAX_INSNS + 1;
	if (size < 2 + n * sizeof(struct cbpf_insn))
		return 0;
	memset(&prog, 0, sizeof(prog));
	memcpy(prog.insns, data + 2, n * sizeof(struct cbpf_insn));
	prog.len = n;
	if (filter_validate(prog.insns, n, err, sizeof(err)))
		return 0; /* refused with a reason: fine */
	w = filter_jit_translate(&prog, out, JIT_MAX);
	if (w < 0 && w != -E2BIG)
		abort();
	pkt = data + 2 + n * sizeof(struct cbpf_insn);
	plen = size - 2 - n * sizeof(struct cbpf_insn);
	if (plen > CBPF_PKT_MAX)
		plen = CBPF_PKT_MAX;
	span = filter_span(&prog);
	if (span < plen && filter_run_user(&prog, pkt, (uint32_t)plen, (uint32_t)plen) !=
			       filter_run_user(&prog, pkt, span, (uint32_t)plen))
		abort();
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* filter: tcpdump filter expressions compiled by libpcap into classic BPF,
 * checked so that the reference interpreter (bpf/cbpf.h) and the eBPF
 * translation the collectors run (filter_jit.h) can take them. */
#ifndef DROPDOC_FILTER_H
#define DROPDOC_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf/cbpf.h"

/* Compiles expr for Ethernet frames (optimized, netmask unknown) into *out.
 * Returns 0; -EINVAL with libpcap's message in err for a bad expression;
 * -E2BIG when the program is longer than CBPF_MAX_INSNS; -ENOTSUP when it
 * uses an instruction the interpreter does not run. */
int filter_compile(const char *expr, struct cbpf_prog *out, char *err, size_t errlen);

/* Checks what the interpreter and the translation rely on: 1..CBPF_MAX_INSNS instructions,
 * known opcodes, jumps that land inside the program, scratch indexes below
 * CBPF_MEMWORDS, no division by a constant 0, a return at the end.
 * Returns 0 or a negative errno with the reason in err. */
int filter_validate(const struct cbpf_insn *insns, uint32_t len, char *err, size_t errlen);

/* How many bytes from the packet's first one prog can read: the largest
 * end of its absolute loads, and of its indexed loads where X is only ever
 * set by ldx imm or ldxb 4*([k]&0xf) (at most 60), else CBPF_PKT_MAX.
 * Copying that many bytes, not CBPF_PKT_MAX, gives the same verdicts. */
uint32_t filter_span(const struct cbpf_prog *prog);

/* Runs prog in user space on the first min(caplen, CBPF_PKT_MAX) bytes of
 * pkt, as the kernel side would. Returns the program's return value. */
uint32_t filter_run_user(const struct cbpf_prog *prog, const uint8_t *pkt, uint32_t caplen,
			 uint32_t wirelen);

/* filter_run_user() != 0 */
bool filter_match_user(const struct cbpf_prog *prog, const uint8_t *pkt, uint32_t caplen,
		       uint32_t wirelen);

#endif

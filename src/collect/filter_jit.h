/* SPDX-License-Identifier: GPL-2.0 */
/* filter_jit: a checked classic-BPF filter (filter.h) translated into eBPF
 * instructions, written into the placeholder block a collector reserves
 * with cbpf_jit_run() (bpf/cbpf_jit.h) before its object is loaded: a
 * tcpdump filter at native speed in the kernel (a bpf_loop interpreter paid
 * a call per instruction, ~20 ns here). Its verdicts are those of the
 * reference interpreter (bpf/cbpf.h), tested side by side in the kernel
 * (test_filter_jit). */
#ifndef DROPDOC_FILTER_JIT_H
#define DROPDOC_FILTER_JIT_H

#include <stddef.h>

#include "bpf/cbpf.h"
#include "bpf/cbpf_jit.h"

struct bpf_insn;
struct bpf_program;

/* Translates prog (checked by filter_validate) into at most max
 * instructions at out, for a block that starts with s in r1 and must leave
 * the return value in r0: every exit jumps to the instruction after the
 * last one written. Returns the number written, or -E2BIG. */
int filter_jit_translate(const struct cbpf_prog *prog, struct bpf_insn *out, size_t max);

/* Writes the translation of prog into every placeholder block of p (opened,
 * not loaded yet). Returns the number of blocks patched (0: p has none), or
 * -errno (-E2BIG: the translation does not fit CBPF_JIT_SLOTS). */
int filter_jit_patch(struct bpf_program *p, const struct cbpf_prog *prog);

#endif

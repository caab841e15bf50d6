/* SPDX-License-Identifier: GPL-2.0 */
/* cbpf_jit: the placeholder a BPF program reserves for a tcpdump filter
 * translated to eBPF by user space (filter_jit.c) between open and load.
 *
 * The block is: r1 = s; r0 = CBPF_JIT_MAGIC; then CBPF_JIT_SLOTS times
 * `goto +0`; then the result is taken from r0. User space finds the magic
 * followed by the slots and writes the translated filter over them (the
 * same number of instructions, so libbpf's relocations keep their places);
 * the slots it does not need stay `goto +0`, which the translation's exits
 * jump to and fall through (the verifier drops such no-ops). Left alone,
 * the block returns 0: no packet matches.
 *
 * The translated code reads the packet and keeps the scratch words in *s
 * (struct cbpf_scratch, a map value), uses r0-r5 and nothing else. Include
 * after vmlinux.h / linux/types.h and cbpf.h. */
#ifndef DROPDOC_CBPF_JIT_H
#define DROPDOC_CBPF_JIT_H

#define CBPF_JIT_MAGIC 0x5ca1ab1e
/* worst case: CBPF_MAX_INSNS indexed word loads of 12 instructions, and
 * the prologue and fail path */
#define CBPF_JIT_SLOTS	 3100
#define CBPF_JIT_STR_(x) #x
#define CBPF_JIT_STR(x)	 CBPF_JIT_STR_(x)

#if defined(__bpf__)
static __always_inline __u32 cbpf_jit_run(struct cbpf_scratch *s)
{
	__u32 ret;

	asm volatile("r1 = %[s]\n"
		     "r0 = " CBPF_JIT_STR(CBPF_JIT_MAGIC) "\n"
							  ".rept " CBPF_JIT_STR(
							      CBPF_JIT_SLOTS) "\n"
									      "goto +0\n"
									      ".endr\n"
									      "%[ret] = r0\n"
		     : [ret] "=r"(ret)
		     : [s] "r"(s)
		     : "r0", "r1", "r2", "r3", "r4", "r5", "memory");
	return ret;
}
#endif

#endif

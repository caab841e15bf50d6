/* SPDX-License-Identifier: GPL-2.0 */
/* cbpf_random: random valid cBPF programs for differential tests (user
 * space against bpf_filter(), kernel against user space). */
#ifndef DROPDOC_TEST_CBPF_RANDOM_H
#define DROPDOC_TEST_CBPF_RANDOM_H

#include <stdbool.h>
#include <stdlib.h>

#include "bpf/cbpf.h"

#define CBPF_RANDOM_SEED  1
#define CBPF_RANDOM_PROGS 300
#define CBPF_RANDOM_RUNS  4 /* packets per program */

/* A random valid instruction at pc of a len-long program. */
static inline struct cbpf_insn cbpf_random_insn(uint32_t pc, uint32_t len, bool *shift_x)
{
	static const uint16_t codes[] = {
	    CBPF_LD | CBPF_W | CBPF_ABS,
	    CBPF_LD | CBPF_H | CBPF_ABS,
	    CBPF_LD | CBPF_B | CBPF_ABS,
	    CBPF_LD | CBPF_W | CBPF_IND,
	    CBPF_LD | CBPF_H | CBPF_IND,
	    CBPF_LD | CBPF_B | CBPF_IND,
	    CBPF_LD | CBPF_W | CBPF_LEN,
	    CBPF_LD | CBPF_IMM,
	    CBPF_LD | CBPF_MEM,
	    CBPF_LDX | CBPF_W | CBPF_LEN,
	    CBPF_LDX | CBPF_B | CBPF_MSH,
	    CBPF_LDX | CBPF_IMM,
	    CBPF_LDX | CBPF_MEM,
	    CBPF_ST,
	    CBPF_STX,
	    CBPF_ALU | CBPF_ADD | CBPF_K,
	    CBPF_ALU | CBPF_SUB | CBPF_X,
	    CBPF_ALU | CBPF_MUL | CBPF_K,
	    CBPF_ALU | CBPF_DIV | CBPF_K,
	    CBPF_ALU | CBPF_DIV | CBPF_X,
	    CBPF_ALU | CBPF_MOD | CBPF_K,
	    CBPF_ALU | CBPF_MOD | CBPF_X,
	    CBPF_ALU | CBPF_AND | CBPF_X,
	    CBPF_ALU | CBPF_OR | CBPF_K,
	    CBPF_ALU | CBPF_XOR | CBPF_X,
	    CBPF_ALU | CBPF_LSH | CBPF_K,
	    CBPF_ALU | CBPF_RSH | CBPF_K,
	    CBPF_ALU | CBPF_NEG,
	    CBPF_JMP | CBPF_JA,
	    CBPF_JMP | CBPF_JEQ | CBPF_K,
	    CBPF_JMP | CBPF_JGT | CBPF_X,
	    CBPF_JMP | CBPF_JGE | CBPF_K,
	    CBPF_JMP | CBPF_JSET | CBPF_X,
	    CBPF_MISC | CBPF_TAX,
	    CBPF_MISC | CBPF_TXA,
	    CBPF_RET | CBPF_A,
	};
	struct cbpf_insn in = {.code = codes[(unsigned)rand() % (sizeof(codes) / 2)]};
	/* a jump may land on len - 1 at most */
	uint32_t room = pc + 2 <= len ? len - pc - 2 : 0;
	uint16_t op = in.code & 0xf0;

	in.k = (uint32_t)rand() % 80;
	switch (in.code & 0x07) {
	case CBPF_LD:
	case CBPF_LDX:
	case CBPF_ST:
	case CBPF_STX:
		if ((in.code & 0xe0) == CBPF_MEM || (in.code & 0x07) >= CBPF_ST)
			in.k %= CBPF_MEMWORDS;
		break;
	case CBPF_ALU:
		if ((op == CBPF_DIV || op == CBPF_MOD) && !(in.code & CBPF_X))
			in.k = in.k % 7 + 1;
		if (op == CBPF_LSH || op == CBPF_RSH) {
			in.k %= 32;
			*shift_x |= (in.code & CBPF_X) != 0;
		}
		break;
	case CBPF_JMP:
		in.k = op == CBPF_JA ? (room ? (uint32_t)rand() % (room + 1) : 0) : in.k;
		in.jt = (uint8_t)(room ? (unsigned)rand() % (room + 1) : 0);
		in.jf = (uint8_t)(room ? (unsigned)rand() % (room + 1) : 0);
		break;
	}
	if (pc == len - 1) /* the last instruction returns */
		in = (struct cbpf_insn){.code = CBPF_RET | CBPF_A};
	else if ((in.code & 0x07) == CBPF_JMP && pc + 1 >= len - 1)
		in = (struct cbpf_insn){.code = CBPF_MISC | CBPF_TAX};
	return in;
}

/* A random program of 2..CBPF_MAX_INSNS instructions; *shift_x tells whether
 * it shifts by X (libpcap leaves shifts by X >= 32 undefined). */
static inline void cbpf_random_prog(struct cbpf_prog *prog, bool *shift_x)
{
	uint32_t init;

	*prog = (struct cbpf_prog){.len = 2 + (uint32_t)rand() % (CBPF_MAX_INSNS - 1)};
	*shift_x = false;
	/* libpcap's bpf_filter() leaves scratch words uninitialized (pcap_compile
	 * never reads one before storing it), so store to each first. */
	init = prog->len - 1 < CBPF_MEMWORDS ? prog->len - 1 : CBPF_MEMWORDS;
	for (uint32_t pc = 0; pc < init; pc++)
		prog->insns[pc] = (struct cbpf_insn){.code = CBPF_ST, .k = pc};
	for (uint32_t pc = init; pc < prog->len; pc++) {
		struct cbpf_insn *in = &prog->insns[pc];

		*in = cbpf_random_insn(pc, prog->len, shift_x);
		if ((in->code & 0xe7) == (CBPF_LD | CBPF_MEM) ||
		    (in->code & 0xe7) == (CBPF_LDX | CBPF_MEM))
			in->k = in->k < init ? in->k : 0;
		if ((in->code & 0xe7) == (CBPF_LD | CBPF_MEM) && init == 0)
			in->code = CBPF_LD | CBPF_IMM;
		if ((in->code & 0xe7) == (CBPF_LDX | CBPF_MEM) && init == 0)
			in->code = CBPF_LDX | CBPF_IMM;
	}
}

#endif

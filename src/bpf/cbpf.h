/* SPDX-License-Identifier: GPL-2.0 */
/* cbpf: the classic-BPF machine a tcpdump filter runs on. Shared by the BPF
 * collectors and user space: the program and scratch layouts (the scratch,
 * a per-CPU map value, holds the packet bytes the filter reads). User space
 * alone has the interpreter: the reference semantics, unit-tested against
 * libpcap's own bpf_filter() (test_filter); the collectors run the eBPF
 * translation of filter_jit.c, tested against it in the kernel
 * (test_filter_jit).
 *
 * Semantics are those of bpf_filter(): A and X start at 0, loads are
 * big-endian, a load outside the captured bytes or a division by zero ends
 * the program with 0, falling off the end returns 0. The packet matches iff
 * the return value is non-zero. Jumps are forward only, so every
 * instruction runs at most once and CBPF_MAX_INSNS steps always suffice.
 * Programs are checked before they run (filter.c: length, opcodes, jump
 * targets, scratch indexes). */
#ifndef DROPDOC_CBPF_H
#define DROPDOC_CBPF_H

#if defined(__bpf__)
typedef __u8 cbpf_u8;
typedef __u16 cbpf_u16;
typedef __u32 cbpf_u32;
typedef __u64 cbpf_u64;
#else
#include <stdint.h>
typedef uint8_t cbpf_u8;
typedef uint16_t cbpf_u16;
typedef uint32_t cbpf_u32;
typedef uint64_t cbpf_u64;
#endif

#define CBPF_MAX_INSNS 256 /* power of two: indexes are masked with it */
#define CBPF_PKT_MAX   256 /* power of two: packet offsets are masked with it */
#define CBPF_MEMWORDS  16  /* power of two: scratch indexes are masked */
#define CBPF_VERSION   1

/* Instruction encoding, identical to struct sock_filter / libpcap's
 * struct bpf_insn. */
enum {
	/* classes */
	CBPF_LD = 0x00,
	CBPF_LDX = 0x01,
	CBPF_ST = 0x02,
	CBPF_STX = 0x03,
	CBPF_ALU = 0x04,
	CBPF_JMP = 0x05,
	CBPF_RET = 0x06,
	CBPF_MISC = 0x07,
	/* load sizes */
	CBPF_W = 0x00,
	CBPF_H = 0x08,
	CBPF_B = 0x10,
	/* load modes */
	CBPF_IMM = 0x00,
	CBPF_ABS = 0x20,
	CBPF_IND = 0x40,
	CBPF_MEM = 0x60,
	CBPF_LEN = 0x80,
	CBPF_MSH = 0xa0,
	/* ALU and jump operations */
	CBPF_ADD = 0x00,
	CBPF_SUB = 0x10,
	CBPF_MUL = 0x20,
	CBPF_DIV = 0x30,
	CBPF_OR = 0x40,
	CBPF_AND = 0x50,
	CBPF_LSH = 0x60,
	CBPF_RSH = 0x70,
	CBPF_NEG = 0x80,
	CBPF_MOD = 0x90,
	CBPF_XOR = 0xa0,
	CBPF_JA = 0x00,
	CBPF_JEQ = 0x10,
	CBPF_JGT = 0x20,
	CBPF_JGE = 0x30,
	CBPF_JSET = 0x40,
	/* operand source; return value */
	CBPF_K = 0x00,
	CBPF_X = 0x08,
	CBPF_A = 0x10,
	/* misc */
	CBPF_TAX = 0x00,
	CBPF_TXA = 0x80,
};

struct cbpf_insn { /* the layout of sock_filter, so pcap's code copies in */
	cbpf_u16 code;
	cbpf_u8 jt;
	cbpf_u8 jf;
	cbpf_u32 k;
};

struct cbpf_prog {
	struct cbpf_insn insns[CBPF_MAX_INSNS];
	cbpf_u32 len; /* instructions in use; 0 = no filter */
	cbpf_u32 version;
};

/* Per-CPU scratch: the packet bytes and the machine state. */
struct cbpf_scratch {
	cbpf_u32 mem[CBPF_MEMWORDS];
	cbpf_u32 a, x, pc, ret;
	cbpf_u32 caplen;  /* bytes in data[] */
	cbpf_u32 wirelen; /* the packet's full length */
	cbpf_u32 steps;	  /* instructions executed (for tests) */
	cbpf_u32 pad;
	cbpf_u8 data[CBPF_PKT_MAX]; /* from the L2 header on */
};

_Static_assert(sizeof(struct cbpf_insn) == 8, "cbpf_insn is 8 bytes");
_Static_assert(sizeof(struct cbpf_prog) == CBPF_MAX_INSNS * 8 + 8, "cbpf_prog layout");
_Static_assert(sizeof(struct cbpf_scratch) == 4 * CBPF_MEMWORDS + 32 + CBPF_PKT_MAX,
	       "cbpf_scratch layout");

#if !defined(__bpf__)
/* ---- the interpreter (user space) ---- */

struct cbpf_loop_ctx {
	const struct cbpf_prog *prog;
	struct cbpf_scratch *s;
};

static inline cbpf_u32 cbpf_byte(const struct cbpf_scratch *s, cbpf_u32 i)
{
	return s->data[i & (CBPF_PKT_MAX - 1)];
}

/* Loads size (1, 2, 4) bytes at base + add; 0 when any of them lies beyond
 * caplen (the caller then ends the program with 0). */
static inline int cbpf_load(const struct cbpf_scratch *s, cbpf_u32 base, cbpf_u32 add,
			    cbpf_u32 size, cbpf_u32 *out)
{
	cbpf_u64 off = (cbpf_u64)base + add;
	cbpf_u32 caplen = s->caplen, i;

	if (caplen > CBPF_PKT_MAX)
		caplen = CBPF_PKT_MAX;
	if (off + size > caplen)
		return 0;
	i = (cbpf_u32)off;
	if (size == 1)
		*out = cbpf_byte(s, i);
	else if (size == 2)
		*out = cbpf_byte(s, i) << 8 | cbpf_byte(s, i + 1);
	else
		*out = cbpf_byte(s, i) << 24 | cbpf_byte(s, i + 1) << 16 |
		       cbpf_byte(s, i + 2) << 8 | cbpf_byte(s, i + 3);
	return 1;
}

/* A <op> v for the ALU class; 0 when the program must end (division by 0). */
static inline int cbpf_alu(cbpf_u32 op, cbpf_u32 *a, cbpf_u32 v)
{
	switch (op) {
	case CBPF_ADD:
		*a += v;
		break;
	case CBPF_SUB:
		*a -= v;
		break;
	case CBPF_MUL:
		*a *= v;
		break;
	case CBPF_DIV:
		if (!v)
			return 0;
		*a /= v;
		break;
	case CBPF_MOD:
		if (!v)
			return 0;
		*a %= v;
		break;
	case CBPF_AND:
		*a &= v;
		break;
	case CBPF_OR:
		*a |= v;
		break;
	case CBPF_XOR:
		*a ^= v;
		break;
	case CBPF_LSH:
		*a = v < 32 ? *a << v : 0;
		break;
	case CBPF_RSH:
		*a = v < 32 ? *a >> v : 0;
		break;
	case CBPF_NEG:
		*a = 0 - *a;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Conditional jump outcome for JEQ/JGT/JGE/JSET. */
static inline int cbpf_cond(cbpf_u32 op, cbpf_u32 a, cbpf_u32 v)
{
	switch (op) {
	case CBPF_JEQ:
		return a == v;
	case CBPF_JGT:
		return a > v;
	case CBPF_JGE:
		return a >= v;
	default: /* CBPF_JSET */
		return (a & v) != 0;
	}
}

/* One instruction. Returns 1 when the program has ended (s->ret set). */
static inline long cbpf_step(cbpf_u32 idx, void *arg)
{
	struct cbpf_loop_ctx *c = arg;
	const struct cbpf_prog *prog = c->prog;
	struct cbpf_scratch *s = c->s;
	cbpf_u32 pc = s->pc, len = prog->len, code, k, jt, jf, v = 0, sz;

	(void)idx;
	s->ret = 0;
	if (pc >= len || pc >= CBPF_MAX_INSNS)
		return 1; /* fell off the end */
	pc &= CBPF_MAX_INSNS - 1;
	code = prog->insns[pc].code;
	k = prog->insns[pc].k;
	jt = prog->insns[pc].jt;
	jf = prog->insns[pc].jf;
	s->pc = pc + 1;
	s->steps++;

	switch (code & 0x07) {
	case CBPF_LD:
	case CBPF_LDX:
		sz = (code & 0x18) == CBPF_W ? 4 : (code & 0x18) == CBPF_H ? 2 : 1;
		switch (code) {
		case CBPF_LD | CBPF_W | CBPF_ABS:
		case CBPF_LD | CBPF_H | CBPF_ABS:
		case CBPF_LD | CBPF_B | CBPF_ABS:
			if (!cbpf_load(s, k, 0, sz, &v))
				return 1;
			break;
		case CBPF_LD | CBPF_W | CBPF_IND:
		case CBPF_LD | CBPF_H | CBPF_IND:
		case CBPF_LD | CBPF_B | CBPF_IND:
			if (!cbpf_load(s, k, s->x, sz, &v))
				return 1;
			break;
		case CBPF_LDX | CBPF_B | CBPF_MSH:
			if (!cbpf_load(s, k, 0, 1, &v))
				return 1;
			s->x = (v & 0xf) << 2;
			return 0;
		case CBPF_LD | CBPF_W | CBPF_LEN:
		case CBPF_LDX | CBPF_W | CBPF_LEN:
			v = s->wirelen;
			break;
		case CBPF_LD | CBPF_IMM:
		case CBPF_LDX | CBPF_IMM:
			v = k;
			break;
		case CBPF_LD | CBPF_MEM:
		case CBPF_LDX | CBPF_MEM:
			v = s->mem[k & (CBPF_MEMWORDS - 1)];
			break;
		default:
			return 1; /* not a cBPF load: reject */
		}
		if ((code & 0x07) == CBPF_LD)
			s->a = v;
		else
			s->x = v;
		return 0;
	case CBPF_ST:
		s->mem[k & (CBPF_MEMWORDS - 1)] = s->a;
		return 0;
	case CBPF_STX:
		s->mem[k & (CBPF_MEMWORDS - 1)] = s->x;
		return 0;
	case CBPF_ALU:
		v = s->a;
		if (!cbpf_alu(code & 0xf0, &v, (code & CBPF_X) ? s->x : k))
			return 1;
		s->a = v;
		return 0;
	case CBPF_JMP:
		if ((code & 0xf0) == CBPF_JA) {
			s->pc = pc + 1 + k;
		} else if ((code & 0xf0) <= CBPF_JSET) {
			v = (code & CBPF_X) ? s->x : k;
			s->pc = pc + 1 + (cbpf_cond(code & 0xf0, s->a, v) ? jt : jf);
		} else {
			return 1;
		}
		return 0;
	case CBPF_RET:
		if (code == (CBPF_RET | CBPF_K))
			s->ret = k;
		else if (code == (CBPF_RET | CBPF_A))
			s->ret = s->a;
		return 1;
	default: /* CBPF_MISC */
		if (code == (CBPF_MISC | CBPF_TAX))
			s->x = s->a;
		else if (code == (CBPF_MISC | CBPF_TXA))
			s->a = s->x;
		else
			return 1;
		return 0;
	}
}

/* Runs prog over s->data[0..caplen). Returns the program's return value:
 * non-zero means the packet matches. */
static inline cbpf_u32 cbpf_run(const struct cbpf_prog *prog, struct cbpf_scratch *s)
{
	struct cbpf_loop_ctx c = {.prog = prog, .s = s};
	int i;

	for (i = 0; i < CBPF_MEMWORDS; i++)
		s->mem[i] = 0;
	s->a = s->x = s->pc = s->ret = s->steps = 0;
	for (i = 0; i < CBPF_MAX_INSNS; i++)
		if (cbpf_step((cbpf_u32)i, &c))
			break;
	return s->ret;
}

#endif /* the interpreter */

#endif

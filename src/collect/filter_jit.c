// SPDX-License-Identifier: GPL-2.0
/* filter_jit: classic BPF to eBPF, for the placeholder of bpf/cbpf_jit.h.
 *
 * Registers: r1 = the scratch (struct cbpf_scratch, a map value: packet
 * bytes, caplen, wirelen, the 16 scratch words), w2 = A, w3 = X, r0, r4 and
 * r5 temporaries; r0 holds the return value at the exit. Semantics are the
 * interpreter's (bpf/cbpf.h), which are libpcap's bpf_filter(): A and X
 * start at 0, so do the scratch words; loads are big-endian, and one that
 * reaches past caplen ends the program with 0, as does a division by zero;
 * shifts by 32 or more give 0; falling off the end returns 0.
 *
 * Every packet access is bounded twice: by caplen (the semantics) and by
 * CBPF_PKT_MAX with constants the verifier can see (it does not know that
 * caplen is at most CBPF_PKT_MAX). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

#include "collect/filter_jit.h"

enum { R0 = 0, R1, RA, RX, R4, R5 };

/* where a jump goes, resolved once every instruction has its place */
enum { TO_INSN, TO_FAIL, TO_EXIT };

struct jit {
	struct bpf_insn *out;
	size_t n, max;
	int start[CBPF_MAX_INSNS + 1]; /* first eBPF instruction of each cBPF one */
	struct fixup {
		int at, kind, target;
	} fix[CBPF_MAX_INSNS * 4];
	int nfix;
	int fail;
};

#define OFF_DATA    ((int16_t)offsetof(struct cbpf_scratch, data))
#define OFF_CAPLEN  ((int16_t)offsetof(struct cbpf_scratch, caplen))
#define OFF_WIRELEN ((int16_t)offsetof(struct cbpf_scratch, wirelen))

static void emit(struct jit *j, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (j->n < j->max)
		j->out[j->n] = (struct bpf_insn){
		    .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
	j->n++;
}

/* a jump (code: BPF_JMP/JMP32 | op | src) to a place known later */
static void emit_jump(struct jit *j, uint8_t code, uint8_t dst, uint8_t src, int32_t imm, int kind,
		      int target)
{
	j->fix[j->nfix++] = (struct fixup){.at = (int)j->n, .kind = kind, .target = target};
	emit(j, code, dst, src, 0, imm);
}

static uint8_t size_code(uint32_t sz)
{
	return sz == 4 ? BPF_W : sz == 2 ? BPF_H : BPF_B;
}

/* dst = the sz bytes at data[k], big-endian; 0 past caplen */
static void load_abs(struct jit *j, uint8_t dst, uint32_t k, uint32_t sz)
{
	if ((uint64_t)k + sz > CBPF_PKT_MAX) {
		emit_jump(j, BPF_JMP | BPF_JA, 0, 0, 0, TO_FAIL, 0);
		return;
	}
	emit(j, BPF_LDX | BPF_MEM | BPF_W, R0, R1, OFF_CAPLEN, 0);
	emit_jump(j, BPF_JMP32 | BPF_JLT | BPF_K, R0, 0, (int32_t)(k + sz), TO_FAIL, 0);
	emit(j, BPF_LDX | BPF_MEM | size_code(sz), dst, R1, (int16_t)(OFF_DATA + k), 0);
	if (sz > 1)
		emit(j, BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, (int32_t)sz * 8);
}

/* A = the sz bytes at data[X + k] */
static void load_ind(struct jit *j, uint32_t k, uint32_t sz)
{
	emit(j, BPF_ALU | BPF_MOV | BPF_X, R4, RX, 0, 0);	  /* r4 = X, zero-extended */
	emit(j, BPF_ALU | BPF_MOV | BPF_K, R5, 0, 0, (int32_t)k); /* r5 = k, zero-extended */
	emit(j, BPF_ALU64 | BPF_ADD | BPF_X, R4, R5, 0, 0);	  /* no wrap: both < 2^32 */
	emit(j, BPF_ALU64 | BPF_MOV | BPF_X, R5, R4, 0, 0);
	emit(j, BPF_ALU64 | BPF_ADD | BPF_K, R5, 0, 0, (int32_t)sz);
	emit(j, BPF_LDX | BPF_MEM | BPF_W, R0, R1, OFF_CAPLEN, 0);
	emit_jump(j, BPF_JMP | BPF_JGT | BPF_X, R5, R0, 0, TO_FAIL, 0);
	emit_jump(j, BPF_JMP | BPF_JGT | BPF_K, R4, 0, (int32_t)(CBPF_PKT_MAX - sz), TO_FAIL, 0);
	emit(j, BPF_ALU64 | BPF_MOV | BPF_X, R5, R1, 0, 0);
	emit(j, BPF_ALU64 | BPF_ADD | BPF_X, R5, R4, 0, 0);
	emit(j, BPF_LDX | BPF_MEM | size_code(sz), RA, R5, OFF_DATA, 0);
	if (sz > 1)
		emit(j, BPF_ALU | BPF_END | BPF_TO_BE, RA, 0, 0, (int32_t)sz * 8);
}

static uint8_t alu_op(uint16_t op)
{
	switch (op) {
	case CBPF_ADD:
		return BPF_ADD;
	case CBPF_SUB:
		return BPF_SUB;
	case CBPF_MUL:
		return BPF_MUL;
	case CBPF_DIV:
		return BPF_DIV;
	case CBPF_MOD:
		return BPF_MOD;
	case CBPF_AND:
		return BPF_AND;
	case CBPF_OR:
		return BPF_OR;
	case CBPF_XOR:
		return BPF_XOR;
	case CBPF_LSH:
		return BPF_LSH;
	default:
		return BPF_RSH;
	}
}

static int alu(struct jit *j, uint16_t code, uint32_t k)
{
	uint16_t op = code & 0xf0;
	bool x = code & CBPF_X;

	if (op == CBPF_NEG) {
		emit(j, BPF_ALU | BPF_NEG, RA, 0, 0, 0);
		return 0;
	}
	if (op > CBPF_XOR)
		return -EINVAL;
	if (op == CBPF_DIV || op == CBPF_MOD) {
		if (!x && !k) {
			emit_jump(j, BPF_JMP | BPF_JA, 0, 0, 0, TO_FAIL, 0);
			return 0;
		}
		if (x)
			emit_jump(j, BPF_JMP32 | BPF_JEQ | BPF_K, RX, 0, 0, TO_FAIL, 0);
	}
	if (op == CBPF_LSH || op == CBPF_RSH) {
		if (!x) {
			if (k >= 32)
				emit(j, BPF_ALU | BPF_MOV | BPF_K, RA, 0, 0, 0);
			else
				emit(j, BPF_ALU | alu_op(op) | BPF_K, RA, 0, 0, (int32_t)k);
			return 0;
		}
		/* by X: 0 when X >= 32 (the kernel would mask it) */
		emit(j, BPF_JMP32 | BPF_JLT | BPF_K, RX, 0, 2, 32);
		emit(j, BPF_ALU | BPF_MOV | BPF_K, RA, 0, 0, 0);
		emit(j, BPF_JMP | BPF_JA, 0, 0, 1, 0);
		emit(j, BPF_ALU | alu_op(op) | BPF_X, RA, RX, 0, 0);
		return 0;
	}
	if (x)
		emit(j, BPF_ALU | alu_op(op) | BPF_X, RA, RX, 0, 0);
	else
		emit(j, BPF_ALU | alu_op(op) | BPF_K, RA, 0, 0, (int32_t)k);
	return 0;
}

static uint8_t jmp_op(uint16_t op)
{
	return op == CBPF_JEQ	? BPF_JEQ
	       : op == CBPF_JGT ? BPF_JGT
	       : op == CBPF_JGE ? BPF_JGE
				: BPF_JSET;
}

static int one(struct jit *j, const struct cbpf_insn *in, int pc)
{
	uint16_t code = in->code;
	uint32_t k = in->k, sz = (code & 0x18) == CBPF_W ? 4 : (code & 0x18) == CBPF_H ? 2 : 1;

	switch (code & 0x07) {
	case CBPF_LD:
	case CBPF_LDX: {
		uint8_t dst = (code & 0x07) == CBPF_LD ? RA : RX;

		switch (code & 0xe0) {
		case CBPF_ABS:
			if (dst != RA)
				return -EINVAL;
			load_abs(j, RA, k, sz);
			return 0;
		case CBPF_IND:
			if (dst != RA)
				return -EINVAL;
			load_ind(j, k, sz);
			return 0;
		case CBPF_MSH:
			if (code != (CBPF_LDX | CBPF_B | CBPF_MSH))
				return -EINVAL;
			load_abs(j, RX, k, 1);
			emit(j, BPF_ALU | BPF_AND | BPF_K, RX, 0, 0, 0xf);
			emit(j, BPF_ALU | BPF_LSH | BPF_K, RX, 0, 0, 2);
			return 0;
		case CBPF_LEN:
			emit(j, BPF_LDX | BPF_MEM | BPF_W, dst, R1, OFF_WIRELEN, 0);
			return 0;
		case CBPF_IMM:
			emit(j, BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, (int32_t)k);
			return 0;
		case CBPF_MEM:
			emit(j, BPF_LDX | BPF_MEM | BPF_W, dst, R1,
			     (int16_t)(4 * (k & (CBPF_MEMWORDS - 1))), 0);
			return 0;
		}
		return -EINVAL;
	}
	case CBPF_ST:
	case CBPF_STX:
		emit(j, BPF_STX | BPF_MEM | BPF_W, R1, (code & 0x07) == CBPF_ST ? RA : RX,
		     (int16_t)(4 * (k & (CBPF_MEMWORDS - 1))), 0);
		return 0;
	case CBPF_ALU:
		return alu(j, code, k);
	case CBPF_JMP: {
		uint16_t op = code & 0xf0;
		int t = pc + 1 + in->jt, f = pc + 1 + in->jf;

		if (op == CBPF_JA) {
			emit_jump(j, BPF_JMP | BPF_JA, 0, 0, 0, TO_INSN, pc + 1 + (int)k);
			return 0;
		}
		if (op > CBPF_JSET)
			return -EINVAL;
		if (code & CBPF_X)
			emit_jump(j, BPF_JMP32 | jmp_op(op) | BPF_X, RA, RX, 0, TO_INSN, t);
		else
			emit_jump(j, BPF_JMP32 | jmp_op(op) | BPF_K, RA, 0, (int32_t)k, TO_INSN, t);
		if (f != pc + 1)
			emit_jump(j, BPF_JMP | BPF_JA, 0, 0, 0, TO_INSN, f);
		return 0;
	}
	case CBPF_RET:
		if (code == (CBPF_RET | CBPF_K))
			emit(j, BPF_ALU | BPF_MOV | BPF_K, R0, 0, 0, (int32_t)k);
		else if (code == (CBPF_RET | CBPF_A))
			emit(j, BPF_ALU | BPF_MOV | BPF_X, R0, RA, 0, 0);
		else
			return -EINVAL;
		emit_jump(j, BPF_JMP | BPF_JA, 0, 0, 0, TO_EXIT, 0);
		return 0;
	default: /* CBPF_MISC */
		if (code == (CBPF_MISC | CBPF_TAX))
			emit(j, BPF_ALU | BPF_MOV | BPF_X, RX, RA, 0, 0);
		else if (code == (CBPF_MISC | CBPF_TXA))
			emit(j, BPF_ALU | BPF_MOV | BPF_X, RA, RX, 0, 0);
		else
			return -EINVAL;
		return 0;
	}
}

/* live[i]: some path from the first instruction reaches i (i = len: the
 * program can fall off its end). Jumps go forward only: one pass. */
static void reachable(const struct cbpf_prog *prog, uint32_t len, bool *live)
{
	memset(live, 0, (len + 1) * sizeof(*live));
	live[0] = true;
	for (uint32_t i = 0; i < len; i++) {
		const struct cbpf_insn *in = &prog->insns[i];
		uint32_t t = i + 1 + in->jt, f = i + 1 + in->jf;

		if (!live[i])
			continue;
		if ((in->code & 0x07) == CBPF_RET)
			continue;
		if ((in->code & 0x07) != CBPF_JMP) {
			live[i + 1] = true;
		} else if ((in->code & 0xf0) == CBPF_JA) {
			t = i + 1 + in->k;
			live[t < len ? t : len] = true;
		} else {
			live[t < len ? t : len] = true;
			live[f < len ? f : len] = true;
		}
	}
}

static int translate(struct jit *j, const struct cbpf_prog *prog)
{
	uint32_t len = prog->len < CBPF_MAX_INSNS ? prog->len : CBPF_MAX_INSNS;
	bool mem = false, need_fail = false, live[CBPF_MAX_INSNS + 1];
	int e;

	emit(j, BPF_ALU | BPF_MOV | BPF_K, RA, 0, 0, 0);
	emit(j, BPF_ALU | BPF_MOV | BPF_K, RX, 0, 0, 0);
	for (uint32_t i = 0; i < len; i++)
		mem |= (prog->insns[i].code & 0x07) <= CBPF_LDX &&
		       (prog->insns[i].code & 0xe0) == CBPF_MEM;
	for (int w = 0; mem && w < CBPF_MEMWORDS / 2; w++) /* read before written: 0 */
		emit(j, BPF_ST | BPF_MEM | BPF_DW, R1, 0, (int16_t)(8 * w), 0);
	reachable(prog, len, live);
	for (uint32_t i = 0; i < len; i++) {
		j->start[i] = (int)j->n;
		if (!live[i])
			continue; /* the verifier refuses code nothing reaches */
		e = one(j, &prog->insns[i], (int)i);
		if (e)
			return e;
	}
	j->start[len] = (int)j->n; /* fell off the end: fail */
	j->fail = (int)j->n;
	for (int f = 0; f < j->nfix && !need_fail; f++)
		need_fail = j->fix[f].kind == TO_FAIL;
	if (need_fail || live[len])
		emit(j, BPF_ALU | BPF_MOV | BPF_K, R0, 0, 0, 0);
	if (j->n > j->max)
		return -E2BIG;
	for (int f = 0; f < j->nfix; f++) {
		int t = j->fix[f].target > (int)len ? (int)len : j->fix[f].target;
		int to = j->fix[f].kind == TO_FAIL   ? j->fail
			 : j->fix[f].kind == TO_EXIT ? (int)j->n
						     : j->start[t];

		j->out[j->fix[f].at].off = (int16_t)(to - j->fix[f].at - 1);
	}
	return 0;
}

int filter_jit_translate(const struct cbpf_prog *prog, struct bpf_insn *out, size_t max)
{
	struct jit *j = calloc(1, sizeof(*j)); /* large: not on the stack */
	int e, n;

	if (!j)
		return -ENOMEM;
	j->out = out;
	j->max = max;
	e = translate(j, prog);
	n = (int)j->n;
	free(j);
	return e ? e : n;
}

int filter_jit_patch(struct bpf_program *p, const struct cbpf_prog *prog)
{
	size_t cnt = bpf_program__insn_cnt(p), blocks = 0;
	const struct bpf_insn *cur = bpf_program__insns(p);
	struct bpf_insn *copy, code[CBPF_JIT_SLOTS + 1];
	int n, e = 0;

	n = filter_jit_translate(prog, code, CBPF_JIT_SLOTS + 1);
	if (n < 0)
		return n;
	copy = malloc(cnt * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, cur, cnt * sizeof(*copy));
	for (size_t i = 0; i + CBPF_JIT_SLOTS < cnt; i++) {
		const struct bpf_insn *m = &copy[i];
		bool slots = true;

		if (m->code != (BPF_ALU64 | BPF_MOV | BPF_K) || m->dst_reg != R0 ||
		    m->imm != CBPF_JIT_MAGIC)
			continue;
		for (size_t s = 1; s <= CBPF_JIT_SLOTS && slots; s++)
			slots = copy[i + s].code == (BPF_JMP | BPF_JA) && copy[i + s].off == 0;
		if (!slots)
			continue;
		memcpy(&copy[i], code, (size_t)n * sizeof(*code));
		blocks++;
		i += CBPF_JIT_SLOTS;
	}
	if (blocks)
		e = bpf_program__set_insns(p, copy, cnt);
	free(copy);
	return e ? e : (int)blocks;
}
